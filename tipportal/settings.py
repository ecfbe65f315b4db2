"""TipPortal settings: one file, driven by environment variables (and `.env` when present).

Every variable is listed with a one-line comment in `.env.example`. A malformed value stops
start-up with an `ImproperlyConfigured` error that names the variable.
"""

import ipaddress
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = env.str(name, default=None)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str | None, schemes: set[str]) -> str | None:
    raw = env.str(name, default=default)
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name} must be a URL starting with one of {allowed}; got {raw!r}")
    return raw


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The public address of the site, used in emails, feeds and share links.
SITE_URL = (env_url("SITE_URL", "http://127.0.0.1:8000", {"http", "https"}) or "").rstrip("/")
DEPARTMENT_NAME = env.str("DEPARTMENT_NAME", default="City Police Department")
# The department's non-emergency phone number, printed on case posters (left off when empty).
DEPARTMENT_NON_EMERGENCY_PHONE = env.str("DEPARTMENT_NON_EMERGENCY_PHONE", default="").strip()
if DEPARTMENT_NON_EMERGENCY_PHONE and not (
    re.fullmatch(r"[0-9+() .\-]{3,30}", DEPARTMENT_NON_EMERGENCY_PHONE)
    and sum(c.isdigit() for c in DEPARTMENT_NON_EMERGENCY_PHONE) >= 3
):
    raise ImproperlyConfigured(
        "DEPARTMENT_NON_EMERGENCY_PHONE must be a phone number (digits, spaces, + - . and brackets); "
        f"got {DEPARTMENT_NON_EMERGENCY_PHONE!r}"
    )

INSTALLED_APPS = [
    # Django's admin on a site that also requires a verified second factor (accounts/admin_site.py).
    "accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_include_bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "tipportal",
    "accounts",
    "audit",
    "media",
    "cases",
    "tips",
    "moderation",
    "community",
    "notifications",
    "stats",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before everything else that makes responses: tip and desk pages, errors included, are never
    # stored and tip pages send no referrer.
    "tips.privacy.PrivateResponseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed its second factor?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions: idle and absolute limits, "sign out everywhere", no caching of their pages.
    "accounts.middleware.StaffSessionMiddleware",
    # Staff pages answer with the second-factor page until the session has passed it.
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "tipportal.urls"
WSGI_APPLICATION = "tipportal.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

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
                "tipportal.context_processors.site",
                "community.context_processors.active_alerts",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# PostgreSQL in production and CI; SQLite when DATABASE_URL is unset (the embedded first run).
_database_url = env_url(
    "DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}", {"postgres", "postgresql", "pgsql", "sqlite"}
)
DATABASES = {"default": environ.Env.db_url_config(_database_url)}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})
if env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"]["NAME"] = env.str("TEST_DATABASE_NAME")
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and cache ---------------------------------------------------------
# The broker uses REDIS_URL's database (N) and the cache the next one (N+1), unless CACHE_URL
# names another: emptying the cache (cache.clear() is a FLUSHDB) never touches queued tasks.
_REDIS_SCHEMES = {"redis", "rediss", "unix"}
REDIS_URL = env_url("REDIS_URL", None, _REDIS_SCHEMES)


def next_redis_database(url: str) -> str:
    """`url` with its database number one higher: redis://host:6379/3 becomes .../4."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    number = query.get("db", ["0"])[0] if parts.scheme == "unix" else parts.path.strip("/") or "0"
    if not number.isdigit() or int(number) >= 15:
        raise ImproperlyConfigured(
            f"REDIS_URL must name a database from 0 to 14 (the cache takes the next) or CACHE_URL be set; got {url!r}"
        )
    if parts.scheme == "unix":
        query["db"] = [str(int(number) + 1)]
        return url.split("?", 1)[0] + "?" + urlencode(query, doseq=True)
    return urlunsplit(parts._replace(path=f"/{int(number) + 1}"))


CACHE_URL = env_url("CACHE_URL", None, _REDIS_SCHEMES)
if CACHE_URL is None and REDIS_URL:
    CACHE_URL = next_redis_database(REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            # django-redis keeps one client (and its connection pool) per process; Django's own
            # backend builds a new client for every call, which costs more than the round trip.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="tipportal"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                # Connections per process in the pool; a gunicorn worker serves one request at a time.
                "CONNECTION_POOL_KWARGS": {"max_connections": env_int("CACHE_MAX_CONNECTIONS", 50, minimum=1)},
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# "localhost": kombu warns at start-up about a broker URL without a host, even the in-memory one.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Without Redis there is no worker: tasks run inline, right after the transaction commits.
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must never hang a request when the broker is down: fail fast, the sweeps catch up.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2, "max_retries": 1}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-renditions": {"task": "cases.tasks.requeue_stale_renditions", "schedule": 300.0},
    "requeue-stale-post-renditions": {"task": "community.tasks.requeue_stale_renditions", "schedule": 300.0},
    "requeue-stalled-fanouts": {"task": "notifications.tasks.requeue_stalled_fanouts", "schedule": 60.0},
    "notify-unnotified-tips": {"task": "tips.tasks.notify_unnotified_tips", "schedule": 120.0},
    "purge-expired-tips": {"task": "tips.tasks.purge_expired_tips", "schedule": 3600.0},
    "sweep-kept-uploads": {"task": "media.tasks.sweep_kept_uploads", "schedule": 3600.0},
}
CELERY_TIMEZONE = "UTC"

# --- Email ----------------------------------------------------------------------------------
try:
    vars().update(env.email("EMAIL_URL", default="consolemail://"))
except Exception as exc:
    raise ImproperlyConfigured(f"EMAIL_URL is not a valid email URL: {exc}") from None
# Seconds before a silent mail server counts as failed (a fan-out chunk then retries later).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="TipPortal <noreply@tipportal.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Subscriptions and notification fan-out -------------------------------------------------
NOTIFY_CHANNELS = env_list("NOTIFY_CHANNELS", ["email"])
NOTIFY_CHUNK_SIZE = env_int("NOTIFY_CHUNK_SIZE", 200, minimum=1)
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 8, minimum=1)
# A fan-out or claimed chunk with no progress for this long is restarted by the beat sweep.
NOTIFY_STALL_SECONDS = env_int("NOTIFY_STALL_SECONDS", 600, minimum=120)
# Seconds a new case's fan-out waits for its lead still's renditions, so emails show a picture.
NOTIFY_IMAGE_WAIT_SECONDS = env_int("NOTIFY_IMAGE_WAIT_SECONDS", 120)
NOTIFY_CONFIRM_LINK_DAYS = env_int("NOTIFY_CONFIRM_LINK_DAYS", 3, minimum=1)
NOTIFY_MANAGE_LINK_DAYS = env_int("NOTIFY_MANAGE_LINK_DAYS", 365, minimum=1)
SUBSCRIBE_RATE_PER_HOUR = env_int("SUBSCRIBE_RATE_PER_HOUR", 10, minimum=1)
SUBSCRIBE_EMAILS_PER_ADDRESS = env_int("SUBSCRIBE_EMAILS_PER_ADDRESS", 3, minimum=1)

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
# Not ./media: that is the media app's code.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "uploads")))
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
# Uploaded originals (case stills, post images, videos as uploaded) keep their camera metadata:
# they live apart from public media, in a storage with no URL (media/storage.py). On disk: here,
# by default MEDIA_ROOT/originals, a folder no URL of the site, nor the shipped nginx, serves.
ORIGINALS_ROOT = env.str("ORIGINALS_ROOT", default="")
_media_storage: dict[str, Any]
_originals_storage: dict[str, Any]
if MEDIA_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _originals_storage = {"BACKEND": "media.storage.OriginalsFileSystemStorage"}
    if ORIGINALS_ROOT and Path(MEDIA_ROOT).resolve().is_relative_to(Path(ORIGINALS_ROOT).resolve()):
        raise ImproperlyConfigured(
            f"ORIGINALS_ROOT must be a folder of its own, not MEDIA_ROOT or above it; got {ORIGINALS_ROOT!r}"
        )
elif MEDIA_STORAGE == "s3":
    # S3-compatible object storage through django-storages; credentials come from AWS_* variables.
    _bucket = env.str("AWS_STORAGE_BUCKET_NAME")
    _s3 = {
        "bucket_name": _bucket,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
        "file_overwrite": False,
    }
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "default_acl": None,
            "querystring_auth": False,
        },
    }
    # Originals: a private bucket of their own (AWS_ORIGINALS_BUCKET_NAME), or else the prefix
    # originals/ of the media bucket, which its policy must not make public (see
    # docs/privacy-and-delivery.md). Stored private either way, and never given a URL.
    _originals_bucket = env.str("AWS_ORIGINALS_BUCKET_NAME", default="")
    _originals_storage = {
        "BACKEND": "media.s3.OriginalsS3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": _originals_bucket or _bucket,
            "location": "" if _originals_bucket else "originals",
            "default_acl": "private",
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'filesystem' or 's3'; got {MEDIA_STORAGE!r}")
STORAGES = {
    "default": _media_storage,
    "originals": _originals_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env_bool("STATIC_MANIFEST_OPTIONAL", DEBUG):
    # Development and tests run without `collectstatic`.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Let Django serve public case media from MEDIA_ROOT (small deployments; else the proxy or S3 does).
SERVE_MEDIA = env_bool("SERVE_MEDIA", MEDIA_STORAGE == "filesystem")
MAX_IMAGE_UPLOAD_MB = env_int("MAX_IMAGE_UPLOAD_MB", 25, minimum=1)
MAX_VIDEO_UPLOAD_MB = env_int("MAX_VIDEO_UPLOAD_MB", 200, minimum=1)
# Larger images are refused as possible decompression bombs (50 MP is a very large camera).
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 50_000_000, minimum=1_000_000)
RENDITION_WIDTHS = (400, 800, 1600)
FFMPEG_BINARY = env.str("FFMPEG_BINARY", default="")
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Tips ---------------------------------------------------------------------------------
# Fernet keys (comma-separated, newest first) that encrypt tip text and attachments at rest.
# Generate one with: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
TIP_ENCRYPTION_KEYS = env_list("TIP_ENCRYPTION_KEYS", [])
if not TIP_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("TIP_ENCRYPTION_KEYS must be set when DEBUG is off")
    import base64
    import hashlib

    # Development only: a key derived from SECRET_KEY, so `make run` works on a bare machine.
    TIP_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(b"tips:" + SECRET_KEY.encode()).digest()).decode()]
else:
    from cryptography.fernet import Fernet

    for _key in TIP_ENCRYPTION_KEYS:
        try:
            Fernet(_key)
        except ValueError:
            raise ImproperlyConfigured("TIP_ENCRYPTION_KEYS holds a value that is not a Fernet key") from None
# Tips on a case closed or solved this many days ago (and closed general tips) are purged.
TIP_RETENTION_DAYS = env_int("TIP_RETENTION_DAYS", 365, minimum=1)
TIP_MAX_TEXT_LENGTH = 10_000
TIP_MAX_FILES = 5
TIP_MAX_IMAGE_MB = env_int("TIP_MAX_IMAGE_MB", 20, minimum=1)
TIP_MAX_VIDEO_MB = env_int("TIP_MAX_VIDEO_MB", 100, minimum=1)
# Per-client limits (the client is counted under a keyed hash of its address, never the address).
TIP_SUBMISSIONS_PER_HOUR = env_int("TIP_SUBMISSIONS_PER_HOUR", 20, minimum=1)
TIP_CHECKS_PER_HOUR = env_int("TIP_CHECKS_PER_HOUR", 30, minimum=1)
TIP_FOLLOWUP_IDLE_SECONDS = 15 * 60

# --- Security -------------------------------------------------------------------------------
# HTTPS-only settings are on by default when DEBUG is off; each can be switched by a variable
# of the same name (for example SECURE_SSL_REDIRECT=off for a plain-HTTP local run).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed:
# behind them the client is the right-most address in that header that is not one of them
# (tipportal/addresses.py). Empty: REMOTE_ADDR is the client and the header is ignored.
TRUSTED_PROXIES = [item.strip() for item in env.list("TRUSTED_PROXIES", default=[]) if item.strip()]
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must list IP addresses or networks such as 10.0.0.0/8; got {_proxy!r}"
        ) from None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "tipportal.errors.csrf_failure"

# A strict Content-Security-Policy: no inline script or style, nothing from third parties.
# The only outside origins are the privacy-enhanced video players, framed after a click.
_media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "://" in MEDIA_URL else None
_media_sources = [SELF, *([_media_origin] if _media_origin else [])]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [*_media_sources, "data:"],
        "media-src": _media_sources,
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Browser features no page may use (the ones current Chromium knows: it logs a warning for every
# name it does not); the exceptions are what the pages use: fullscreen and picture-in-picture
# for our videos and the privacy-enhanced players (which autoplay once the visitor has pressed
# play), and copying a case's link.
_VIDEO_PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
PERMISSIONS_POLICY = {
    **{
        feature: []
        for feature in (
            "accelerometer", "browsing-topics", "camera", "captured-surface-control", "clipboard-read",
            "compute-pressure", "digital-credentials-create", "digital-credentials-get", "display-capture",
            "encrypted-media", "gamepad", "geolocation", "gyroscope", "hid", "identity-credentials-get",
            "idle-detection", "interest-cohort", "keyboard-map", "local-fonts", "local-network-access",
            "magnetometer", "microphone", "midi", "otp-credentials", "payment", "private-state-token-issuance",
            "private-state-token-redemption", "publickey-credentials-create", "publickey-credentials-get",
            "screen-wake-lock", "serial", "speaker-selection", "storage-access", "sync-xhr", "usb",
            "window-management", "xr-spatial-tracking",
        )
    },
    "autoplay": _VIDEO_PLAYERS,
    "fullscreen": ["self", *_VIDEO_PLAYERS],
    "picture-in-picture": ["self", *_VIDEO_PLAYERS],
    "clipboard-write": ["self"],
}  # fmt: skip

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------------------------
# English and Spanish; a visitor's language comes from the switcher's cookie, else from the
# browser's Accept-Language (LocaleMiddleware). docs/translation.md has the workflow.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and number formats per language (US conventions for both: 12-hour clock, 1,500.00).
FORMAT_MODULE_PATH = ["tipportal.formats"]
# The switcher's cookie holds only the language chosen ("es"), and is set only when the visitor
# presses the switcher: never by a tip page (see docs/translation.md on anonymity).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Anonymous visitors' pages are cached this many seconds (and dropped on every case change).
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 60)
# ...and kept in each web process's memory this many seconds between checks for changes (0: off).
PUBLIC_PAGE_LOCAL_SECONDS = env_int("PUBLIC_PAGE_LOCAL_SECONDS", 1)
CASES_PER_PAGE = 12

# --- Comments and moderation ----------------------------------------------------------------
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 20, minimum=1)
# A citizen may post this many comments a minute (floods are refused with HTTP 429).
COMMENT_RATE_PER_MINUTE = env_int("COMMENT_RATE_PER_MINUTE", 5, minimum=1)
# Reports from this many different readers hide a comment until a moderator looks.
COMMENT_REPORTS_TO_HIDE = env_int("COMMENT_REPORTS_TO_HIDE", 3, minimum=1)
# A moderator's claim on a queue item lapses after this many minutes.
COMMENT_CLAIM_MINUTES = env_int("COMMENT_CLAIM_MINUTES", 15, minimum=1)
# Sign-up verification links work for this long (also password reset links).
PASSWORD_RESET_TIMEOUT = env_int("ACCOUNT_LINK_HOURS", 72, minimum=1) * 3600
# Sign-up forms sent per client per hour, and verification (or reset) emails per address per day.
SIGNUP_RATE_PER_HOUR = env_int("SIGNUP_RATE_PER_HOUR", 10, minimum=1)
SIGNUP_EMAILS_PER_ADDRESS = env_int("SIGNUP_EMAILS_PER_ADDRESS", 3, minimum=1)
# Failed sign-ins allowed per username and per client before sign-in is refused for a while.
LOGIN_FAILURES_PER_USERNAME = env_int("LOGIN_FAILURES_PER_USERNAME", 5, minimum=1)
LOGIN_FAILURES_PER_CLIENT = env_int("LOGIN_FAILURES_PER_CLIENT", 20, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)

# --- Staff accounts -------------------------------------------------------------------------
# Anyone with is_staff, is_superuser or any permission (the Officers, Analysts and Moderators
# groups) signs in with a second factor, and their session ends after this many idle minutes,
# after this many hours in all, and when the browser closes. Citizens' sessions are unaffected.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30, minimum=1)
STAFF_SESSION_MAX_HOURS = env_int("STAFF_SESSION_MAX_HOURS", 12, minimum=1)
# Wrong second-factor codes per account before codes are refused for LOGIN_LOCKOUT_MINUTES.
SECOND_FACTOR_FAILURES_PER_USER = env_int("SECOND_FACTOR_FAILURES_PER_USER", 5, minimum=1)
# The issuer an authenticator app shows beside the account.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default=f"{DEPARTMENT_NAME} TipPortal")
# Names no display name may look like, besides the police titles and DEPARTMENT_NAME: the
# department's short names, comma-separated (for example "CPD,City PD").
DISPLAY_NAME_RESERVED = env_list("DISPLAY_NAME_RESERVED", [])

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# Request logs and error reports for tipsters' pages carry no request line, body or headers.
_TIP_LOG_FILTER = ["tip_requests"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tip_requests": {"()": "tips.logfilters.TipRequestFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": _TIP_LOG_FILTER}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False, "filters": _TIP_LOG_FILTER},
        "django.request": {"filters": _TIP_LOG_FILTER},
        "django.security.csrf": {"filters": _TIP_LOG_FILTER},
        # Pillow's debug logs print every EXIF tag it reads: camera, GPS, owner names.
        "PIL": {"level": "INFO"},
        # WeasyPrint logs each step of every poster it lays out.
        "weasyprint.progress": {"level": "WARNING"},
        # Tasks run inline without Redis: a "succeeded" line per task would bury the server's own
        # output (loading the demo data alone runs dozens). Failures are still logged.
        **({"celery.app.trace": {"level": "WARNING"}} if CELERY_TASK_ALWAYS_EAGER else {}),
    },
}
DEFAULT_EXCEPTION_REPORTER_FILTER = "tips.logfilters.TipExceptionReporterFilter"
