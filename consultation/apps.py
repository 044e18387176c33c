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

        # xtd's receiver stores a signed-in comment, or e-mails anyone else a link holding the
        # whole comment as a signed pickle: consultation.comment_posting does both instead
        # (its receiver is in signal_handlers).
        from django_comments.signals import comment_was_posted
        from django_comments_xtd import views as xtd_views
        from django_comments_xtd.models import TmpXtdComment

        comment_was_posted.disconnect(xtd_views.on_comment_was_posted, sender=TmpXtdComment)
        from .spreadsheets import spreadsheet_exports_neutralise_formulas

        spreadsheet_exports_neutralise_formulas()

        from . import signal_handlers  # noqa: F401

        post_migrate.connect(create_cache_tables, sender=self)
