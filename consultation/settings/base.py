"""Settings shared by every environment. Everything that differs between machines comes
from the environment; secrets never live here."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "consultation",
    "policy_docs",
    "django_comments_xtd",
    "django_comments",
    "django_countries",
    "allauth",
    "allauth.account",
    "axes",
    "wagtail.locales",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "mailer",
    "csp",
    "django.contrib.auth",
    "django.contrib.sites",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files before anything else: pre-compressed, with far-future cache headers.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers readers of settled public pages from the cache (consultation/page_cache.py).
    "consultation.page_cache.PublicPageCacheMiddleware",
    # Pages compressed for readers on slow data (Django masks CSRF tokens against BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF's check, the first to read a request's body.
    "consultation.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "consultation.middleware.SearchUnavailableMiddleware",
    # Last, as django-axes requires: answers a locked-out sign-in with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "consultation.urls"
WSGI_APPLICATION = "consultation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default is a SQLite file under var/ (git-ignored); production sets
# DATABASE_URL=postgres://user:password@host:5432/name.
_default_database_url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
# Connections are kept for a minute between requests and checked before reuse, so that a
# worker whose connection died (PostgreSQL restarted) opens a new one instead of failing.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _default_database_url,
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # Several processes write to the embedded database (web, workers): each write transaction
    # takes the lock as it starts and waits for it up to 20 s, instead of failing at once with
    # "database is locked" when a read turns into a write; WAL lets readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface language is the reader's choice (the switcher in the header sets a cookie),
# else their browser's, else English. Sesotho strings are translated in locale/st only where a
# correct translation is known; the rest fall back to English.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("st", "Sesotho")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django does not know Sesotho: its names, as the switcher shows them.
LANG_INFO.setdefault(
    "st", {"bidi": False, "code": "st", "name": "Sesotho", "name_local": "Sesotho"}
)
FORMAT_MODULE_PATH = ["consultation.formats"]
# Content in several languages: a draft can have a Sesotho version (Wagtail's locales; the
# admin's "Translate" action copies a page into another locale for the drafters to translate).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Africa/Maseru"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Attachments of written submissions: never under MEDIA_URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        # Keeps nothing of a file it could not write to the end (a full disk).
        "BACKEND": "consultation.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content Security Policy (django-csp) of the public site: only its own scripts, styles,
# images and forms, nothing inline, never in a frame. Wagtail's admin uses inline scripts
# and styles, so it is left out (it sends X-Frame-Options like every page).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# The cache (rate limits, and the public pages it will hold): Redis when REDIS_URL is set,
# so that every gunicorn worker and machine shares it; else each process's own memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    ),
    # Each process's own copy of cached public pages, in front of the shared cache.
    "near": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
# Public pages kept for readers (consultation/page_cache.py); purged when they change, so this
# only bounds what a change made without a signal can leave stale.
# Without Redis each process has its own cache, and a purge reaches only the process that made
# it: the others' copies must expire soon.
PUBLIC_PAGE_CACHE_SECONDS = int(
    os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600" if REDIS_URL else "30")
)

# Background work (Django's task framework through django-tasks). Wagtail's own tasks stay on
# the immediate backend; long Word exports go to a database queue that `manage.py db_worker
# --backend background` works through (`make run` starts one).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    # E-mails, worked through by `manage.py db_worker --backend mail` (consultation/mail_queue.py).
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# E-mail: SMTP settings from the environment; dev and test override the backend.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A mail server that hangs must not hold the mail worker for long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "consultation@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Every e-mail is queued in the database (django-mailer) and delivered by the mail worker, which
# retries while the mail server is down (consultation/mail_queue.py). MAILER_EMAIL_BACKEND is
# the real delivery: SMTP with the settings above.
EMAIL_BACKEND = "consultation.mail_queue.QueuedEmailBackend"
MAILER_EMAIL_BACKEND = os.environ.get(
    "MAILER_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
MAIL_RETRY_SECONDS = int(os.environ.get("MAIL_RETRY_SECONDS", "300"))
# Rows are locked in the database while they are sent, not with a lock file in the cwd.
MAILER_USE_FILE_LOCK = False
# The delivery log keeps no copy of the messages: they hold addresses and comments.
MAILER_EMAIL_LOG_MESSAGE_DATA = False

WAGTAIL_SITE_NAME = "National Diaspora Policy consultation"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Search: Whoosh, an index on local disk (search_index/), unless SEARCH_BACKEND says otherwise.
# A Whoosh index lives on one machine's disk: with several application servers, use
# SEARCH_BACKEND=database (modelsearch's database backend: PostgreSQL full-text search) or
# SEARCH_BACKEND=opensearch with OPENSEARCH_URL (needs `pip install opensearch-py`).
# After switching, fill the new index: `manage.py update_index`.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh")
SEARCH_BACKENDS = {
    "whoosh": {
        "BACKEND": "search_index.backend",
        "PATH": os.environ.get("SEARCH_INDEX_PATH", str(VAR_DIR / "search_index")),
        # A search that finds the index missing or damaged queues its rebuild for the worker.
        "REBUILD_TASK_BACKEND": "background",
    },
    "database": {"BACKEND": "wagtail.search.backends.database"},
    "opensearch": {
        "BACKEND": "wagtail.search.backends.opensearch2",
        "URLS": [os.environ.get("OPENSEARCH_URL", "http://localhost:9200")],
        "INDEX": os.environ.get("OPENSEARCH_INDEX", "consultation"),
    },
}
if SEARCH_BACKEND not in SEARCH_BACKENDS:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}, not {SEARCH_BACKEND!r}"
    )
WAGTAILSEARCH_BACKENDS = {"default": SEARCH_BACKENDS[SEARCH_BACKEND]}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
# A long draft is edited as one form: one field set per section.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
SITE_ID = 1

# Stakeholder accounts (django-allauth): e-mail address and password, nothing else.
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Policy consultation] "
# Brute-force protection (django-axes) on every sign-in, the admin's and the stakeholders':
# after 5 wrong passwords for one account from one address, that pair is locked out for 15
# minutes (per pair, so an attacker cannot lock a person out from everywhere). Attempts are
# kept in the database, shared by every worker; `manage.py axes_reset_username EMAIL` unlocks
# early (accounts are named by their address: consultation.stakeholders.sign_in_name).
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failures are kept (until the pause ends); successful sign-ins are not logged: personal data
# with no use here.
AXES_DISABLE_ACCESS_LOG = True
AXES_USERNAME_CALLABLE = "consultation.stakeholders.sign_in_name"
AXES_LOCKOUT_TEMPLATE = "consultation/locked_out.html"
# allauth's own count of failures per account would answer before axes with another message:
# keep only its limit per address across accounts (password spraying).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
# A sign-in cut off by the database does not count as a failed one (account_adapter.py).
ACCOUNT_ADAPTER = "consultation.account_adapter.AccountAdapter"

# Comments (django-comments-xtd) on the sections of drafts.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "consultation.models.SectionComment"
COMMENTS_XTD_FORM_CLASS = "consultation.forms.comments.SectionCommentForm"
COMMENTS_XTD_MAX_THREAD_LEVEL = int(os.environ.get("COMMENTS_MAX_THREAD_LEVEL", "2"))
COMMENTS_XTD_CONFIRM_EMAIL = True
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_SEND_HTML_EMAIL = False
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_SALT = os.environ.get("COMMENTS_XTD_SALT", "section-comments").encode()
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "policy_docs.draftsection": {
        "who_can_post": "all",
        "allow_flagging": True,
        "allow_feedback": False,
        "show_feedback": False,
    }
}
COMMENT_MAX_LENGTH = 5000
# "pre": hidden until a moderator approves; "post": shown at once, reviewed afterwards.
MODERATION_MODE = os.environ.get("MODERATION_MODE", "pre")
# Rate limits on posting (django-ratelimit syntax), per IP address and per account.
COMMENT_RATE_PER_IP = os.environ.get("COMMENT_RATE_PER_IP", "10/h")
COMMENT_RATE_PER_USER = os.environ.get("COMMENT_RATE_PER_USER", "20/h")
SUBMISSION_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Largest request body, refused with a 413 from its Content-Length before it is read
# (consultation.middleware.RequestSizeLimitMiddleware): the attachment limit plus room for the
# submission's text; in the admin, above the Word import's 20 MB. Set the reverse proxy's own
# limit (nginx client_max_body_size) to the same values.
MAX_REQUEST_BYTES = SUBMISSION_MAX_UPLOAD_BYTES + 1024 * 1024
MAX_ADMIN_REQUEST_BYTES = 25 * 1024 * 1024
# Word imports of a draft (policy_docs/word_import/) run in the background worker. What a
# document may hold is counted from its XML before anything expands it in memory; the
# conversion then runs in a child process under a memory and CPU-time cap. A 530-page policy
# with 60 tables (11,000 paragraphs, 9,000 table cells, 1.1 million characters) takes about
# 130 MB and 6 s; the defaults leave several times that room.
WORD_IMPORT_MAX_TABLE_CELLS = int(os.environ.get("WORD_IMPORT_MAX_TABLE_CELLS", "50000"))
WORD_IMPORT_MAX_PARAGRAPHS = int(os.environ.get("WORD_IMPORT_MAX_PARAGRAPHS", "50000"))
WORD_IMPORT_MAX_TABLE_DEPTH = int(os.environ.get("WORD_IMPORT_MAX_TABLE_DEPTH", "5"))
# Fields (page numbers, links, a table of contents) open inside one another: Word nests 3.
WORD_IMPORT_MAX_FIELD_DEPTH = int(os.environ.get("WORD_IMPORT_MAX_FIELD_DEPTH", "30"))
WORD_IMPORT_MAX_CHARACTERS = int(os.environ.get("WORD_IMPORT_MAX_CHARACTERS", "5000000"))
WORD_IMPORT_MAX_PARAGRAPH_CHARACTERS = int(
    os.environ.get("WORD_IMPORT_MAX_PARAGRAPH_CHARACTERS", "100000")
)
WORD_IMPORT_MAX_RUNS = int(os.environ.get("WORD_IMPORT_MAX_RUNS", "200000"))
WORD_IMPORT_MAX_XML_ELEMENTS = int(os.environ.get("WORD_IMPORT_MAX_XML_ELEMENTS", "1500000"))
WORD_IMPORT_MAX_STYLES = int(os.environ.get("WORD_IMPORT_MAX_STYLES", "10000"))
# Beyond what the worker process holds already (Django and Wagtail loaded: about 170 MB).
WORD_IMPORT_MEMORY_MB = int(os.environ.get("WORD_IMPORT_MEMORY_MB", "1024"))
WORD_IMPORT_CPU_SECONDS = int(os.environ.get("WORD_IMPORT_CPU_SECONDS", "300"))
# Personal data (Lesotho's Data Protection Act 2011; the GDPR for commenters in Europe): the
# privacy notice's version is recorded with each consent, so raise it when the notice's
# substance changes. Personal details of contributions to a draft are anonymised this many
# days after its consultation closes (`manage.py purge_expired_personal_data`, daily).
PRIVACY_NOTICE_VERSION = "2026-11"
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "365"))
COUNTRIES_FIRST = ["LS", "ZA"]
COUNTRIES_FIRST_REPEAT = True
