"""Local development: debug on, e-mail printed to the console, a fake key."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
DEMO_ADMIN_PASSWORD_ALLOWED = DEBUG
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
MAILER_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
