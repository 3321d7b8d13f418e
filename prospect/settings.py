"""Prospect's settings: one file, driven by environment variables.

Development needs none of them (SQLite, local-memory cache, console email). Production sets
``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` at least; with ``DJANGO_DEBUG`` off the process
refuses to start without them. The README lists every variable.
"""

import datetime
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string

from prospect.objectstorage import storage_from_env
from prospect.observability import init_error_reporting, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# pytest-django runs the suite with DEBUG off, as production does, but it is not production.
TESTING = "pytest" in sys.modules
# Offline commands never serve a request or sign anything, so they may run without the
# production secrets (with a throwaway key): checking migrations or collecting static files in a
# build step needs no secret.
OFFLINE_COMMANDS = {
    "makemigrations", "collectstatic", "compilemessages", "showmigrations", "sqlmigrate",
    "help", "version", "--help", "--version",
}  # fmt: skip
OFFLINE = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] in ([c] for c in OFFLINE_COMMANDS)

SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not SECRET_KEY:
    if OFFLINE:
        SECRET_KEY = secrets.token_urlsafe(50)
    elif not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production)."
        )
    else:
        SECRET_KEY = "insecure-development-key-never-used-in-production"
if not ALLOWED_HOSTS:
    if not (DEBUG or TESTING or OFFLINE):
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off (production)."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "corsheaders",
    "prospect.images",
    "prospect.ops",
    "prospect.api",
    "authors",
    "articles",
]
# The article body editor's own extensions, declared beside its configuration in
# articles/admin/body_editor.py; looked up lazily because settings load before the apps.
DJANGO_PROSE_EDITOR_EXTENSIONS = SimpleLazyObject(
    lambda: import_string("articles.admin.body_editor.PROSE_EDITOR_EXTENSIONS")
)

MIDDLEWARE = [
    # First: load balancers' probes skip host checks and HTTPS redirects (prospect/health.py).
    "prospect.health.HealthCheckMiddleware",
    "prospect.observability.RequestIdMiddleware",
    # First: a database outage becomes a plain 503 for whatever needed the database.
    "prospect.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer, so CORS headers reach every API response, 429s included.
    "corsheaders.middleware.CorsMiddleware",
    "prospect.api.limits.RateLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Old-site addresses of commentaries answer 301 instead of 404.
    "articles.middleware.LegacyAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "prospect.twofactor.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "prospect.security.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: it answers locked-out login attempts.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account from
# one address, that pair is locked out for AXES_COOLOFF_TIME. Behind reverse proxies, set
# TRUSTED_PROXY_COUNT (and CLIENT_IP_HEADER if not X-Forwarded-For) so the client's address is
# used, not the proxy's (prospect/clientip.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# Where signing in leads when ?next= is missing or refused as unsafe: the desk, not a 404.
LOGIN_REDIRECT_URL = "admin:index"
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", "X-Forwarded-For")
AXES_CLIENT_IP_CALLABLE = "prospect.clientip.client_ip"

# Two-factor sign-in (prospect/twofactor.py): every staff account needs a confirmed second factor
# before any admin page, except in development.
STAFF_OTP_REQUIRED = env_bool("STAFF_OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Prospect")

ROOT_URLCONF = "prospect.urls"
WSGI_APPLICATION = "prospect.wsgi.application"

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
                "prospect.context_processors.publisher",
            ],
        },
    },
]

# SQLite by default; DATABASE_URL (postgres://…) switches to PostgreSQL with no other change.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "prospect"),
        }
    }
else:
    # Room for every page, fragment and version of a development site: LocMem drops a third of
    # its entries at random when full, versions included (prospect/fragments.py).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hant", "繁體中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["prospect.formats"]
TIME_ZONE = env("DJANGO_TIME_ZONE", "Asia/Taipei")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Object storage (any S3-compatible service: AWS S3, MinIO, Cloudflare R2, …) when a bucket is
# named; local files under MEDIA_ROOT otherwise, of which the application serves only public
# renditions (prospect/images/serving.py). On object storage, renditions are fetched from the
# bucket (or STORAGE_PUBLIC_DOMAIN, a CDN in front of it); see docs/deploy.md for its policy.
try:
    OBJECT_STORAGE = storage_from_env(os.environ)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None
if OBJECT_STORAGE:
    STORAGES["default"] = OBJECT_STORAGE

# Public pages: rendered once per change of content (prospect/caching.py). Browsers and CDNs
# revalidate with the ETag after PUBLIC_MAX_AGE seconds (0: every time, so changes show at once).
# In development templates change under a running server, so nothing is kept there.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "0" if DEBUG else "600"))
PUBLIC_MAX_AGE = int(env("PUBLIC_MAX_AGE", "0"))
# How often the article form keeps unsaved input in the person's buffer (articles/admin/
# autosave.py); 0: never while typing.
AUTOSAVE_SECONDS = int(env("AUTOSAVE_SECONDS", "5"))
# Pieces of pages kept by the versions of what they show (prospect/fragments.py), so a page
# the stamp made stale re-renders only what changed. Off in development, like the page cache,
# and off without Redis: local memory is each process's own, and a version bumped by the process
# that saved would never reach the others (their pieces live a day, not PAGE_CACHE_SECONDS).
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", not DEBUG and bool(env("REDIS_URL")))

# The read API (prospect/api/): per-client limits, counted in the cache (Redis shares them
# between processes). Partners' keys carry their own limit. Behind N proxies, set
# API_PROXY_COUNT=N so the client's address is read from X-Forwarded-For.
API_ANONYMOUS_REQUESTS_PER_MINUTE = int(env("API_RATE_PER_MINUTE", "60"))
API_PROXY_COUNT = int(env("API_PROXY_COUNT", "0"))
# Any site may read the API from a browser (GET only, no cookies).
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "x-api-key"]
CORS_EXPOSE_HEADERS = [
    "ETag", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
]  # fmt: skip
CORS_PREFLIGHT_MAX_AGE = 86400

# Uploaded pictures are refused before decoding past these limits (prospect/images/uploads.py).
IMAGE_MAX_UPLOAD_BYTES = int(env("IMAGE_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
IMAGE_MAX_PIXELS = int(env("IMAGE_MAX_PIXELS", str(40_000_000)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background tasks (prospect/tasks.py): PostgreSQL rows run by `manage.py db_worker` in
# production; inline at enqueue time in development and tests (`make run` stays one command).
TASK_BACKEND = env("TASK_BACKEND", "immediate" if DEBUG or TESTING else "database")
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured("TASK_BACKEND must be 'database' or 'immediate'.")
TASKS = {
    "default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND], "QUEUES": ["default", "mail"]},
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# A hung SMTP server must not hold a worker forever; the task is retried instead.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Prospect <noreply@localhost>")
# The site's public address, for links in emails (requests are not at hand when mail is sent).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The publisher named in every page's footer, as the series prints it.
PUBLISHER = {
    "name": env("PUBLISHER_NAME", "Prospect Foundation"),
    "description": env(
        "PUBLISHER_DESCRIPTION",
        "Prospect Foundation is an independent research institution dedicated to the study of "
        "cross-Strait relations and international issues. The Foundation maintains active "
        "exchanges and communications with many think tanks of the world.",
    ),
    "address": env(
        "PUBLISHER_ADDRESS",
        "No.1, Lane 60, Sec. 3, Tingzhou Rd., Zhongzheng District\n"
        "Taipei City, 10087, Republic of China (Taiwan)",
    ),
    "telephone": env("PUBLISHER_TELEPHONE", "886-2-23654366"),
    "fax": env("PUBLISHER_FAX", "886-2-23679193"),
    "website": env("PUBLISHER_WEBSITE", "http://www.pf.org.tw"),
    # The city citations name as the place of publication (RIS CY, CSL publisher-place).
    "place": env("PUBLISHER_PLACE", "Taipei"),
}

TAGGIT_CASE_INSENSITIVE = True

# Build the PDF edition (articles/pdf.py) in the background whenever readers start to see new
# content, instead of on the first reader's request.
PDF_EDITION_ON_PUBLISH = env_bool("PDF_EDITION_ON_PUBLISH", True)

# Public pages load nothing but this site's stylesheet and pictures (prospect/security.py widens
# the policy for the admin by exactly what it needs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not TESTING)
    SESSION_COOKIE_SECURE = not TESTING
    CSRF_COOKIE_SECURE = not TESTING
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "0" if TESTING else "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = not TESTING
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not TESTING)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs carry the request id; LOG_FORMAT=json writes one JSON object per line (with one access
# line per request). SENTRY_DSN turns on error reporting (prospect/observability.py).
LOGGING = logging_config(env("LOG_FORMAT", "text"), env("DJANGO_LOG_LEVEL", "INFO"))
init_error_reporting(
    env("SENTRY_DSN"),
    environment=env("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
    traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
)

if TESTING:
    # Hashing passwords properly takes a third of a second each; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
