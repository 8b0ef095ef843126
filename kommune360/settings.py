"""Django settings for Kommune 360°.

Every value that differs between a laptop and production is read from the
environment here, and nowhere else. Defaults are safe for local use: SQLite
file database, database cache, e-mail to the console.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def config_error(message: str):
    """Stop with one clear line instead of a traceback: a typo in the environment is an
    operator's mistake, not a bug."""
    raise SystemExit(f"Kommune 360° configuration error: {message}")


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value not in TRUE_WORDS | FALSE_WORDS:
        config_error(f"{name} must be 1 or 0 (or true/false, yes/no, on/off), not {value!r}.")
    return value in TRUE_WORDS


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """A whole number from the environment; empty or unset means `default`."""
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        config_error(f"{name} must be a whole number, not {raw!r}.")
    if minimum is not None and value < minimum:
        config_error(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_choice(name: str, default: str, choices: set[str], *, upper: bool = False) -> str:
    value = os.environ.get(name, "").strip() or default
    if upper:
        value = value.upper()
    if value not in choices:
        config_error(f"{name} must be one of {', '.join(sorted(choices))}, not {value!r}.")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("DJANGO_INSECURE_DEV_KEY", False):
        config_error(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(or set DJANGO_INSECURE_DEV_KEY=1 for local test runs)."
        )
    SECRET_KEY = "dev-only-insecure-key-kommune360-do-not-use-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "kommune360.apps.AdminConfig",  # django.contrib.admin with the site that asks for a second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "kommune360.apps.TagsConfig",  # django-taggit, named in German
    "csp",
    "mailer",
    "kommune360.apps.AxesConfig",  # django-axes, named in German
    "django_otp",
    "kommune360.apps.TOTPConfig",  # django_otp.plugins.otp_totp, named in German
    "kommune360.apps.BackupCodesConfig",  # django_otp.plugins.otp_static, named in German
    "corsheaders",
    "django.contrib.sitemaps",
    "kommune360",
    "offers",
    "formats",
    "feedback",
    # Last, as its documentation asks: deletes the file of a replaced or deleted upload
    # (a talk's slides, the Impulspapier) once the change has committed.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    "kommune360.headers.PermissionsPolicyMiddleware",
    # Outside every middleware that may set a cookie (sessions, CSRF, messages).
    "kommune360.headers.NoSharedCookiesMiddleware",
    "kommune360.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kommune360.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before CommonMiddleware, as it asks
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kommune360.second_factor.SecondFactorMiddleware",
    "kommune360.replica.CatalogueReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kommune360.urls"

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
                "kommune360.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "kommune360.wsgi.application"

# A database that is down or hung must cost a request seconds, not a worker: bounded
# connect, statements and unacknowledged network traffic (see kommune360/outage.py).
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3, minimum=1)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 5, minimum=0)
# The client's own limit per query, for a server that stopped answering without closing the
# connection (which the server-side statement_timeout cannot catch): 0 turns it off.
DATABASE_QUERY_DEADLINE = env_int(
    "DATABASE_QUERY_DEADLINE",
    DATABASE_STATEMENT_TIMEOUT + 2 if DATABASE_STATEMENT_TIMEOUT else 0,
    minimum=0,
)
DATABASE_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)


def database_from_url(name: str, default: str | None = None) -> dict:
    """The database in environment variable `name` (a URL), with bounded waits.

    What the URL's query string sets (sslmode, sslrootcert, connect_timeout, options=-c …)
    is kept and wins over the timeouts above: libpq applies `-c` settings in order, so the
    URL's own come after ours.
    """
    url = os.environ.get(name, "").strip() or default
    try:
        database = dj_database_url.parse(
            url, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True
        )
    except ValueError as error:
        # Never the URL itself in the message: it may hold a password.
        config_error(
            f"{name} is not a valid database URL ({error.__class__.__name__}): check the "
            "scheme, that the port is a number, and that special characters in the user "
            "name or password are %-encoded."
        )
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
        options.setdefault("tcp_user_timeout", DATABASE_CONNECT_TIMEOUT * 1000)
        own = options.get("options", "")
        ours = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
        options["options"] = f"{ours} {own}".strip()
    return database


DATABASES = {"default": database_from_url("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets parallel test runs on one PostgreSQL server use separate databases.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

REDIS_URL = os.environ.get("REDIS_URL", "")
# A Redis that is down or hung costs a request this many seconds at most, then the request
# gets the outage page (kommune360/errors.py), as with the database.
REDIS_TIMEOUT = env_int("REDIS_TIMEOUT", 2, minimum=1)


def redis_cache(url: str) -> dict:
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "kommune360",
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    # A shared cache: rate limits must hold across gunicorn workers, so never
    # the per-process memory cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kommune360_cache",
        }
    }

# The catalogue's partial index names INCLUDE columns for PostgreSQL's index-only scans;
# SQLite keeps the index without them, which is what this warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The team's door (django-axes): after LOGIN_FAILURE_LIMIT failed logins for one account,
# or from one address, that account or address is locked for LOGIN_LOCKOUT_MINUTES.
# Every failure is logged (logger "axes"); a success clears the account's failures.
# Unlock: admin "Zugriffsversuche" or `manage.py axes_reset_username <name>` / axes_reset_ip.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, not only the pair
AXES_CLIENT_IP_CALLABLE = "kommune360.ratelimit.login_client_ip"  # the same address as rate limits
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # keep failures only, not every successful login
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# German strings that Django's admin JavaScript and django-taggit ship untranslated.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files the team uploads in the admin (the Impulspapier, slides of talks). No URL maps to
# this folder: every file is served by a view that decides who may see it
# (offers.views analysis PDF, formats.views.public.session_slides).
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/medien/"
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

# E-mail: every mail is stored in the outbox (django-mailer's table) in the transaction
# of the change it is about; `manage.py deliver_mail` delivers it through
# MAILER_EMAIL_BACKEND: SMTP when EMAIL_HOST is set, else the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = "mailer.backend.DbBackend"
MAILER_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
# Senders lock each mail row (select_for_update), so several may run on several hosts;
# a file lock would only hold on one host and leaves stale files behind.
MAILER_USE_FILE_LOCK = False
MAILER_ERROR_HANDLER = "kommune360.mail.defer_failed_delivery"
MAILER_EMAIL_MAX_RETRIES = env_int("MAIL_MAX_RETRIES", 12, minimum=0)
MAILER_EMPTY_QUEUE_SLEEP = env_int("MAIL_QUEUE_POLL_SECONDS", 10, minimum=1)
# When mails leave the outbox: "queue" (only deliver_mail sends), "after-commit" (the
# request that queued them also sends them once committed: make run, on the console),
# "immediately" (at once, even before the commit: the test suite).
MAIL_DELIVERY = env_choice(
    "MAIL_DELIVERY", "after-commit" if DEBUG else "queue", {"queue", "after-commit", "immediately"}
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_TIMEOUT = env_int(
    "EMAIL_TIMEOUT", 20, minimum=1
)  # a hung SMTP server must not stall the sender
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Kommune 360° <noreply@kommune360.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
TEAM_EMAIL = os.environ.get("TEAM_EMAIL", "team@kommune360.example")

# The public address of the site, used in e-mails (edit and cancel links).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Operator facts for the legal pages (Impressum, Datenschutz, Barrierefreiheit), one
# environment variable LEGAL_<NAME> each; kommune360/legal.py says what each one is.
# Empty required facts show as marked placeholders, and `check --deploy` warns about
# them (kommune360.W001). Empty optional facts leave their sentence out.
LEGAL = {
    name: os.environ.get("LEGAL_" + name.upper(), "").strip()
    for name in (
        "operator_name",
        "operator_street",
        "operator_city",
        "representative",
        "email",
        "phone",
        "content_responsible",
        "privacy_email",
        "privacy_officer",
        "privacy_officer_email",
        "privacy_authority",
        "hosting_provider",
        "mail_provider",
        "video_service",
        "accessibility_email",
        "accessibility_phone",
        # optional
        "register",
        "vat_id",
        "supervisory_authority",
        "state_privacy_law",
        "third_country_transfers",
        "state_accessibility_law",
        "arbitration_board",
        "arbitration_board_url",
    )
}

# Security. Production (DEBUG off) gets strict defaults; each can be relaxed
# through the environment, e.g. behind a TLS-terminating proxy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_SSL_REDIRECT:
        # The documented proxy mode: the proxy itself redirects HTTP to HTTPS (README),
        # so Django's own redirect is off on purpose and W008 would be a false alarm.
        SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W008"]
# No page uses any of these browser features; deny them to everything, our own code included.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "browsing-topics",
    )
)

# Content-Security-Policy: everything from our own origin, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "DJANGO_LOG_LEVEL",
            "WARNING",
            {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"},
            upper=True,  # "debug" is meant as DEBUG
        ),
    },
}

# gunicorn, read by gunicorn.conf.py. Requests wait at most a few seconds for the
# database (above), so a worker busy for GUNICORN_TIMEOUT seconds is stuck, not slow.
GUNICORN_BIND = os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"
GUNICORN_WORKERS = env_int("GUNICORN_WORKERS", 3, minimum=1)
GUNICORN_TIMEOUT = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
# One control socket per instance (gunicorn's default is one per user): two instances
# on one host must not answer for each other.
GUNICORN_CONTROL_SOCKET = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip() or str(
    Path.home()
    / ".gunicorn"
    / ("kommune360-" + re.sub(r"[^A-Za-z0-9.]+", "-", GUNICORN_BIND) + ".ctl")
)

# Catalogue
CATALOGUE_PAGE_SIZE = env_int("CATALOGUE_PAGE_SIZE", 20, minimum=1)
# Seconds an HTTP cache may keep a public catalogue, offer or gap page (Cache-Control
# max-age); the ETag lets it revalidate cheaply after that.
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 60, minimum=0)

# The open catalogue (offers/open_data): the JSON API may be read from any origin,
# only by GET, at most API_RATE_LIMIT requests per client and window.
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 300, minimum=1)
API_RATE_WINDOW_SECONDS = env_int("API_RATE_WINDOW_SECONDS", 300, minimum=1)
# DCAT-AP.de: the licence under which the catalogue's data is published.
OPEN_DATA_LICENSE_URL = os.environ.get(
    "OPEN_DATA_LICENSE_URL", "http://dcat-ap.de/def/licenses/cc-by/4.0"
)
OPEN_DATA_PUBLISHER = os.environ.get("OPEN_DATA_PUBLISHER", "Initiative Kommune 360°")
# GovData's ID for the data provider (dcatde:contributorID), once GovData has assigned one.
OPEN_DATA_CONTRIBUTOR_ID = os.environ.get("OPEN_DATA_CONTRIBUTOR_ID", "")

# Public forms: spam protection and rate limits.
# Sent faster than this after the form was shown: refused as automatic. Keep it short;
# people using their browser's autofill send a complete form within 2-3 seconds.
FORM_MIN_FILL_SECONDS = env_int("FORM_MIN_FILL_SECONDS", 1, minimum=0)
TRUST_X_FORWARDED_FOR = env_bool("DJANGO_TRUST_X_FORWARDED_FOR", False)
FEEDBACK_RETENTION_MONTHS = env_int("FEEDBACK_RETENTION_MONTHS", 24, minimum=1)
FORMATS_RETENTION_MONTHS = env_int("FORMATS_RETENTION_MONTHS", 6, minimum=1)
OFFERS_RETENTION_MONTHS = env_int("OFFERS_RETENTION_MONTHS", 12, minimum=1)
CSRF_FAILURE_VIEW = "kommune360.errors.csrf_failure"

# --- Operations: second factor, read replica, mail log retention ---------------------------
# The team's door, second step (django-otp, kommune360/second_factor.py): without DEBUG every
# staff login needs a code from an authenticator app (TOTP) or a backup code. `make run`
# (DEBUG) keeps the password alone. Lost device: `manage.py reset_second_factor <name>`.
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", not DEBUG)
SECOND_FACTOR_BACKUP_CODES = 10
OTP_TOTP_ISSUER = "Kommune 360°"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret key

# Optional read replica (PostgreSQL streaming replication): public catalogue pages read
# the catalogue from it, every write and everything else uses the primary
# (kommune360/replica.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database_from_url("DATABASE_REPLICA_URL")
    # Tests talk to the primary's test database through this alias.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["kommune360.replica.CatalogueReplicaRouter"]

# The mail log (django-mailer's MessageLog) holds every mail with its recipients' addresses;
# `purge_personal_data` deletes entries older than this.
MAIL_LOG_RETENTION_DAYS = env_int("MAIL_LOG_RETENTION_DAYS", 14, minimum=1)
