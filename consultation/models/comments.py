from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment
from wagtail.search import index

from ..enums import Stance
from .personal_data import PersonalDataRecord
from .tagging import SpeakerTags

# A section's page lists its comments this many threads at a time, oldest first.
THREADS_PER_PAGE = 20


class SectionCommentQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: approved and not removed."""
        return self.filter(is_public=True, is_removed=False)

    def shown_publicly(self):
        """Published comments on published drafts: the only ones a page, a link or an e-mail
        may show or name outside the moderation queue."""
        return self.published().filter(section__page__live=True)

    def for_draft(self, draft):
        return self.filter(section__page=draft)

    def thread_ids(self):
        """The threads with a public comment, oldest first."""
        return self.published().order_by("thread_id").values_list("thread_id", flat=True).distinct()


class SectionComment(index.Indexed, SpeakerTags, PersonalDataRecord, XtdComment):
    """A stakeholder's comment (or reply) on one section of one draft. The section is also
    xtd's generic target (content_type/object_pk); the foreign key makes per-section and
    per-draft queries plain joins.

    Only published comments are in the search index, and only their words: never the
    commenter's name, e-mail address, gender or other details."""

    section = models.ForeignKey(
        "policy_docs.DraftSection",
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("section"),
    )
    stance = models.CharField(_("stance"), max_length=20, choices=Stance.choices, blank=True)
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    quoted_passage = models.TextField(_("passage referred to"), blank=True)

    objects = SectionCommentQuerySet.as_manager()

    search_fields = [
        index.SearchField("comment"),
        index.SearchField("proposed_wording"),
        index.FilterField("is_public"),
        index.FilterField("is_removed"),
        index.FilterField("section"),
        index.FilterField("sector"),
        # What the public search narrows by (consultation.public_search).
        index.RelatedFields("section", [index.FilterField("page"), index.FilterField("key")]),
    ]

    class Meta:
        verbose_name = _("comment")
        ordering = ["thread_id", "order"]

    @property
    def speaker_name(self) -> str:
        return self.user_name

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.published()

    @classmethod
    def with_thread_pages(cls, comments: list) -> list:
        """Set `thread_page` on each comment: the page of its section's comments that shows
        it. One query for the whole list (search results, e-mails)."""
        earlier_threads = (
            cls.objects.published()
            .filter(section=OuterRef("section"), thread_id__lt=OuterRef("thread_id"))
            .order_by()
            .values("section")
            .annotate(count=Count("thread_id", distinct=True))
            .values("count")
        )
        earlier = dict(
            cls.objects.filter(pk__in=[comment.pk for comment in comments])
            .annotate(earlier=Coalesce(Subquery(earlier_threads), 0))
            .values_list("pk", "earlier")
        )
        for comment in comments:
            comment.thread_page = earlier.get(comment.pk, 0) // THREADS_PER_PAGE + 1
        return comments

    def get_absolute_url(self, anchor_pattern="#c%(id)s"):
        """The comment on the page of its section's comments that shows it (the draft page
        shows only a few threads)."""
        if getattr(self, "thread_page", None) is None:
            self.with_thread_pages([self])
        url = reverse("section_comment", args=[self.section_id])
        if self.thread_page > 1:
            url += f"?page={self.thread_page}"
        return url + anchor_pattern % {"id": self.pk}
