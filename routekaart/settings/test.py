"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL points at one."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The page cache stays off, so each test measures a page's real queries; tests/routekaart/test_page_cache.py
# switches it on.
PAGE_CACHE_SECONDS = 0
PAGE_CACHE_VERSION_SECONDS = 0  # tests empty the cache between them: read the version every time
# Tests write records without signals and roll back: record sets are read afresh on every use
# (tests/catalog/test_recordsets.py switches reuse on).
RECORD_SETS_REUSE = False
