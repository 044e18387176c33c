from django.apps import AppConfig


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
