"""Comments sent by visitors who are not signed in, waiting for their author to confirm the
e-mail address they gave (consultation.comment_posting). Only the hash of the link's token is
kept: the token itself travels in the e-mail alone, and the link holds nothing else."""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PendingCommentQuerySet(models.QuerySet):
    def for_token(self, token: str):
        return self.filter(token_hash=token_digest(token))

    def for_address(self, email: str):
        return self.filter(email__iexact=email)

    def expired(self, now=None):
        """Past their link's expiry, confirmed or not: nothing can be done with them."""
        return self.filter(expires_at__lt=now or timezone.now())


class PendingComment(models.Model):
    """One comment as it was sent, until its author follows the link e-mailed to them.

    `comment_data` holds what the comment will be stored with (name, address, text, who is
    speaking, consent, internet address). Once confirmed, the row keeps only the link to the
    stored comment (so that the link says "already confirmed"); it is deleted when the link
    expires (`purge_expired_personal_data`)."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    section = models.ForeignKey(
        "policy_docs.DraftSection",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("section"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    comment_data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("link expires"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    comment = models.ForeignKey(
        "consultation.SectionComment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stored comment"),
    )

    objects = PendingCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment awaiting confirmation")
        verbose_name_plural = _("comments awaiting confirmation")

    def __str__(self):
        return f"Comment awaiting confirmation on section {self.section_id}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at < (now or timezone.now())
