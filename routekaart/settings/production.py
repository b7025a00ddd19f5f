"""Production: behind a TLS-terminating proxy. Needs SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container's and load balancer's health check speak plain HTTP
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# One cache for all gunicorn workers, so that rate limits hold across them (`manage.py createcachetable`).
CACHES = {
    **CACHES,  # noqa: F405 (`pages`: each process's own copies of public pages, common.pagecache)
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "routekaart_cache",
        # public pages and the record sets of the current catalogue version (catalog.recordsets): more than
        # Django's default of 300 entries, which would drop a third of them now and then
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# Mail through an SMTP server (notifications to a loket of a question handed to it).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
