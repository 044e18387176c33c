from django.apps import AppConfig


class PolicyDocsConfig(AppConfig):
    name = "policy_docs"
    verbose_name = "Policy documents"
