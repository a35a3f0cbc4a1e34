"""Settings for the counter-trafficking knowledge portal.

Everything that differs between a laptop, CI and production comes from environment variables
(README lists them all). With none set, the portal runs on its embedded default: a SQLite file,
Celery tasks executed in-process, e-mail printed to the console.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=False)
# Django's `check --deploy` flags this key (security.W009): production must set SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only-never-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Where the "Quick exit" control on every page leaves to: a neutral site that raises no suspicion.
QUICK_EXIT_URL = env("QUICK_EXIT_URL", default="https://www.google.com/search?q=weather")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that it patches translated fields in.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal.taxonomy",
    "portal.accounts",
    "portal.audit",
    "portal.notifications",
    "portal.search",
    "portal.site",
    "practices",
    "reviews",
    "grants",
    "campaigns",
    "resources",
    "network",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.site.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.site.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# Search totals and facet counts are cached until the index next changes (portal.search.services.index_version).
SEARCH_CACHE_TIMEOUT = env.int("SEARCH_CACHE_TIMEOUT", default=24 * 60 * 60)
# The benchmark (benchmarks/) reads each response's server time and query count; never on in production.
if env.bool("BENCH_METRICS", default=False):
    MIDDLEWARE.insert(0, "benchmarks.middleware.BenchMetricsMiddleware")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.notifications.context_processors.unread_notifications",
            ],
        },
    },
    {
        # Plain-text e-mails: no HTML escaping of titles and letters ("l'ONG", "R&D").
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Just-in-time compilation pays off for long analytical queries, not a page's: it added 70–160 ms to the
    # facet counts of a search matching most of 100,000 practices.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "site:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
USE_X_FORWARDED_FOR = env.bool("USE_X_FORWARDED_FOR", default=False)
# Two-factor sign-in (portal/accounts/twofactor.py): optional for everyone; with this on, staff, editors and
# grant managers must set it up before they use the site.
REQUIRE_2FA_FOR_STAFF = env.bool("REQUIRE_2FA_FOR_STAFF", default=False)
OTP_TOTP_ISSUER = "Counter-Trafficking Portal"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh-hans", _("Simplified Chinese")),
    ("pt", _("Portuguese")),
    ("hi", _("Hindi")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", default="UTC")
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Reference data (taxonomy) falls back to English; content items fall back to their original.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
JQUERY_UI_URL = "jquery-ui/jquery-ui.min.js"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "portal.site.staticfinders.JQueryUIFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Counter-Trafficking Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------
# The outbox row in the database is the truth; the broker is only a doorbell (DESIGN.md).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://localhost/")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "portal"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Longer than any countdown we schedule, so Redis never re-delivers a task that is merely waiting.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing happens in a request's on-commit hook: fail fast, the outbox re-dispatch catches up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "redispatch-pending-notifications": {
        "task": "portal.notifications.tasks.redispatch_pending_notifications",
        "schedule": timedelta(minutes=1),
    },
    "review-reminders": {
        "task": "reviews.tasks.send_review_reminders",
        "schedule": timedelta(hours=6),
    },
    "alert-digests": {
        "task": "portal.notifications.tasks.send_alert_digests",
        "schedule": timedelta(minutes=5),
    },
    "discussion-digests": {
        "task": "network.tasks.send_thread_digests",
        "schedule": timedelta(hours=1),
    },
    "grant-report-reminders": {
        "task": "grants.tasks.send_report_reminders",
        "schedule": timedelta(hours=6),
    },
    "warm-caches": {
        "task": "portal.site.tasks.warm_caches",
        "schedule": timedelta(seconds=30),
        "options": {"expires": 30},
    },
}

NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
NOTIFICATION_REDISPATCH_AFTER = timedelta(seconds=env.int("NOTIFICATION_REDISPATCH_AFTER_SECONDS", default=60))

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "portal.api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Counter-Trafficking Knowledge Portal API",
    "DESCRIPTION": "Open API v1: good practices, peer review, micro-grants, campaigns and taxonomy.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Several models share field names with different choices: name each set once.
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "portal.settings.LANGUAGES",
        "PracticeStateEnum": "practices.models.Practice.State",
        "AssignmentStateEnum": "reviews.models.Assignment.State",
        "ReviewStateEnum": "reviews.models.Review.State",
        "ReviewCaseStateEnum": "reviews.models.ReviewCase.State",
        "OrganizationKindEnum": "portal.accounts.models.OrganizationKind",
        "GrantAttachmentKindEnum": "grants.models.AttachmentKind",
        "ReportKindEnum": "grants.models.Report.Kind",
        "MaterialKindEnum": "campaigns.models.Material.Kind",
        "EventKindEnum": "campaigns.models.Event.Kind",
        "MaterialLicenceEnum": "campaigns.models.Material.Licence",
        "CampaignAudienceEnum": "campaigns.models.Audience",
        "ResourceKindEnum": "resources.models.Resource.Kind",
        "ResourceStateEnum": "resources.models.Resource.State",
        "ResourceAudienceEnum": "resources.models.Resource.Audience",
        "ResourceLicenceEnum": "resources.models.Resource.Licence",
    },
}

# --- Security -------------------------------------------------------------------------------
# Secure by default; a plain-HTTP deployment (or local run) turns these off with DEBUG or env.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Styles may be inline (the admin and the API docs set a few); scripts may not.
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    default="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'",
)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PRACTICE_ATTACHMENT_MAX_BYTES = env.int("PRACTICE_ATTACHMENT_MAX_MB", default=10) * 1024 * 1024
# Campaign posters, audio and video; longer videos are given as links.
# Practitioners' network: posts and messages to experts per member and time window (flood limit).
DISCUSSION_POST_LIMIT = env.int("DISCUSSION_POST_LIMIT", default=5)
DISCUSSION_POST_WINDOW = env.int("DISCUSSION_POST_WINDOW_SECONDS", default=600)
EXPERT_MESSAGE_LIMIT = env.int("EXPERT_MESSAGE_LIMIT", default=3)
EXPERT_MESSAGE_WINDOW = env.int("EXPERT_MESSAGE_WINDOW_SECONDS", default=3600)
RESOURCE_FILE_MAX_BYTES = env.int("RESOURCE_FILE_MAX_MB", default=25) * 1024 * 1024
CAMPAIGN_MATERIAL_MAX_BYTES = env.int("CAMPAIGN_MATERIAL_MAX_MB", default=25) * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per task is noise when tasks run eagerly in the embedded default.
        "celery.app.trace": {"level": env("CELERY_TASK_LOG_LEVEL", default="WARNING")},
        # Font subsetting for PDFs reports every table it touches at INFO.
        "fontTools": {"level": "WARNING"},
    },
}
