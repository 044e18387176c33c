"""The figures of "What we heard" as published for a draft: kept, so that they move only now
and then (consultation.what_we_heard), never with each approval."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedFigures(models.Model):
    """One per draft (its default-language version). `figures` holds only what is shown
    (hidden cells are null, never their values); `basis` the contributions they count, each
    comment with the tags the figures use, so that the next update knows who came and went."""

    draft = models.OneToOneField(
        "policy_docs.DraftPage", on_delete=models.CASCADE, related_name="published_figures"
    )
    figures = models.JSONField(default=dict)
    basis = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("figures as of"))
    # When the next update was last considered: at most once an hour.
    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")

    def __str__(self):
        return f"{self.draft} figures as of {self.computed_at:%Y-%m-%d %H:%M}"
