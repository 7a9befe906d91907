"""Settings for the Zentralasien directory, driven by environment variables only.

Development needs nothing: without ``DATABASE_URL`` the site uses ``db.sqlite3`` in the project
folder, and with ``DEBUG`` on a development secret key is used. Production sets at least
``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL`` and leaves ``DEBUG`` off.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.operations.operator import from_environment as operator_details

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

# Without SECRET_KEY in production the site refuses to serve (zentralasien/serving.py, used by
# wsgi.py and asgi.py; ``check --deploy`` fails too), while commands that never sign anything
# (``makemigrations --check``, ``migrate``) still run. Anything that signs raises at once.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's public origin, e.g. https://zentralasien.example. When set, a Host header with any
# other port is refused (400), so absolute URLs (API, exports, sitemap, feed, JSON-LD) never carry
# a port a client made up. Unset (development, tests): every port is answered.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, which it extends
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "reversion",
    "csp",
    "axes",
    "directory",
]

# Order matters: the request log sees every answer, including the 400s of bad input; the health
# check answers before host validation and sessions; axes wants to be last.
MIDDLEWARE = [
    "zentralasien.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zentralasien.middleware.SitePolicyCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zentralasien.middleware.RejectMalformedRequestMiddleware",
    "zentralasien.middleware.HealthCheckMiddleware",
    "zentralasien.middleware.SitePortMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "directory.middleware.RememberLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "directory.listing.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zentralasien.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zentralasien.urls"
WSGI_APPLICATION = "zentralasien.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "directory.context_processors.open_data",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when the database is unreachable or a query hangs: the site then answers 503
    # (zentralasien.middleware) instead of tying up workers until gunicorn kills them.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )
    statement_timeout = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "15"))
    # JIT off: it compiles a query whose cost estimate is high, and the directory's queries are
    # short. Measured at 100,000 organisations: the list index query took 3.9 s with JIT
    # (3.2 s of it compiling), 0.6 s without. No parallel workers: each gunicorn worker's request
    # is one query at a time on a small machine, and starting workers cost more than they saved
    # (search at 100,000 organisations: median 29 → 19 ms; the list index build 1.1 → 0.9 s).
    DATABASES["default"]["OPTIONS"].setdefault(
        "options",
        f"-c statement_timeout={statement_timeout}s -c jit=off"
        " -c max_parallel_workers_per_gather=0",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache is an optimisation only (pages, list indexes): with Redis down or hung the site works
# without it (zentralasien.cache). Every Redis call gives up after CACHE_TIMEOUT_SECONDS; after a
# failure a worker leaves Redis alone for CACHE_RETRY_SECONDS. Rate limits and login lockouts are
# kept in the database, where eviction cannot reach them.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.25"))
CACHE_RETRY_SECONDS = float(os.environ.get("CACHE_RETRY_SECONDS", "30"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "zentralasien.cache.ReusingRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous visitors, invalidated on every data change
# (directory.listing.pagecache).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# The data version of cached pages in the shared cache (no SQL per cached page): only with a
# cache that every worker and instance shares, i.e. Redis.
PAGE_CACHE_VERSION_IN_CACHE = bool(REDIS_URL)
# Built list indexes (directory.listing.facetindex) shared through Redis: one worker builds, all
# load.
LIST_INDEX_IN_CACHE = bool(REDIS_URL)
# Searches of lists this long are answered from words held in memory (directory.search.memory,
# PostgreSQL), which one thread per process reads (about 4 s and 80 MB at 100,000 entries).
SEARCH_MEMORY_MIN_ENTRIES = int(os.environ.get("SEARCH_MEMORY_MIN_ENTRIES", "5000"))

# AxesStandaloneBackend first: it refuses logins while an account or address is locked out.
# Tests log in with force_login(); client.login() would need a request argument for axes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German is the default language; every public address carries its language (/de/, /en/, /ru/).
# A first visit follows the browser's Accept-Language; a language the visitor switches to is kept
# in the language cookie (directory.middleware.RememberLanguageMiddleware).
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# British English dates on English pages ("29 November 2026"), like its spelling.
FORMAT_MODULE_PATH = ["zentralasien.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
# Translated model fields (directory/translation.py): German is required, the rest fall back to it.
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)


#: Language names in those labels: lower case in Russian («Описание (немецкий)»).
_FIELD_LANGUAGES = {
    "de": pgettext_lazy("language of a field", "German"),
    "en": pgettext_lazy("language of a field", "English"),
    "ru": pgettext_lazy("language of a field", "Russian"),
}


def _field_in_language(verbose_name, language: str) -> str:
    """Labels of the per-language columns in the curator's language: "Beschreibung (Deutsch)",
    not modeltranslation's "Beschreibung [de]" (evaluated lazily, in the active language)."""
    return f"{verbose_name} ({_FIELD_LANGUAGES[language]})"


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _field_in_language
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# Security: safe defaults that production keeps; development over plain HTTP relaxes only the
# settings that would break it.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 60 * 60)))
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preload on by default: includeSubDomains is already on, and the directive only consents to a
# submission to the browsers' preload list, which the owner of the domain makes (or not).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): everything from this site, nothing inline, nothing from
# other hosts, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
        **({} if DEBUG else {"upgrade-insecure-requests": True}),
    }
}

# Login brute-force protection (django-axes): after AXES_FAILURE_LIMIT failed logins, the account
# and, separately, the client address are locked for the cool-off time. Failed attempts (with the
# address) are deleted once the cool-off has passed; successful logins are not recorded.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
# One notion of the client address for the whole site (CLIENT_IP_FROM_X_FORWARDED_FOR below).
AXES_CLIENT_IP_CALLABLE = "directory.operations.ratelimit.client_ip"

# The licence under which the directory's data is published.
DATA_LICENCE = {
    "name": os.environ.get("DATA_LICENCE_NAME", "CC BY 4.0"),
    "url": os.environ.get("DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}

# Logs: one JSON object per line on stdout (zentralasien.logs), for the process manager to collect.
# Requests are logged without query string, client address or user agent.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "zentralasien.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
        # Bad Host headers, too many fields, CSRF failures: WARNING, no traceback, rate-limited.
        "security": {
            "class": "zentralasien.logs.SecurityEventHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The request log (zentralasien.requests) already has one line per request.
        "django.request": {"level": "ERROR"},
        # axes would log client addresses with every failure; lockouts show as 429s above.
        "axes": {"level": "ERROR"},
        "django.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}

# Suggestions from the public: at most SUGGESTION_RATE_LIMIT per client address within
# SUGGESTION_RATE_WINDOW seconds. Only a keyed hash of the address is kept, in the database
# (directory.operations.ratelimit), for that window. The address is REMOTE_ADDR unless
# CLIENT_IP_FROM_X_FORWARDED_FOR is on (only behind a proxy that sets X-Forwarded-For; the
# proxy's own entry, the last one, is then used).
# Imprint and privacy policy (directory/operations/operator.py): OPERATOR_NAME, OPERATOR_ADDRESS
# (lines separated by ';'), OPERATOR_EMAIL, OPERATOR_RESPONSIBLE_PERSON,
# OPERATOR_SUPERVISORY_AUTHORITY are required (check --deploy fails without them); the others are
# shown when set.
OPERATOR = operator_details(os.environ)

SUGGESTION_RATE_LIMIT = int(os.environ.get("SUGGESTION_RATE_LIMIT", "5"))
SUGGESTION_RATE_WINDOW = int(os.environ.get("SUGGESTION_RATE_WINDOW", "3600"))
# Answers to partner requests (directory/matchmaking/requests.py): at most RELAY_RATE_LIMIT per
# client address and RELAY_PER_REQUEST_LIMIT per request within RELAY_RATE_WINDOW seconds.
RELAY_RATE_LIMIT = int(os.environ.get("RELAY_RATE_LIMIT", "5"))
RELAY_PER_REQUEST_LIMIT = int(os.environ.get("RELAY_PER_REQUEST_LIMIT", "20"))
RELAY_RATE_WINDOW = int(os.environ.get("RELAY_RATE_WINDOW", "3600"))

# E-mail (the relay of answers to partner requests). Development prints mails on the console;
# production sends them through the SMTP server named in EMAIL_HOST (EMAIL_BACKEND overrides).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CLIENT_IP_FROM_X_FORWARDED_FOR = env_bool("CLIENT_IP_FROM_X_FORWARDED_FOR", default=False)

# Named in the user agent of the link checker (manage.py check_links): a page that says who
# checks links and how to reach the curators. Defaults to the About page on the first
# ALLOWED_HOSTS name.
LINK_CHECK_CONTACT_URL = os.environ.get("LINK_CHECK_CONTACT_URL", "")
