from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(sender, using, **kwargs):
    """The database caches (rate-limit counters: settings.CACHES) get their table with every
    `migrate`, so no deployment step can be forgotten; an existing table is left as it is."""
    call_command("createcachetable", database=using, verbosity=0)


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "Consultation"

    def ready(self):
        from django_comments_xtd.moderation import moderator

        from policy_docs.models import DraftSection

        from .moderation_rules import SectionCommentModerator

        moderator.register(DraftSection, SectionCommentModerator)

        from . import signal_handlers  # noqa: F401

        post_migrate.connect(create_cache_tables, sender=self)
