"""One settings module, driven by environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


DEBUG = envbool("DEBUG", "0")
TESTING = envbool("GIAINGAN_TESTING", "0")
DATA_DIR = Path(os.environ.get("GIAINGAN_DATA_DIR", PROJECT_DIR / "data"))

# Served over HTTPS, or declared not local: a production deployment, which must bring its own
# secret key (the check in __main__ prints this message without a traceback).
SECURE_COOKIES = envbool("SECURE_COOKIES", "0")
PRODUCTION = not (DEBUG or TESTING) and (SECURE_COOKIES or not envbool("GIAINGAN_LOCAL", "1"))
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "Thiếu biến môi trường SECRET_KEY: khi chạy thật (DEBUG=0 và SECURE_COOKIES=1 "
            "hoặc GIAINGAN_LOCAL=0) phải đặt SECRET_KEY là một chuỗi ngẫu nhiên dài, giữ bí mật."
        )
    # A local checkout keeps its own random key in the data folder, never in git.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        from django.utils.crypto import get_random_string

        key_file.write_text(get_random_string(64))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "giaingan.web.apps.LoginThrottleConfig",  # django-axes
    "giaingan.audit",
    "giaingan.org",
    "giaingan.capital",
    "giaingan.imports",
    "giaingan.figures",
    "giaingan.demo",
    "giaingan.web",
    "giaingan.public",
    "giaingan.opendata",
    "giaingan.emulation",
    "giaingan.rulebook",
    "giaingan.notifications",
    "giaingan.ops",
    "giaingan.monitoring",
    "giaingan.reallocation",
    "giaingan.contracts",
    "giaingan.api",
    "giaingan.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # With Vietnamese the only language: answers `Content-Language: vi`, whatever is asked.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A 405 with an empty body (a POST-only address opened in the browser) gets a page.
    "giaingan.web.access.MethodNotAllowedPage",
    # Refuses control characters in every posted form, before any view.
    "giaingan.web.controls.ControlCharactersMiddleware",
    # A paper that cannot be made (no signer's name) answers a Vietnamese page, not a 500.
    "giaingan.web.papers.PaperRefusedPage",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "giaingan.urls"
WSGI_APPLICATION = "giaingan.wsgi.application"

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
                "giaingan.notifications.context.unread",
                "giaingan.org.context.area",
            ],
        },
    },
]


def database_from_env(url: str | None = None) -> dict:
    """The database at `url` (by default DATABASE_URL; none: the SQLite file)."""
    url = os.environ.get("DATABASE_URL", "") if url is None else url
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'giaingan.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=envint("CONN_MAX_AGE", "0"))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # Writers queue for the lock instead of failing; WAL lets readers go on.
            "timeout": envint("SQLITE_TIMEOUT", "20"),
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
            ),
        }
    return config


DATABASES = {"default": database_from_env()}
# A read replica (a PostgreSQL streaming standby of DATABASE_URL): the reports read from it
# (giaingan.ops.replica); writes, forms and everything else use the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **database_from_env(DATABASE_REPLICA_URL),
        # Tests run against one database: the replica alias is the same one.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["giaingan.ops.replica.ReplicaRouter"]

# The figures cache (giaingan.figures.cache): per-process memory, keyed by the ledger's
# generation read from the database, so every worker sees a write at its next read.
FIGURES_CACHE_SECONDS = envint("FIGURES_CACHE_SECONDS", "600")  # 0 turns it off
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {
        # Local memory that keeps immutable values unpickled (giaingan.figures.store).
        "BACKEND": "giaingan.figures.store.FrozenMemoryCache",
        "LOCATION": "figures",
        # A province's table by project is a few hundred kB: bound the memory per worker.
        "OPTIONS": {"MAX_ENTRIES": envint("FIGURES_CACHE_ENTRIES", "200")},
    },
    # Shared by the workers: the figures that took long to compute (a province's tables),
    # so one worker's cold computation serves the others (giaingan.figures.cache).
    "figures_shared": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("FIGURES_SHARED_DIR") or str(DATA_DIR / "figures-cache"),
        "OPTIONS": {"MAX_ENTRIES": envint("FIGURES_SHARED_ENTRIES", "1000")},
    },
}
# A figure that took at least this much CPU to compute is shared (ms); "off": none is.
FIGURES_SHARED_MIN_MS = os.environ.get("FIGURES_SHARED_MIN_MS", "20")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "vi"
# Vietnamese only, whatever the browser asks for: with no English translation of ours, an
# English-first browser would read Django's own strings in English beside our Vietnamese.
LANGUAGES = [("vi", _("Tiếng Việt"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["giaingan.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve app static files straight from the packages too, so a checkout needs no collectstatic.
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").exists() else []
MEDIA_ROOT = DATA_DIR / "media"


# --- Security: headers, HTTPS, Content Security Policy (one block; see README) ---
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# SECURE_COOKIES=1 (behind HTTPS): secure cookies, HTTPS redirect and HSTS.
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = SECURE_COOKIES
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", "31536000") if SECURE_COOKIES else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_COOKIES
# Preloading commits the whole registered domain (e.g. the province's gov.vn domain) to
# HTTPS in every browser: a decision for whoever runs that domain, not for this app.
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", "0")
if SECURE_COOKIES and not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
if envbool("BEHIND_PROXY", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# django-csp: only this site's own files; no inline script or style anywhere (styles and
# scripts live in static/giaingan/, data for scripts travels in json_script blocks).
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# --- end of the security block ---

LOGIN_URL = "/dang-nhap/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/dang-nhap/"
SESSION_COOKIE_AGE = 8 * 3600  # one working day
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): five failures for one username from one address lock
# that pair out for 15 minutes.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_error": {"()": "giaingan.lib.logs.TracebackOnlyForServerErrors"}},
    # A bad Host header or a refused page: one line, not a traceback (500s keep theirs).
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_error"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# E-mail for notifications: sent only when SMTP is configured; the in-app inbox always works.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "giaingan@localhost")
# The address links in e-mails point to.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Limits on what a user's file may cost to read, checked before it is read (env-overridable).
MB = 1024 * 1024
IMPORT_MAX_FILE_BYTES = envint("IMPORT_MAX_FILE_MB", "50") * MB
IMPORT_MAX_UNCOMPRESSED_BYTES = envint("IMPORT_MAX_UNCOMPRESSED_MB", "500") * MB
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "1000000")
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", "200")
# PostgreSQL: a bulk write of at least this many rows (an import's chunk) checks its foreign
# keys once per key instead of by a trigger per row at COMMIT (lib/rows.py); 0: never.
BULK_FK_CHECK_ROWS = envint("BULK_FK_CHECK_ROWS", "1000")
# Files at least this large are previewed and imported by the background worker.
IMPORT_BACKGROUND_BYTES = envint("IMPORT_BACKGROUND_KB", "512") * 1024
# Evidence files and dossier papers (emulation): a .docx or .xlsx is a zip too.
UPLOAD_MAX_UNCOMPRESSED_BYTES = envint("UPLOAD_MAX_UNCOMPRESSED_MB", "100") * MB
# A running import whose progress has not moved for this long lost its worker: it failed.
IMPORT_STALE_SECONDS = envint("IMPORT_STALE_SECONDS", "300")
# A job still queued after this long means no background worker is running: the page says so.
IMPORT_QUEUE_WARN_SECONDS = envint("IMPORT_QUEUE_WARN_SECONDS", "60")
# A published snapshot's open data not written by the worker within this many seconds
# (no worker running) is written at its first download, from the source kept at publication.
OPEN_DATA_WORKER_WAIT_SECONDS = envint("OPEN_DATA_WORKER_WAIT_SECONDS", "300")
# Large previews and imports run in `giaingan db_worker`, which scripts/run.sh starts.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- The REST API (/api/v1/, see README) ---
# Per-user tokens (`Authorization: Token ...`, issued in the admin or by `giaingan api_token`)
# for other systems; the signed-in session, with its CSRF check, for the browsable pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "giaingan.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "giaingan.api.throttles.UserThrottle",
        "giaingan.api.throttles.AnonymousThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "giaingan.api.paging.Pages",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "giaingan.api.renderers.BrowsablePage",
    ],
    # The browsable pages' names and descriptions, in Vietnamese (giaingan.api.naming).
    "VIEW_NAME_FUNCTION": "giaingan.api.naming.view_name",
    "VIEW_DESCRIPTION_FUNCTION": "giaingan.api.naming.view_description",
    "DEFAULT_SCHEMA_CLASS": "giaingan.api.openapi.Operations",
    "EXCEPTION_HANDLER": "giaingan.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": False,
}
# Requests per hour; a refused request answers 429 with the seconds to wait.
API_THROTTLE_RATES = {
    "user": os.environ.get("API_RATE_USER", "5000/hour"),
    "anon": os.environ.get("API_RATE_ANON", "100/hour"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GiaiNgan API",
    "DESCRIPTION": (
        "Số liệu giải ngân vốn đầu tư công và phong trào thi đua, đọc theo ngày bất kỳ; "
        "gửi sao kê Kho bạc (xem trước rồi xác nhận). Xác thực: `Authorization: Token <mã>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "giaingan.api.schema.error_responses",
    ],
}

# Open data (giaingan.opendata): OCDS ids are OCDS_PREFIX + project code.
OCDS_PREFIX = os.environ.get("GIAINGAN_OCDS_PREFIX", "ocds-giaingan-")
# Empty: the home committee's name in full (`opendata.ocds.publisher_name`).
OPENDATA_PUBLISHER = os.environ.get("GIAINGAN_OPENDATA_PUBLISHER", "")
OPENDATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
OPENDATA_LICENSE_NAME = "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"
