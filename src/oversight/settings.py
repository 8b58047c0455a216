"""Oversight settings: one module, configured from environment variables.

OVERSIGHT_DATABASE_URL   sqlite:///var/oversight.sqlite3 (default, WAL mode) or postgresql://…
OVERSIGHT_SECRET_KEY     signing key (default: generated once into OVERSIGHT_DATA_DIR/secret_key)
OVERSIGHT_FILE_KEY       the master key that encrypts uploaded files at rest: 32 bytes, as 64 hex
                         digits or base64 (default: generated once into OVERSIGHT_DATA_DIR/file_key,
                         mode 0600). Back it up apart from the media: without it the files are lost.
OVERSIGHT_DEBUG          1/true to enable debug pages (default off)
OVERSIGHT_ALLOWED_HOSTS  comma-separated host names (default 127.0.0.1,localhost)
OVERSIGHT_PG_PREPARE     PostgreSQL: prepare a statement after this many runs on a connection
                         (default 5; 0 off, behind a pooler in transaction mode: docs/deploy.md)
OVERSIGHT_DATA_DIR       where the SQLite file, the generated key and uploads live (default ./var)
OVERSIGHT_S3_BUCKET      files in S3-compatible object storage (with OVERSIGHT_S3_ENDPOINT_URL,
                         _ACCESS_KEY, _SECRET_KEY, _REGION) instead of DATA_DIR/media
OVERSIGHT_PRODUCTION     1 behind HTTPS: secure cookies, HSTS, SSL redirect (`check --deploy` clean)
OVERSIGHT_REQUIRE_2FA    two-factor sign-in for heads, custodians, analysts, admins (default on)
OVERSIGHT_SESSION_MINUTES  inactivity after which a session ends (default 30)
OVERSIGHT_TOKEN_TTL_HOURS  lifetime of an API token (default 8)
OVERSIGHT_MAX_UPLOAD_MB  largest attachment accepted (default 20)
OVERSIGHT_TRUST_X_FORWARDED_FOR  1 when a trusted reverse proxy sets X-Forwarded-For (default off)
OVERSIGHT_PORTAL_*       limits of the public portal (see "Public portal" below)
OVERSIGHT_IMAP_*         a mailbox whose messages become draft petitions (see "Intake" below)
"""

import base64
import binascii
import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("OVERSIGHT_DEBUG")
PRODUCTION = env_bool("OVERSIGHT_PRODUCTION")
DATA_DIR = Path(os.environ.get("OVERSIGHT_DATA_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in DATA_DIR (mode 0600).

    Production sets OVERSIGHT_SECRET_KEY; a laptop or a province's single server can rely on
    the generated file, which survives restarts so sessions and tokens stay valid.
    """
    key = os.environ.get("OVERSIGHT_SECRET_KEY", "")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process won the race
            return path.read_text().strip()
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _parse_file_key(text: str) -> bytes:
    """32 bytes from 64 hex digits or from base64 (standard or URL-safe, padding optional)."""
    text = "".join(text.split())
    raw = b""
    if len(text) == 64:
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raw = b""
    if not raw:
        try:
            raw = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_")
                                           + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            raw = b""
    if len(raw) != 32:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("OVERSIGHT_FILE_KEY (or DATA_DIR/file_key) must be 32 bytes "
                                   "as 64 hex digits or base64.")
    return raw


def _file_key(data_dir: Path | None = None) -> bytes:
    """The master key of encrypted uploads (`core.encrypted_storage`): from OVERSIGHT_FILE_KEY,
    else generated once and kept in DATA_DIR/file_key (mode 0600), like `_secret_key`.

    Every stored attachment's data key is wrapped under it: back it up separately from the
    media (and from the database backups); losing it loses every encrypted file.
    """
    key = os.environ.get("OVERSIGHT_FILE_KEY", "")
    if key:
        return _parse_file_key(key)
    data_dir = data_dir or DATA_DIR
    path = data_dir / "file_key"
    if not path.exists():
        # Written whole under a temporary name, then linked into place: a process that loses
        # the race reads the winner's complete key, never an empty file.
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = data_dir / f".file_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode() + "\n")
        try:
            os.link(temp, path)
        except FileExistsError:  # another process won the race
            pass
        finally:
            temp.unlink()
    return _parse_file_key(path.read_text())


FILE_ENCRYPTION_KEY = _file_key()
ALLOWED_HOSTS = env_list("OVERSIGHT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oversight.core",
    "oversight.accounts",
    "oversight.units",
    "oversight.workcalendar",
    "oversight.matters",
    "oversight.reports",
    "oversight.petitions",
    "oversight.committees",
    "oversight.documents",
    "oversight.people",
    "oversight.search",
    "oversight.identity",
    "oversight.jobs",
    "oversight.audit",
    "oversight.portal",
    "oversight.intake",
    "oversight.web",
    "oversight.ops",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "oversight.core.middleware.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "oversight.core.middleware.SessionRefreshMiddleware",
    "oversight.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "oversight.core.middleware.RejectNulMiddleware",
    "oversight.core.middleware.CsrfViewMiddleware",  # Django's, see its docstring
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "oversight.identity.session.IdentityKeyMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "oversight.audit.middleware.AuditContextMiddleware",
    "oversight.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "oversight.urls"
WSGI_APPLICATION = "oversight.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user or address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, the signed-in user read with their unit
    "oversight.accounts.backends.UserWithUnitBackend",
]

TEMPLATES = [
    {
        # Django's, its check of library names aware of our stand-ins (web/templating.py)
        "BACKEND": "oversight.web.templating.Templates",
        "NAME": "django",  # the alias Django's own backend has (engines["django"])
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Django's truncatechars and date with shortcuts for the common case (same output)
            "builtins": ["oversight.web.templatetags.fastpaths"],
            # Django's i18n and static libraries, a constant translation and a file's address
            # kept once rendered (same output)
            "libraries": {"i18n": "oversight.web.templatetags.kept_i18n",
                          "static": "oversight.web.templatetags.kept_static"},
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get(
    "OVERSIGHT_DATABASE_URL", f"sqlite:///{DATA_DIR / 'oversight.sqlite3'}"
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The file holds every record: readable by this account only. It is created here, empty,
    # mode 0600 (SQLite gives its -wal and -shm files the database file's mode), and the
    # data directory 0700 when we create it; `core.apps` re-applies 0600 at each connection
    # (a file copied in from elsewhere). An existing directory keeps its mode: production's
    # /var/lib/oversight also holds the static files that nginx reads.
    _sqlite = str(DATABASES["default"]["NAME"])
    if _sqlite and _sqlite != ":memory:" and not _sqlite.startswith("file:"):
        Path(_sqlite).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(_sqlite, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    # Connections are kept, as on PostgreSQL (conn_max_age above): a connection opened and
    # closed per request spent more than half of a bare request's CPU under load — the
    # pragmas on each open, and the last connection to close checkpointing the WAL and
    # deleting it, for the next to create again (issue 17: /api/me/ under 32 connections
    # 286-358 -> 643-665 req/s on 2 cores).
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so
        # two writers queue on the busy timeout instead of failing on a lock upgrade.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: our statements run for milliseconds, and PostgreSQL compiles
        # any whose estimated cost passes jit_above_cost — the national report's grouped
        # counts paid 140-650 ms of compilation for 520 ms of work (issue 17). PostgreSQL's
        # own documentation: JIT pays off for long-running, CPU-bound analytical queries.
        # work_mem 16 MB (PostgreSQL's default is 4): the national report's distinct counts
        # sort ~95,000 event and ~80,000 defendant rows, which spilled to disk at 4 MB (~10
        # ms of a ~470 ms report). A sort or hash takes at most this much, per node, per
        # connection: some tens of connections on a server of several GB.
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = (f"{_options.get('options', '')} -c jit=off "
                               "-c work_mem=16MB").strip()
        # Prepared statements: psycopg binds the values on the server and prepares a statement
        # once a connection has sent it `prepare_threshold` times; PostgreSQL then plans it
        # once rather than on every request (a list page's rows took 0.9 ms to plan for 0.4
        # ms of work; the pages' CPU in PostgreSQL fell by 0.3–1.0 ms, issue 17) — when it
        # judges a plan for any values good enough, else it plans each execution anew; a kept
        # list's statements are therefore sent with their values written in
        # (`core.listplans.written_out`). Django
        # leaves them off for poolers in transaction mode: behind PgBouncer older than 1.21
        # (or without max_prepared_statements) set OVERSIGHT_PG_PREPARE=0 (docs/deploy.md).
        _prepare = int(os.environ.get("OVERSIGHT_PG_PREPARE", "5"))
        if _prepare > 0:
            _options.setdefault("server_side_binding", True)
            _options.setdefault("prepare_threshold", _prepare)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches ---------------------------------------------------------------------------------
# The default cache holds the rate-limit and sign-in counters (core/ratelimit.py): in
# production with several processes, a shared backend (Redis). Django's `{% cache %}` tag uses
# "template_fragments" when it exists: the menu's renderings (web/templatetags/frame.py) are a
# function of their key alone, so each process keeps its own, never a round trip away and never
# pushing the counters out.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                           "LOCATION": "template-fragments", "OPTIONS": {"MAX_ENTRIES": 1000}},
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "oversight_language"

# --- Static files (vendored, served by WhiteNoise: the app works offline) ------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Object storage (several application servers): files go to an S3-compatible store — MinIO,
# Ceph, or a cloud's — instead of MEDIA_ROOT. Attachments, evidence and issued documents are
# encrypted before they leave the application (core/encrypted_storage.py); other generated
# files (report exports) go through the default storage below. See docs/deploy.md.
OBJECT_STORAGE = None
if os.environ.get("OVERSIGHT_S3_BUCKET"):
    OBJECT_STORAGE = {
        "bucket": os.environ["OVERSIGHT_S3_BUCKET"],
        "endpoint_url": os.environ.get("OVERSIGHT_S3_ENDPOINT_URL", ""),
        "access_key": os.environ.get("OVERSIGHT_S3_ACCESS_KEY", ""),
        "secret_key": os.environ.get("OVERSIGHT_S3_SECRET_KEY", ""),
        "region": os.environ.get("OVERSIGHT_S3_REGION", ""),
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": OBJECT_STORAGE["bucket"],
        "endpoint_url": OBJECT_STORAGE["endpoint_url"] or None,
        "access_key": OBJECT_STORAGE["access_key"] or None,
        "secret_key": OBJECT_STORAGE["secret_key"] or None,
        "region_name": OBJECT_STORAGE["region"] or None,
        "default_acl": None, "file_overwrite": False}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600
MEDIA_ROOT = DATA_DIR / "media"

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "oversight.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Scoped throttles: the token endpoint allows 10 attempts a minute from one address.
    "DEFAULT_THROTTLE_RATES": {"login": os.environ.get("OVERSIGHT_LOGIN_RATE", "10/min")},
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON with a nesting limit (a deep document was a 500); forms and uploads as DRF's.
    # DRF's JSON written by orjson (core/renderers.py: the same bytes); the browsable API
    "DEFAULT_RENDERER_CLASSES": [
        "oversight.core.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "oversight.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "oversight.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "oversight.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Oversight API",
    "DESCRIPTION": "Units, matters under monitoring, directions; every list is scoped to "
    "what the caller may see.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the vendored sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One clear name per choice set (several models have a `kind` or a `status`).
    "ENUM_NAME_OVERRIDES": {
        "MatterKindEnum": "oversight.matters.choices.MatterKind",
        "MatterStageEnum": "oversight.matters.choices.Stage",
        "MatterEventKindEnum": "oversight.matters.choices.EventKind",
        "DirectionStatusEnum": "oversight.matters.choices.DirectionStatus",
        "PetitionKindEnum": "oversight.petitions.choices.PetitionKind",
        "PetitionStatusEnum": "oversight.petitions.choices.Status",
        "PetitionEventKindEnum": "oversight.petitions.choices.EventKind",
        "ReceptionKindEnum": "oversight.petitions.choices.ReceptionKind",
        "HotspotStatusEnum": "oversight.petitions.choices.HotspotStatus",
        "UnitKindEnum": "oversight.units.choices.UnitKind",
        "AuditActionEnum": "oversight.audit.choices.Action",
        "IssuingBodyEnum": "oversight.matters.choices.IssuingBody",
        "MentionRoleEnum": "oversight.people.choices.MentionRole",
        "OrganisationRoleKindEnum": "oversight.people.choices.OrganisationRoleKind",
        "DraftStatusEnum": "oversight.intake.choices.DraftStatus",
        "DocumentStatusEnum": "oversight.documents.choices.DocumentStatus",
        "JobStatusEnum": "oversight.core.jobs.JobStatus",  # jobs and link runs (a run is its job)
    },
}

# --- Background tasks (django-tasks backport; the daily overdue job) -------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The working calendar's exceptions are cached in each process; another process's change is
# noticed within this many seconds (core/calendar.py). 0: only this process's changes.
CALENDAR_RECHECK_SECONDS = float(os.environ.get("OVERSIGHT_CALENDAR_RECHECK_SECONDS", "2"))

# --- Security (see SECURITY.md) -------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # verifies (and upgrades) older hashes
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after OVERSIGHT_SESSION_MINUTES without a request (to within the minute:
# core.middleware.SessionRefreshMiddleware moves the end forward once a minute, not on every
# request), and when the browser closes.
SESSION_ENGINE = "oversight.accounts.sessions"  # Django's db sessions, read compiled once
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("OVERSIGHT_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# A list's scoped, filtered queryset is kept for the reader's next request while every
# statement it was built from still returns the same rows (core.listplans; issue 17).
LIST_PLANS = os.environ.get("OVERSIGHT_LIST_PLANS", "1") != "0"
# The portal's own page under /portal/, JSON under /api/, a page in the user's language
# elsewhere (web/views.py).
CSRF_FAILURE_VIEW = "oversight.web.views.csrf_failure"
# W003 looks for Django's CSRF middleware by name; ours is a subclass of it (core.middleware).
SILENCED_SYSTEM_CHECKS = ["security.W003"]

# Production (behind HTTPS): secure cookies, HSTS, every request redirected to HTTPS.
SESSION_COOKIE_SECURE = PRODUCTION or env_bool("OVERSIGHT_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = PRODUCTION
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if env_bool("OVERSIGHT_TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts only from our own static files, no inline
# script anywhere (page data travels in `json_script` blocks). Inline style attributes stay
# allowed (bar widths computed in templates; htmx's indicator style).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Two-factor sign-in (TOTP, django-otp) for the roles that see or decide the most.
REQUIRE_2FA = env_bool("OVERSIGHT_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Oversight"

# Lockout after repeated failed sign-ins (django-axes), on the login page and the token API.
AXES_FAILURE_LIMIT = int(os.environ.get("OVERSIGHT_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OVERSIGHT_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "oversight.base.acting.client_address"
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "oversight.core.middleware.lockout_response"  # JSON under /api/

# The audit trail: the client's address is REMOTE_ADDR unless a trusted proxy is declared.
AUDIT_TRUST_X_FORWARDED_FOR = env_bool("OVERSIGHT_TRUST_X_FORWARDED_FOR")

# API tokens expire; uploads are limited in size and checked by content.
TOKEN_TTL = timedelta(hours=float(os.environ.get("OVERSIGHT_TOKEN_TTL_HOURS", "8")))
MAX_UPLOAD_SIZE = int(float(os.environ.get("OVERSIGHT_MAX_UPLOAD_MB", "20")) * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Protected identities (oversight.identity; SECURITY.md, "Protected identities") --------
# The intake form's ad hoc duplicate check, per user (it never compares protected identities).
DUPLICATE_CHECKS_PER_MINUTE = int(os.environ.get("OVERSIGHT_DUPLICATE_CHECKS_PER_MINUTE", "20"))
DUPLICATE_CHECKS_PER_DAY = int(os.environ.get("OVERSIGHT_DUPLICATE_CHECKS_PER_DAY", "300"))
# Approvals by existing custodians of the unit before a new custodian receives the unit's key.
CUSTODIAN_APPROVALS = int(os.environ.get("OVERSIGHT_CUSTODIAN_APPROVALS", "1"))
if CUSTODIAN_APPROVALS not in (1, 2):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("OVERSIGHT_CUSTODIAN_APPROVALS must be 1 or 2.")
# An approved disclosure lets its requester read the identity for this many days.
DISCLOSURE_DAYS = int(os.environ.get("OVERSIGHT_DISCLOSURE_DAYS", "30"))
# The escrow key the server trusts: SHA-256 of its public halves, from OVERSIGHT_ESCROW_PIN or
# the file `oversight keys escrow-init` writes. Kept off the database on purpose: a row there
# could be replaced by whoever controls the database.
ESCROW_PIN = os.environ.get("OVERSIGHT_ESCROW_PIN", "").strip().lower()
ESCROW_PIN_FILE = Path(os.environ.get("OVERSIGHT_ESCROW_PIN_FILE", DATA_DIR / "escrow_pin"))

# --- Public portal (oversight.portal; docs/portal.md) ----------------------------------------
def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


PORTAL_REPORTS_PER_ADDRESS = env_int("OVERSIGHT_PORTAL_REPORTS_PER_ADDRESS", 5)  # an hour
PORTAL_FILES_PER_ADDRESS = env_int("OVERSIGHT_PORTAL_FILES_PER_ADDRESS", 120)  # an hour
PORTAL_MESSAGES_PER_ADDRESS = env_int("OVERSIGHT_PORTAL_MESSAGES_PER_ADDRESS", 30)  # an hour
PORTAL_CODE_FAILURES = env_int("OVERSIGHT_PORTAL_CODE_FAILURES", 5)  # wrong codes an hour
PORTAL_HOLD_AFTER = env_int("OVERSIGHT_PORTAL_HOLD_AFTER", 20)  # reports an hour, all addresses
PORTAL_HELD_MAX = env_int("OVERSIGHT_PORTAL_HELD_MAX", 500)  # held reports before refusing
PORTAL_FILE_MAX_BYTES = env_int("OVERSIGHT_PORTAL_FILE_MAX_MB", 10) * 1024 * 1024
PORTAL_FILES_PER_REPORT = env_int("OVERSIGHT_PORTAL_FILES_PER_REPORT", 10)
PORTAL_FILE_BYTES_PER_DAY = env_int("OVERSIGHT_PORTAL_FILE_MB_PER_DAY", 2048) * 1024 * 1024
PORTAL_POW_BITS = env_int("OVERSIGHT_PORTAL_POW_BITS", 18)  # ~1–4 s in Chromium on this machine
PORTAL_POW_MAX_AGE = env_int("OVERSIGHT_PORTAL_POW_MAX_AGE", 4 * 3600)  # seconds
PORTAL_NOJS_WAIT = env_int("OVERSIGHT_PORTAL_NOJS_WAIT", 30)  # seconds
PORTAL_CASE_MINUTES = env_int("OVERSIGHT_PORTAL_CASE_MINUTES", 20)
# Argon2id of receipt codes (OWASP's minimum: 19 MiB, 2 passes).
PORTAL_RECEIPT_ARGON2 = {"time_cost": 2, "memory_cost": 19456, "parallelism": 1}
# A report with files travels in one request: room for the files plus the form.
DATA_UPLOAD_MAX_NUMBER_FILES = max(PORTAL_FILES_PER_REPORT + 5, 50)

# --- Intake of paper and email (oversight.intake; docs/intake.md) -----------------------------
# A mailbox polled by the worker (`oversight intake poll`, or the job `intake_poll`): each new
# message becomes a draft petition of OVERSIGHT_IMAP_UNIT. Empty host: no polling.
IMAP_HOST = os.environ.get("OVERSIGHT_IMAP_HOST", "")
IMAP_PORT = env_int("OVERSIGHT_IMAP_PORT", 993)
IMAP_SSL = env_bool("OVERSIGHT_IMAP_SSL", True)
IMAP_USER = os.environ.get("OVERSIGHT_IMAP_USER", "")
IMAP_PASSWORD = os.environ.get("OVERSIGHT_IMAP_PASSWORD", "")
if not IMAP_PASSWORD and os.environ.get("OVERSIGHT_IMAP_PASSWORD_FILE"):
    IMAP_PASSWORD = Path(os.environ["OVERSIGHT_IMAP_PASSWORD_FILE"]).read_text().strip()
IMAP_FOLDER = os.environ.get("OVERSIGHT_IMAP_FOLDER", "INBOX")
IMAP_UNIT = os.environ.get("OVERSIGHT_IMAP_UNIT", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OVERSIGHT_LOG_LEVEL", "WARNING")},
}
