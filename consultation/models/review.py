"""The drafters' side of every contribution: one FeedbackItem per comment or written
submission, carrying its review (status, decision, response, themes, assignee) and the
speaker's tags copied from the source, so that every filter of the inbox is a column of one
table."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase
from wagtail.search import index

from policy_docs.models import DraftPage

from ..enums import Decision, FeedbackKind, Gender, ReviewStatus, Stance
from .comments import SectionComment
from .submissions import WrittenSubmission


class Theme(TagBase):
    """A free tag that groups comments across sections ("remittance costs")."""

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class ThemedFeedback(ItemBase):
    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tagged_feedback")
    content_object = models.ForeignKey(
        "consultation.FeedbackItem", on_delete=models.CASCADE, related_name="themed_items"
    )


class FeedbackItemQuerySet(models.QuerySet):
    def in_review(self):
        """What drafters review: everything not rejected or removed by a moderator."""
        return self.filter(is_removed=False)

    def drafts(self):
        """The drafts these items were sent on."""
        return DraftPage.objects.filter(pk__in=self.values("draft"))

    def campaign_leads(self):
        """One row per campaign (its first item) and every item that belongs to none."""
        return self.filter(campaign__isnull=True)

    def group_keys(self):
        """For each item, the id of its campaign's lead (its own id when it has none)."""
        return self.values_list(Coalesce("campaign_id", "id"), flat=True)

    def for_policy(self, policy):
        return self.filter(draft__in=DraftPage.objects.child_of(policy))

    def taken_up(self):
        return self.filter(decision__in=Decision.taken_up())


class FeedbackItem(index.Indexed, models.Model):
    comment = models.OneToOneField(
        SectionComment, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    submission = models.OneToOneField(
        WrittenSubmission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback",
    )

    # Copied from the comment or submission by review.feedback.feedback_item_sync.
    kind = models.CharField(_("kind"), max_length=20, choices=FeedbackKind.choices)
    draft = models.ForeignKey(
        "policy_docs.DraftPage", on_delete=models.PROTECT, related_name="+", verbose_name=_("draft")
    )
    section = models.ForeignKey(
        "policy_docs.DraftSection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_items",
        verbose_name=_("section"),
    )
    text = models.TextField(_("text"))
    submitted_at = models.DateTimeField(_("received"), db_index=True)
    speaker_name = models.CharField(_("name"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices)
    sector = models.ForeignKey(
        "consultation.Sector", on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    country = models.CharField(_("country of residence"), max_length=2)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    is_organisation = models.BooleanField(_("on behalf of an organisation"), default=False)
    stance = models.CharField(_("stance"), max_length=20, choices=Stance.choices, blank=True)
    # The language version of the draft it was written on; comments on a Sesotho version
    # count towards the default-language draft and its sections (policy_docs.translations).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_reply = models.BooleanField(_("reply"), default=False)
    is_public = models.BooleanField(_("approved by a moderator"), default=False)
    is_removed = models.BooleanField(_("rejected or removed"), default=False)
    fingerprint = models.CharField(max_length=40, db_index=True, editable=False)

    # Campaigns: identical or near-identical texts point at the first of them.
    campaign = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_members",
        verbose_name=_("campaign"),
    )
    campaign_size = models.PositiveIntegerField(
        _("senders"), default=1, help_text=_("How many items this one stands for.")
    )

    # The review.
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NEW
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    response = models.TextField(
        _("drafters' response"),
        blank=True,
        help_text=_("Published with the comment once the responses to this draft are published."),
    )
    themes = TaggableManager(
        through=ThemedFeedback,
        blank=True,
        verbose_name=_("themes"),
        help_text=_("Free tags that group comments across sections."),
    )
    addressed_in = models.ForeignKey(
        "policy_docs.DraftSection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="addressed_feedback",
        verbose_name=_("addressed in"),
        help_text=_("The section of a later draft where this was taken up."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    updated_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)

    objects = FeedbackItemQuerySet.as_manager()

    # The drafters' text search (see review.filters.text_matching). An internal index: the
    # public search never reads it.
    search_fields = [
        field
        for name in ["text", "speaker_name", "organisation", "response"]
        for field in (index.SearchField(name), index.AutocompleteField(name))
    ]

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-submitted_at"]
        permissions = [("review_feedback", _("Can review, answer and export feedback"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(comment__isnull=False, submission__isnull=True)
                | Q(comment__isnull=True, submission__isnull=False),
                name="feedback_item_has_one_source",
            )
        ]
        indexes = [
            models.Index(fields=["draft", "is_removed", "campaign"]),
            models.Index(fields=["section", "fingerprint"]),
        ]

    def __str__(self):
        where = f"{self.draft.title} · {self.section}" if self.section_id else self.draft.title
        return f"#{self.pk} {where}"

    @classmethod
    def from_db(cls, db, field_names, values):
        item = super().from_db(db, field_names, values)
        # Whether the public saw it as loaded: a change to an item nobody saw, before or
        # after, leaves every public page as it was (signal_handlers: no purge then).
        # A field not loaded counts as shown, so that the page is purged rather than stale.
        loaded = item.__dict__
        item.was_shown = loaded.get("is_public", True) and not loaded.get("is_removed", False)
        return item

    @property
    def is_shown(self) -> bool:
        """Published and not removed: the public pages show it."""
        return self.is_public and not self.is_removed

    @property
    def section_number(self) -> str:
        return self.section.number if self.section_id else ""

    @property
    def section_heading(self) -> str:
        return self.section.heading if self.section_id else ""

    @property
    def country_name(self) -> str:
        return countries.name(self.country)

    @property
    def theme_names(self) -> str:
        return ", ".join(sorted(theme.name for theme in self.themes.all()))

    @property
    def source(self):
        return self.comment if self.comment_id else self.submission


class ResponsePublication(models.Model):
    """The drafters' explicit decision to publish their responses to a closed draft: before
    it, no decision or response is shown publicly."""

    draft = models.OneToOneField(
        "policy_docs.DraftPage", on_delete=models.CASCADE, related_name="response_publication"
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("publication of responses")

    def __str__(self):
        return f"{self.draft} responses published {self.published_at:%Y-%m-%d}"
