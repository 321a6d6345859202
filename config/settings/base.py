"""Settings shared by every environment; values come from environment variables only.

The embedded default (no variables set) is SQLite with Celery tasks run in-process,
so `make run` works on a laptop with nothing else installed.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts.admin_config.RoleAdminConfig",  # django.contrib.admin with the role-aware site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "simple_history",
    "csp",
    # Our apps, in dependency order (each may import only from those above it).
    "accounts",
    "regulation",
    "careers",
    "leadership",
    "talent",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.uploads.UploadSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content security policy (django-csp): every script and style is a file we serve, so
# no inline script or style runs, and no page may be framed. Headers on every response,
# in every environment, so a page that breaks the policy fails its tests.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "accounts.templatetags.nhsuk_forms.NHSUKFormRenderer"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# An empty DATABASE_URL means "not set": the embedded SQLite default.
DATABASES = {
    "default": env.db_url_config(
        env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Rate-limited login: lock an account and address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The sign-in form posts the email as "username" (Django's AuthenticationForm field name).
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The design system is installed from the npm registry (package-lock.json) and served from
# node_modules; its files are never committed.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Imports: a request body over this is answered 413 before it is read (accounts/uploads.py),
# and a command refuses a file over the second from its size, before opening it.
IMPORT_UPLOAD_MAX_BYTES = env.int("IMPORT_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
IMPORT_FILE_MAX_BYTES = env.int("IMPORT_FILE_MAX_BYTES", default=100 * 1024 * 1024)

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="no-reply@clinical-leadership.example"
)

# Celery: a broker URL means real workers; none means tasks run in-process (eager).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task a lost worker had taken (acks late) is delivered again after this many
    # seconds; it must exceed the hard time limit, or a long report would reach a
    # second worker while the first still builds it (checked by `manage.py check`).
    "visibility_timeout": env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=3600),
    # How long opening a broker connection to publish may retry. kombu opens it with
    # these, not with the publish retry policy below (celery/celery#6046), and by
    # default keeps trying for seconds: a page requesting a report would hang on a
    # broker that is down. Workers reconnect on their own schedule regardless.
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    # A Redis that hangs (frozen, or gone without closing the connection) must not
    # hang the page that publishes: without these a publish waits for ever.
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
# Fail fast when the broker is down, so a page can say "queued" instead of hanging.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}
# Reports: every organisation's reports on the 1st of each month (one task per body),
# and a sweep that fails runs left "running" past the hard time limit and sends the
# runs whose task the broker could not take (it was down) once it is back.
REPORTS_SWEEP_SECONDS = env.float("REPORTS_SWEEP_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE["reports-monthly"] = {
    "task": "reports.regenerate_all",
    "schedule": crontab(minute=0, hour=2, day_of_month=1),
}
CELERY_BEAT_SCHEDULE["reports-sweep-stuck-runs"] = {
    "task": "reports.sweep_stuck_runs",
    "schedule": REPORTS_SWEEP_SECONDS,
    # Sweeps that pile up while no worker runs are dropped: the next one does it all.
    "options": {"expires": REPORTS_SWEEP_SECONDS},
}
# Leadership: daily reminders to senior leaders whose registration is due in 90 days.
CELERY_BEAT_SCHEDULE["leadership-revalidation-reminders"] = {
    "task": "leadership.send_revalidation_reminders",
    "schedule": crontab(minute=0, hour=7),
}

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: no browsable HTML pages under /api/ (the docs live at /api/docs/).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "1200/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Clinical Leadership Pathways API",
    "DESCRIPTION": (
        "Senior-leader career records, talent programme, career pathways, regulator "
        "guidance and board reports. Every list is scoped by the caller's memberships; "
        "another organisation's record answers 404. Errors share one shape: "
        '{"error": {"status", "code", "message", "fields"}}.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_schema.add_error_responses",
    ],
    # Swagger UI served from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from validator.swagger.io: it would send it our schema's address, and
    # the content security policy blocks images from other hosts anyway.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # One name per choice set, so the schema has no ambiguous enums.
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "leadership.models.DatePrecision",
        "OrganisationKindEnum": "leadership.models.OrganisationKind",
        "QualificationKindEnum": "leadership.models.QualificationKind",
        "ReportKindEnum": "reports.models.ReportKind",
        "TalentScoreEnum": "talent.models.reviews.Score",
        "LeadershipDimensionEnum": "talent.models.reviews.LeadershipDimension",
        "DevelopmentActionKindEnum": "talent.models.actions.ActionKind",
        "DevelopmentActionStatusEnum": "talent.models.actions.ActionStatus",
        "TalentProfileStatusEnum": "talent.models.profiles.ProfileStatus",
    },
}
# Filter drop-downs offer "Any" rather than django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = "Any"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Small-number suppression (NHS Digital secondary-care rule) used by every aggregate view.
SUPPRESSION_THRESHOLD = 7
SUPPRESSION_ROUNDING = 5
# Reports: a profession's ceiling is the highest level with more staff than this; a
# board-against-workforce gap is a finding only where at least this % have declared.
REPORTS_CEILING_THRESHOLD = env.int("REPORTS_CEILING_THRESHOLD", default=0)
REPORTS_DECLARATION_MIN_RATE = env.float("REPORTS_DECLARATION_MIN_RATE", default=70.0)

# Reference-data loaders run by `manage.py load_reference`, in dependency order.
REFERENCE_LOADERS = [
    "regulation.reference.load",
    "careers.reference.load",
    "leadership.reference.load",
    "talent.reference.load",
]

# The public directory lists leaders: anyone who has held a post at this level rank or
# above, or a board seat. Talent-pool clinicians below it are not listed publicly. The
# list is stored (leadership Person.is_leader): rerun `load_reference` after a change.
LEADERSHIP_DIRECTORY_MIN_RANK = env.int("LEADERSHIP_DIRECTORY_MIN_RANK", default=6)

# A talent profile's review is overdue when its latest review (or, if never reviewed,
# its joining date) is more than this many days ago.
TALENT_REVIEW_INTERVAL_DAYS = env.int("TALENT_REVIEW_INTERVAL_DAYS", default=365)
