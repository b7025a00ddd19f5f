"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY, or DEBUG=1 for local development.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    "catalog",
    "ecosystems",
    "routekaart",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "routekaart.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "routekaart.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "routekaart.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# The benchmark (bench/run) only: a bare view at /bench/baseline/, a header counting each request's queries.
BENCH_BASELINE = env_bool("BENCH_BASELINE", False)
if BENCH_BASELINE:
    MIDDLEWARE.insert(0, "routekaart.bench.QueryCountMiddleware")

ROOT_URLCONF = "routekaart.urls"
CSRF_FAILURE_VIEW = "routekaart.views.csrf_failure"
WSGI_APPLICATION = "routekaart.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Page queries are short; JIT compiling them cost more than it saved (the route at 20,000 instruments:
    # 5.4 s with JIT, 2.4 s without; docs/performance.md). A search's candidates are the first matches of a
    # scan that stops at a limit: with synchronized scans each scan starts where the last one was, so the same
    # query found other candidates (and took 4-12 ms) from one request to the next.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c synchronize_seqscans=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address before checking
    "django.contrib.auth.backends.ModelBackend",
]

# The admin login (/beheer/login/) is throttled per account and per address (django-axes): after
# LOGIN_FAILURE_LIMIT wrong passwords the account, and separately the address, is locked for
# LOGIN_LOCKOUT_MINUTES (routekaart.views.login_locked_out says so in Dutch). A good login resets the count.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per account, per address
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # keep failures only; no log of every successful staff login
AXES_CLIENT_IP_CALLABLE = "common.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "routekaart.views.login_locked_out"
AXES_VERBOSE = False
# Failed logins (a username and an address) are deleted after this many days by `manage.py purge_handoffs`.
LOGIN_RECORD_RETENTION_DAYS = int(os.environ.get("LOGIN_RECORD_RETENTION_DAYS", "30"))

# Content Security Policy (django-csp): no inline script or style. Public pages have none at all (so a cached
# page needs no nonce); the admin's few inline blocks carry `request.csp_nonce`, which django-csp adds to the
# header only on the responses that used it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Browser features the portal never uses (routekaart.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"

# Anonymous public pages (common.pagecache): kept this long in the cache, shared caches and browsers may keep
# them `max-age`; a changed record invalidates the cache at once, shared caches within max-age.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PUBLIC_PAGE_MAX_AGE = int(os.environ.get("PUBLIC_PAGE_MAX_AGE", "300"))
# How often a process reads the catalogue version from the shared cache (a change shows in other processes
# within this time); pages are also kept in the process (`pages`), so a repeated page reads no database.
PAGE_CACHE_VERSION_SECONDS = float(os.environ.get("PAGE_CACHE_VERSION_SECONDS", "1"))
# Pages each process keeps itself: the working set of a busy day (the load test's mix asks about 3,500 paths;
# with 1,000 the process dropped pages all the time and fell back to the shared cache: 595 instead of 1,842
# requests/s). A page is 5-95 KB, so this is at most some 100 MB per process.
PAGE_CACHE_LOCAL_ENTRIES = int(os.environ.get("PAGE_CACHE_LOCAL_ENTRIES", "5000"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_LOCAL_ENTRIES},
    },
}
# Sets of records kept per process for the current catalogue version (catalog.recordsets).
RECORD_SETS_REUSE = True

# Admin imports (catalog.curation.import_limits), checked before parsing: the file, an XLSX unpacked, its rows
# and cells. An upload waiting for confirmation is kept this many minutes in IMPORT_UPLOAD_DIR.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
IMPORT_MAX_XLSX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_XLSX_UNPACKED_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "5000"))
IMPORT_MAX_CELLS = int(os.environ.get("IMPORT_MAX_CELLS", "200000"))
IMPORT_UPLOAD_DIR = os.environ.get("IMPORT_UPLOAD_DIR", "")  # default: routekaart-imports in the temp folder
IMPORT_UPLOAD_MAX_AGE_MINUTES = int(os.environ.get("IMPORT_UPLOAD_MAX_AGE_MINUTES", "60"))

# Sessions are only for staff in /beheer/ (the public site sets none): a working day, not Django's two weeks.
SESSION_COOKIE_AGE = int(os.environ.get("STAFF_SESSION_HOURS", "8")) * 60 * 60

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The province this portal serves: the slug of its Region. Its loketten, its regions and municipalities (the
# places a firm can pick in the quickscan) and the coverage map are all read from the region graph below it.
PORTAL_PROVINCE = os.environ.get("PORTAL_PROVINCE", "overijssel")

# Behind a proxy REMOTE_ADDR is the proxy: name the header with the visitor's address (e.g. HTTP_X_REAL_IP).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "REMOTE_ADDR")

# Mail (the hand-off's notification and confirmation) gives up after this many seconds instead of holding the
# request; a question whose notification failed is stored and `manage.py notify_handoffs` sends it later.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# The site's own address, for links in mail sent outside a request (notify_handoffs), e.g. https://routekaart.nl
SITE_URL = os.environ.get("SITE_URL", "")

# A question handed to a loket (routekaart.models.HandoffRequest) is deleted this many days after it came in
# (`manage.py purge_handoffs`, daily; see docs/handoff.md and the privacy page).
HANDOFF_RETENTION_DAYS = int(os.environ.get("HANDOFF_RETENTION_DAYS", "180"))
# The loket's response time: first contact within this many working days (Monday to Friday) after the day the
# question came in; later it is overdue and `manage.py remind_handoffs` reminds the assigned editor (or the
# loket's editors), and this many working days later again all the loket's editors (routekaart/cases.py).
HANDOFF_FIRST_CONTACT_WORKING_DAYS = int(os.environ.get("HANDOFF_FIRST_CONTACT_WORKING_DAYS", "3"))
HANDOFF_ESCALATION_WORKING_DAYS = int(os.environ.get("HANDOFF_ESCALATION_WORKING_DAYS", "2"))

# The dekkingskaart (/dekking/) marks a cell as possible fragmentation (versnippering) when more than this
# many offers (instruments + loketten + collaborations) serve the same need there. 20 is one page of a public
# list (catalog.views.PAGE_SIZE): more than a firm can compare for a single need. See docs/coverage.md.
COVERAGE_FRAGMENTATION_THRESHOLD = int(os.environ.get("COVERAGE_FRAGMENTATION_THRESHOLD", "20"))
# Demand (/dekking/vraag/, ecosystems.demand): a number below this is shown as "< 5", and a search that
# found nothing is kept only once this many different visitors searched it; their daily hashes go after
# SEARCH_MISS_PENDING_DAYS.
DEMAND_MIN_COUNT = 5
DEMAND_MONTHS = 12  # the page counts the last twelve months, up to yesterday
SEARCH_MISS_PENDING_DAYS = 7
SEARCH_MISSES_PER_VISITOR = 30  # texts a day one visitor's searches without result can add to the count

# A record is "verouderd" (stale) when nobody checked it for this many months (catalog/freshness.py).
REVIEW_AFTER_MONTHS = int(os.environ.get("REVIEW_AFTER_MONTHS", "12"))

# `check_links` refuses addresses in loopback, private and link-local networks unless this is on (tests only).
LINKCHECK_ALLOW_PRIVATE_ADDRESSES = env_bool("LINKCHECK_ALLOW_PRIVATE_ADDRESSES", False)

# The starting content of the portal: reviewed YAML built from the seed documents.
PORTAL_DATA_DIR = BASE_DIR / "fixtures"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The token of a private link (/mijn-vraag/<token>/) never reaches the log.
    "filters": {"private_links": {"()": "routekaart.logfilters.RedactPrivateLinks"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["private_links"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
