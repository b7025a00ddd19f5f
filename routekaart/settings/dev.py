"""Local development: `make run`. Debug on, SQLite unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402, F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# Mail (e.g. a question handed to a loket) is printed in the terminal instead of sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
