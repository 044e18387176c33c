from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "Consultation"

    def ready(self):
        from django_comments_xtd.moderation import moderator

        from policy_docs.models import DraftSection

        from .moderation_rules import SectionCommentModerator

        moderator.register(DraftSection, SectionCommentModerator)

        from .spreadsheets import spreadsheet_exports_neutralise_formulas

        spreadsheet_exports_neutralise_formulas()

        from . import signal_handlers  # noqa: F401
