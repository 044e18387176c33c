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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    # First: the visitor's address behind the proxies (TRUSTED_PROXY_COUNT), for everything
    # that keys on it (consultation/client_addresses.py).
    "consultation.client_addresses.ClientAddressMiddleware",
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
    # Whether the session passed its second factor (django-otp), and, for a team member who
    # has not, the way to that page from everywhere else (consultation/second_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "consultation.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "consultation.middleware.SearchUnavailableMiddleware",
    # Last, as django-axes requires: answers a locked-out sign-in with its page.
    "axes.middleware.AxesMiddleware",
]

# How many HTTPS proxies stand in front of the application and append the address they received
# a request from to X-Forwarded-For: 1 behind one nginx. 0 (the default) ignores the header and
# takes the connection's address, as without a proxy. Every limit keyed on the visitor's
# address (comments, sign-in lock-outs, allauth's) reads the address worked out from it.
try:
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or "0")
except ValueError:
    TRUSTED_PROXY_COUNT = -1
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT must be a whole number, 0 or more (the proxies in front of the "
        f"site), not {os.environ.get('TRUSTED_PROXY_COUNT')!r}"
    )
RATELIMIT_IP_META_KEY = "consultation.client_addresses.client_address"

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
# Where uploads live. "filesystem" (the default): the two folders above; with several app
# servers, a folder every server mounts (NFS, a shared volume). "s3": S3-compatible object
# storage through django-storages (`pip install -e ".[s3]"`), one bucket, the public media
# under media/ and the private uploads under private/, never readable without the keys (no
# ACL opens them; the bucket's policy must not either) and only ever served through the views
# that check permission (which read them from the bucket and stream them), never by a link.
UPLOADS_STORAGE = os.environ.get("UPLOADS_STORAGE", "filesystem")
if UPLOADS_STORAGE == "s3":
    if not os.environ.get("S3_BUCKET"):
        raise ImproperlyConfigured("UPLOADS_STORAGE=s3 needs S3_BUCKET (the bucket's name).")
    _s3 = {
        "bucket_name": os.environ["S3_BUCKET"],
        # Another provider than AWS (MinIO, Ceph, a cloud's S3-compatible service).
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        # Unset: boto3's own chain (an instance role, ~/.aws/credentials).
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        # "path" for most S3-compatible servers (MinIO); AWS takes "virtual" too.
        "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
        # A name already taken gets a suffix, as on disk: never one file over another.
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "media",
            # Images and documents are public: readers' browsers fetch them from the bucket
            # (or S3_MEDIA_DOMAIN, a CDN in front of it) once its policy lets anyone read
            # media/. S3_MEDIA_SIGNED_URLS=true signs each link instead.
            "default_acl": None,
            "custom_domain": os.environ.get("S3_MEDIA_DOMAIN") or None,
            "querystring_auth": env_bool("S3_MEDIA_SIGNED_URLS", False),
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "private",
            # No ACL: objects are private to the bucket's owner unless a policy opens them, and
            # buckets with ACLs disabled (AWS's default for new buckets) refuse any other than
            # the owner's full control.
            "default_acl": None,
            # Should a link ever be made, it is signed and short-lived.
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
    # Wagtail would answer a document's link with a redirect to the bucket, where a document
    # of a collection restricted to some readers would be open to anyone with the address:
    # its own view checks the restriction and streams the file instead.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
elif UPLOADS_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"UPLOADS_STORAGE must be filesystem or s3, not {UPLOADS_STORAGE!r}")

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

# Caches. Two stores with different jobs, so that page traffic can never push out a counter:
# - "default" and "limits" (the same store): what counts attempts and other small state that
#   must hold: comment, search and download rate limits (django-ratelimit), wrong page
#   passwords, allauth's sign-in limits (allauth only uses "default"), Wagtail's list of
#   sites. In the database (Django's database cache, table cache_counters, created by
#   `migrate`): shared by every worker and machine, untouched by a Redis outage, and down
#   only when the database is, when every page answers 503 anyway.
# - "pages": the public page cache (consultation/page_cache.py) and the Word files of drafts:
#   Redis when REDIS_URL is set, shared by every worker; else each process's own memory. A
#   Redis outage is a cache miss, never an error (django-redis IGNORE_EXCEPTIONS, short
#   socket timeouts): pages are then made afresh.
# - "near": each process's own copy of cached pages, in front of "pages".
REDIS_URL = os.environ.get("REDIS_URL", "")
_counters = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "cache_counters",
    # Entries set without a timeout of their own (an incremented counter: Django's incr()
    # sets the value again) outlive the longest rate window, a day.
    "TIMEOUT": 24 * 60 * 60,
    # Counters expire with their window; the bound is only a backstop.
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
# How long one Redis operation may take before the page is made without the cache.
REDIS_TIMEOUT_SECONDS = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.25"))
PAGE_CACHE_MAX_ENTRIES = int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "2000"))
CACHES = {
    "default": _counters,
    "limits": _counters,
    "pages": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT_SECONDS,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT_SECONDS,
            },
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES},
        }
    ),
    "near": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "near-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
RATELIMIT_USE_CACHE = "limits"
# Public pages kept for readers (consultation/page_cache.py); purged when they change, so this
# only bounds what a change made without a signal (or a purge lost while Redis was down) can
# leave stale. Without Redis each process has its own cache, and a purge reaches only the
# process that made it: the others' copies must expire soon.
PUBLIC_PAGE_CACHE_SECONDS = int(
    os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600" if REDIS_URL else "30")
)
# A published draft's Word file is kept per revision (a new publication makes a new one);
# this bounds how long an unused one stays.
DRAFT_DOWNLOAD_CACHE_SECONDS = int(os.environ.get("DRAFT_DOWNLOAD_CACHE_SECONDS", "604800"))
# Throttles per client address (django-ratelimit syntax: count/period) on public work that
# costs CPU, answered with a 429 page: Word downloads of drafts and searches.
DRAFT_DOWNLOAD_RATE_PER_IP = os.environ.get("DRAFT_DOWNLOAD_RATE_PER_IP", "30/m")
SEARCH_RATE_PER_IP = os.environ.get("SEARCH_RATE_PER_IP", "60/m")
# Wrong passwords on a password-restricted page, per client address and restriction.
PAGE_PASSWORD_RATE_PER_IP = os.environ.get("PAGE_PASSWORD_RATE_PER_IP", "10/h")

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
        # A search that finds the index missing or damaged queues its rebuild for the worker,
        # and an erasure that finds it locked queues its compaction there.
        "REBUILD_TASK_BACKEND": "background",
        # Saves are written to the index by that worker, in batches, not in the request
        # (search_index/write_behind.py): searches see them about a second later.
        "WRITE_BEHIND": env_bool("SEARCH_INDEX_WRITE_BEHIND", True),
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
# A page restricted to signed-in users (or groups) sends visitors to the site's own sign-in.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# An account signs in, and so comments as itself, only once its address is confirmed from the
# e-mail sent to it: anyone can type anyone's address. Sign-up and password reset then answer
# the same whether or not an account has the address (the holder of an address already
# registered gets an e-mail saying so), so neither tells a visitor who has an account.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
# Confirming from the browser that signed up signs in there and goes on to where the visitor
# was (the comment form they came from).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_FORMS = {"signup": "consultation.forms.accounts.StakeholderSignupForm"}
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
AXES_CLIENT_IP_CALLABLE = "consultation.client_addresses.client_address"
AXES_LOCKOUT_TEMPLATE = "consultation/locked_out.html"
# allauth's own count of failures per account would answer before axes with another message:
# keep only its limit per address across accounts (password spraying), and its limit of
# sign-ins per address (allauth's default, 30/m). Only the load test raises the latter, in its
# server's environment: its commenters all sign in from 127.0.0.1.
SIGN_IN_RATE_PER_IP = os.environ.get("SIGN_IN_RATE_PER_IP", "30/m")
ACCOUNT_RATE_LIMITS = {"login": f"{SIGN_IN_RATE_PER_IP}/ip", "login_failed": "10/m/ip"}
# Passwords are hashed with Argon2id (passwords.py, README "Password hashing"); hashes made
# by the PBKDF2 of earlier versions still verify and are re-hashed with Argon2id at sign-in.
PASSWORD_HASHERS = [
    "consultation.passwords.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# A sign-in cut off by the database does not count as a failed one (account_adapter.py).
ACCOUNT_ADAPTER = "consultation.account_adapter.AccountAdapter"

# Two-step verification (django-otp) for everyone who can reach the Wagtail admin: a code from
# an authenticator app after the password, wherever they sign in (second_factor.py). Required
# (every team member sets up an app at their first sign-in) when SECOND_FACTOR_REQUIRED is on:
# always in production; in development and tests only when set, so that the demo's admin/admin
# works as it is. Without it, only those who have set up an app are asked for its code.
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", False)
# `manage.py ensure_admin` may create the demo's admin / admin only where this is on: in the
# development settings with DEBUG on (dev.py). Elsewhere it asks for a password that passes
# AUTH_PASSWORD_VALIDATORS.
DEMO_ADMIN_PASSWORD_ALLOWED = False
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Comments (django-comments-xtd) on the sections of drafts.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "consultation.models.SectionComment"
COMMENTS_XTD_FORM_CLASS = "consultation.forms.comments.SectionCommentForm"
COMMENTS_XTD_MAX_THREAD_LEVEL = int(os.environ.get("COMMENTS_MAX_THREAD_LEVEL", "2"))
# xtd's own storing (and its confirmation and stop links, pickles signed into URLs) is replaced
# by consultation/comment_posting.py and consultation/follow_ups.py.
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_SEND_HTML_EMAIL = False
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
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
# A comment from a visitor who is not signed in waits for its author to confirm their e-mail
# address (consultation/comment_posting.py): the link sent works this many days; an address
# receives at most this many confirmation e-mails (django-ratelimit syntax); confirming is
# limited like an account's posting (COMMENT_RATE_PER_USER, per address).
COMMENT_CONFIRMATION_DAYS = int(os.environ.get("COMMENT_CONFIRMATION_DAYS", "7"))
COMMENT_CONFIRMATION_EMAILS_PER_ADDRESS = os.environ.get(
    "COMMENT_CONFIRMATION_EMAILS_PER_ADDRESS", "5/d"
)
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
# 2026-12: accounts, working copies and backups are given a retention period.
PRIVACY_NOTICE_VERSION = "2026-12"
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "365"))
# Stakeholder accounts not used (no sign-in, comment or submission) for this many days are
# erased by the same daily command, after an e-mail warning this many days before (0: never).
# The team's accounts (staff, superusers, members of a group) are left to the administrators.
ACCOUNT_RETENTION_DAYS = int(os.environ.get("ACCOUNT_RETENTION_DAYS", "730"))
ACCOUNT_RETENTION_WARNING_DAYS = int(os.environ.get("ACCOUNT_RETENTION_WARNING_DAYS", "30"))
# Finished background tasks and the Word exports they wrote keep the inbox's filters and
# search words (which may name someone) and, for exports, names: deleted after this many days.
TASK_RETENTION_DAYS = int(os.environ.get("TASK_RETENTION_DAYS", "30"))
# Every erasure is recorded, as a keyed hash of the address, in a ledger outside the database,
# so that restoring an older backup erases the person again (consultation/erasure_ledger.py).
# Its default place is in the private uploads, so that backups carry it. The key defaults to
# one derived from SECRET_KEY: set ERASURE_LEDGER_KEY to keep the ledger usable across a
# change of SECRET_KEY.
ERASURE_LEDGER_PATH = Path(
    os.environ.get("ERASURE_LEDGER_PATH", PRIVATE_MEDIA_ROOT / "erasure-ledger.jsonl")
)
if UPLOADS_STORAGE == "s3" and not os.environ.get("ERASURE_LEDGER_PATH"):
    # The ledger is a file appended to under a lock, which an object store cannot do; on one
    # server's own disk, the erasures made through the others would be missing from it.
    raise ImproperlyConfigured(
        "With UPLOADS_STORAGE=s3, set ERASURE_LEDGER_PATH to a file on a folder every app "
        "server mounts (and copy it off with the backups)."
    )
ERASURE_LEDGER_KEY = os.environ.get("ERASURE_LEDGER_KEY", "")
COUNTRIES_FIRST = ["LS", "ZA"]
COUNTRIES_FIRST_REPEAT = True
