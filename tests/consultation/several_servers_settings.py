"""The production settings as each app server of tests/consultation/test_several_servers.py
runs them, with one difference that has nothing to do with several servers: static files are
served from the code's folders instead of collected (collectstatic takes 40 s, and the files
are the same on every server, being part of the code)."""

from consultation.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
