"""Settings for the CWG Portal.

Every value comes from the environment (see `.env.example`). With nothing set the
portal runs the embedded demo: SQLite under `.data/`, Celery tasks in process,
e-mail on the console. `DJANGO_ENV=production` refuses to start without its secrets.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from cwg_portal.logs import build_logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"
DATA_DIR.mkdir(exist_ok=True)

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"


def _required_in_production(name, **kwargs):
    """Read a variable that production must set; development gets the given default."""
    if PRODUCTION and name not in env.ENVIRON:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production.")
    return kwargs


# Off unless asked for (DEBUG=1): the demo shows the portal's own error pages.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY", **_required_in_production("SECRET_KEY", default="insecure-development-key")
)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS",
    **_required_in_production("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]),
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "django_filters",
    "simple_history",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "cwg_portal",
    "membership",
    "events",
    "workshops",
    "conferences",
    "budget",
    "dei",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cwg_portal.middleware.NullCharacterGuardMiddleware",
    "cwg_portal.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cwg_portal.middleware.RequireMFAMiddleware",
    "cwg_portal.middleware.PrivatePageMiddleware",
    "cwg_portal.middleware.AccessRefusedLogMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cwg_portal.middleware.DelayedNotificationsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "cwg_portal.urls"
WSGI_APPLICATION = "cwg_portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "cwg_portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        **_required_in_production(
            "DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'portal.sqlite3'}"
        ),
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Opening a connection costs about as much as a small page: keep each one for a
# minute, checked before reuse so a restarted database is noticed at once.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache is shared by every web process: login rate limits and the record of
# used TOTP codes live there, so production must point it at Redis.
CACHES = {
    "default": env.cache_url(
        "CACHE_URL", **_required_in_production("CACHE_URL", default="locmemcache://cwg-portal")
    )
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Falls back to the process's memory while Redis is unreachable (cwg_portal/cache.py);
    # short timeouts keep a silent Redis from holding requests up.
    CACHES["default"]["BACKEND"] = "cwg_portal.cache.FallbackRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=0.5, socket_timeout=0.5
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The first backend logs people in (and is the one the session remembers);
# the others only answer permission questions.
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
    "rules.permissions.ObjectPermissionBackend",
    "cwg_portal.backends.AdminRoleBackend",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Outside production the files are served from where they are, with DEBUG on or off.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files (receipts, profile photos) are private: kept outside the static URL space and
# served only through views that check permission, so there is no MEDIA_URL.
MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(DATA_DIR / "private")))

# --- Login: django-allauth -------------------------------------------------
SITE_NAME = env.str("SITE_NAME", default="CWG Portal")
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "cwg_portal.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# allauth's defaults, written out so that a reader sees the limits in force.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_ADAPTER = "cwg_portal.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Roles that hold money, confidential reports or the site itself must enrol in MFA.
REQUIRE_MFA = env.bool("REQUIRE_MFA", default=PRODUCTION)
# Keys that encrypt MFA secrets at rest; the first encrypts, all decrypt (rotation).
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS", **_required_in_production("FIELD_ENCRYPTION_KEYS", default=[])
)

SOCIALACCOUNT_ADAPTER = "cwg_portal.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_PROVIDERS = {"github": {"SCOPE": ["read:user", "user:email"]}}
if env.str("GITHUB_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["github"]["APPS"] = [
        {"client_id": env.str("GITHUB_CLIENT_ID"), "secret": env.str("GITHUB_SECRET")}
    ]

# --- E-mail --------------------------------------------------------------
# Mail is queued: the page answers at once and a Celery worker delivers through
# EMAIL_DELIVERY_BACKEND (SMTP settings from EMAIL_URL in production).
EMAIL_BACKEND = "cwg_portal.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = env.str(
    "EMAIL_DELIVERY_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if "EMAIL_URL" in env.ENVIRON
    else "django.core.mail.backends.console.EmailBackend",
)
if "EMAIL_URL" in env.ENVIRON:
    _smtp = env.email_url("EMAIL_URL")
    _smtp.pop("EMAIL_BACKEND", None)
    vars().update(_smtp)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cwg-portal@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in mail sent by tasks, which have no request to take the address from.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Celery --------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker the demo runs every task in process, at the moment it is queued.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The worker logs through the portal's own JSON handlers rather than replacing them.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
# A task not acknowledged in this time goes to another worker: it must outlast the
# longest job (a report build, REPORT_BUILD_TIME_LIMIT) or that job would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=1800)
}

# --- Budget: the fiscal sponsor's reimbursement policy, in the fund's currency ---
BUDGET_SECOND_APPROVAL_ABOVE = Decimal(env.str("BUDGET_SECOND_APPROVAL_ABOVE", default="1000.00"))
BUDGET_CONTRACT_REQUIRED_ABOVE = Decimal(
    env.str("BUDGET_CONTRACT_REQUIRED_ABOVE", default="600.00")
)
BUDGET_MEAL_DAILY_LIMIT = Decimal(env.str("BUDGET_MEAL_DAILY_LIMIT", default="90.00"))
BUDGET_PAYMENT_DAYS = env.int("BUDGET_PAYMENT_DAYS", default=30)
RECEIPT_MAX_BYTES = env.int("RECEIPT_MAX_BYTES", default=10 * 1024 * 1024)

# --- DEI -----------------------------------------------------------------
# Resolved code-of-conduct reports keep their details this many years; then
# erase_resolved_incidents keeps only their status and dates, for the counts.
DEI_INCIDENT_RETENTION_YEARS = env.int("DEI_INCIDENT_RETENTION_YEARS", default=3)

# --- Membership ----------------------------------------------------------
PROFILE_PHOTO_MAX_BYTES = env.int("PROFILE_PHOTO_MAX_BYTES", default=2 * 1024 * 1024)

# --- Reports to the Executive Council ----------------------------------------
# Quarterly by the charter, half-yearly in practice.
REPORT_PERIOD = env.str("REPORT_PERIOD", default="half-year")
REPORT_DUE_DAYS = env.int("REPORT_DUE_DAYS", default=30)
REPORT_PREAPPROVALS_NEEDED = env.int("REPORT_PREAPPROVALS_NEEDED", default=2)
REPORT_REMINDER_DAYS = env.int("REPORT_REMINDER_DAYS", default=7)
REPORT_BUILD_TIME_LIMIT = env.int("REPORT_BUILD_TIME_LIMIT", default=900)

# --- API -----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cwg_portal.authentication.MFAEnforcingTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "cwg_portal.api.PortalAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "cwg_portal.api.exception_handler",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=90)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CWG Portal API",
    "DESCRIPTION": (
        "The Community Working Group's operations API. Authenticate with a session or "
        "with `Authorization: Token <key>` (a key from `manage.py issue_api_token`)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A proposal's status appears in several components, so none can lend it its name.
    "ENUM_NAME_OVERRIDES": {
        "ProposalStatusEnum": "workshops.enums.ProposalStatus",
        "TaskStatusEnum": "events.enums.TaskStatus",
        "EngagementStatusEnum": "events.enums.EngagementStatus",
        "EditionStatusEnum": "conferences.enums.EditionStatus",
        "SponsorshipStatusEnum": "conferences.enums.SponsorshipStatus",
        "ApplicationStatusEnum": "conferences.enums.ApplicationStatus",
    },
}

# --- Security headers ------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Behind a reverse proxy that terminates TLS, trust its scheme header.
    if env.bool("TRUST_PROXY_SSL_HEADER", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# --- Logging: one JSON line per event, bound to the request id ----------------
DJANGO_STRUCTLOG_CELERY_ENABLED = True
LOGGING = build_logging_config(level=env.str("LOG_LEVEL", default="INFO"))

# Models whose rows only their own role may read, even the site administrator
# (`app_label.modelname`); the apps that own such models add them here.
CONFIDENTIAL_MODELS = frozenset(
    {
        # A site administrator may be conflicted on a proposal: reviews stay with the committee.
        "workshops.review",
        "workshops.score",
        # Ballots are secret; receipts are the claimant's and the books' keepers'.
        "membership.ballot",
        "membership.ballotmark",
        "membership.motionballot",
        "membership.motionpreference",
        "budget.receipt",
    }
)
