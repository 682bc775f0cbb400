"""Settings shared by every run mode; values come from the environment (12-factor).

Defaults are safe for production; local.py and test.py relax a few of them.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "thiduaportal.apps.PortalAdminConfig",  # Django's admin, behind the portal's sign-in and two-step check
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # the trigram lookups of similar ideas (unused on SQLite)
    "django.forms",  # its widget templates, so that templates/django/forms/ can name empty choices
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "accounts",
    "movement",
    "records",
    "notifications",
    "discussions",
    "councils",
    "ideas",
    "proposals",
    "pilots",
    "library",
    "awards",
    "stats",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # One read of the unit tree per request, however many permissions the page checks.
    "accounts.responsibility.UnitTreeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "thiduaportal.errors.ErrorPagesMiddleware",
    # Last, so that it sees authentication results (django-axes' requirement).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thiduaportal.urls"
# Routes /bench/bare/, the bare view bench/load.py compares every page with. Off in any real run.
BENCH_BARE_VIEW = env.bool("BENCH_BARE_VIEW", default=False)
WSGI_APPLICATION = "thiduaportal.wsgi.application"

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
                "thiduaportal.context_processors.portal",
            ],
            "libraries": {"portal": "thiduaportal.templatetags.portal"},
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Reconnecting on every request costs 3-5x throughput on PostgreSQL.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PortalModelBackend",  # Django's, reading the person with their unit
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "accounts.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.VietnameseCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two-step verification (django-otp, TOTP apps + single-use recovery codes): offered to the
# committee and required for Django's admin unless ADMIN_REQUIRES_TWO_STEP is off (make run only).
ADMIN_REQUIRES_TWO_STEP = env.bool("ADMIN_REQUIRES_TWO_STEP", default=True)
OTP_TOTP_ISSUER = "Thi đua TP.HCM"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (accounts/throttle.py on django-axes' records): an account is locked after
# AXES_FAILURE_LIMIT failures, an address after SIGNIN_ADDRESS_FAILURE_LIMIT (an office shares one
# NAT address); the first lock lasts SIGNIN_COOLOFF, each later one twice the last, up to the cap.
AXES_HANDLER = "accounts.throttle.SignInThrottleHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
SIGNIN_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=50)
SIGNIN_COOLOFF = timedelta(hours=env.float("AXES_COOLOFF_HOURS", default=0.25))
SIGNIN_COOLOFF_MAX = timedelta(hours=env.float("AXES_COOLOFF_MAX_HOURS", default=12))
# How long axes remembers a failure: a lock must not outlive the failures it is counted from.
AXES_COOLOFF_TIME = max(timedelta(hours=24), SIGNIN_COOLOFF_MAX)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The handler decides locks and forgets only the signed-in username's failures; axes' own rules
# (one limit for both, and a reset of the whole address on success) are off.
AXES_LOCK_OUT_AT_FAILURE = False
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "accounts.throttle.attempted_username"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
# The client address: REMOTE_ADDR, or with PROXY_COUNT trusted proxies in front (each appending
# to X-Forwarded-For, as nginx's $proxy_add_x_forwarded_for does) the PROXY_COUNT-th entry from the
# right. Entries further left come from the client and are never trusted.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["thiduaportal.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Attachments live outside any public URL; a permission-checking view serves them.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Widgets render through the template engine, so templates/django/forms/widgets/select_option.html
# replaces the empty choice "---------" with "— Choose —" in every form; filters offer "All".
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
FILTERS_EMPTY_CHOICE_LABEL = _("All")

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis as broker when REDIS_URL is set; otherwise tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Fail fast when Redis is down: the outbox keeps the work until it is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="thidua@tphcm.gov.vn")
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# Sessions (accounts/middleware.py): signed out after SESSION_IDLE_TIMEOUT without a request and
# SESSION_ABSOLUTE_TIMEOUT after signing in; the cookie goes when the browser closes.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.float("SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env.float("SESSION_MAX_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "thiduaportal.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# No inline scripts or styles, nothing from another host: every asset is served from static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "kv": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"incident": {"()": "thiduaportal.errors.IncidentFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "kv"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # The 500 page's incident id goes into the error's log line.
        "django.request": {"filters": ["incident"]},
    },
}

# Reminders (notifications app): the review time limit in working days (weekends and
# movement.PublicHoliday rows do not count) and the days before a deadline when people are reminded.
IDEA_REVIEW_LIMIT_WORKING_DAYS = env.int("IDEA_REVIEW_LIMIT_WORKING_DAYS", default=5)
REMINDER_DAYS_BEFORE = (7, 3, 1)

# The committee's statistics are computed at most this often per phase (seconds; 0: every request).
# The page says when its figures were computed.
STATS_CACHE_SECONDS = env.int("STATS_CACHE_SECONDS", default=300)

# A process keeps the unit tree it read while its version in the cache is unchanged (every
# committed change to units, heads, deputies, lineage, people or the committee changes it).
UNIT_TREE_CACHE = env.bool("UNIT_TREE_CACHE", default=True)
