from django.apps import AppConfig


class PolicyDocsConfig(AppConfig):
    name = "policy_docs"
    verbose_name = "Policy documents"

    def ready(self):
        from . import signal_handlers  # noqa: F401
