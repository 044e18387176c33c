"""Policies, their successive drafts and the numbered sections of each draft, and the Word
imports that make drafts."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from . import compare, freshness, sections, visibility
from .blocks import RICH_TEXT_FEATURES, SectionBodyBlock
from .enums import DraftImportStatus, DraftStatus, SectionLevel
from .feeds import PolicyDraftsFeed
from .forms import DraftPageForm
from .translations import FallbackToDefaultLanguageMixin

# Sub-paths of a policy page that are views, so no draft may take them as its slug.
RESERVED_DRAFT_SLUGS = {"compare", "adopted", "feed"}


class HomePage(FallbackToDefaultLanguageMixin, Page):
    """The site's front page: the policies under consultation and where each stands."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    is_demonstration = models.BooleanField(
        _("demonstration content"),
        default=False,
        help_text=_("Shows a notice on every page that the content is a demonstration."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("is_demonstration"),
    ]
    subpage_types = ["policy_docs.PolicyPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Only what this visitor may see: a restricted policy or draft, and so its title, is
        # left out for anyone who cannot open it, as Wagtail's own menus do.
        policies = PolicyPage.objects.child_of(self).filter(visibility.visible_pages_q(request))
        context["policies"] = [
            (policy, policy.current_draft(request)) for policy in policies.specific()
        ]
        context["demo_content"] = self.is_demonstration
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # It says where each policy's current draft stands: purged with every policy and draft
        # under it (consultation/page_cache.py), never kept past a window's opening or closing.
        drafts = DraftPage.objects.descendant_of(self).live()
        return freshness.readers_may_keep(response, request, page=self, drafts=drafts)


class PolicyPage(FallbackToDefaultLanguageMixin, RoutablePageMixin, Page):
    """A policy (e.g. the National Diaspora Policy); its drafts are its child pages, in order."""

    summary = models.TextField(_("summary"), blank=True, help_text=_("One paragraph, plain text."))
    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    is_demonstration = models.BooleanField(
        _("demonstration content"),
        default=False,
        help_text=_("Shows a notice on every page of this policy that it is a demonstration."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("introduction"),
        FieldPanel("is_demonstration"),
    ]
    parent_page_types = ["policy_docs.HomePage", "wagtailcore.Page"]
    subpage_types = ["policy_docs.DraftPage"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("introduction"),
    ]

    class Meta:
        verbose_name = _("policy")

    def drafts(self, request=None):
        """The published drafts, in the order the drafters arranged them; with a request,
        only those it may see (policy_docs.visibility)."""
        drafts = DraftPage.objects.child_of(self).live().order_by("path")
        if request is not None:
            drafts = drafts.filter(visibility.visible_pages_q(request))
        return drafts

    def current_draft(self, request=None):
        """The draft open for comments, or else the latest published draft."""
        drafts = list(self.drafts(request))
        open_drafts = [d for d in drafts if d.status == DraftStatus.OPEN]
        return open_drafts[0] if open_drafts else (drafts[-1] if drafts else None)

    def adopted_draft(self, request=None):
        return self.drafts(request).filter(status=DraftStatus.ADOPTED).last()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The timeline leaves out the drafts this visitor may not open, titles included.
        drafts = list(self.drafts(request))
        context["drafts"] = drafts
        context["current_draft"] = self.current_draft(request)
        context["adopted_draft"] = next(
            (d for d in reversed(drafts) if d.status == DraftStatus.ADOPTED), None
        )
        context["policy"] = self
        context["demo_content"] = self.is_demonstration
        return context

    @path("", name="index")
    def index_route(self, request, *args, **kwargs):
        response = super().index_route(request, *args, **kwargs)
        # Its timeline says where each draft stands (purged with them: page_cache.py).
        return freshness.readers_may_keep(response, request, page=self, drafts=self.drafts())

    @path("adopted/", name="adopted")
    def adopted_view(self, request):
        """The adopted text at a URL that stays the same when a later revision starts: the
        latest adopted draft this visitor may see."""
        adopted = self.adopted_draft(request)
        if adopted is None:
            return render(
                request,
                "policy_docs/not_adopted.html",
                {"page": self, "policy": self, "demo_content": self.is_demonstration},
                status=404,
            )
        return adopted.serve(request, canonical_view=True)

    @path("feed/", name="feed")
    def feed_view(self, request):
        """The Atom feed of its drafts (policy_docs/feeds.py)."""
        return PolicyDraftsFeed()(request, policy=self)

    @path("compare/", name="compare")
    def compare_view(self, request):
        result = compare.compare_request(self, request.GET, request=request)
        if result.refusal is not None:
            return result.refusal
        context = {
            "page": self,
            "policy": self,
            "demo_content": self.is_demonstration,
            **result.context,
        }
        response = render(request, "policy_docs/compare_page.html", context, status=result.status)
        # Every compare page of the policy is purged with any of its drafts (page_cache.py).
        # Values padded with spaces name the same drafts: answered, not kept (junk would
        # otherwise make new entries without end).
        exact = all(value == value.strip() for value in request.GET.values())
        return freshness.readers_may_keep(
            response, request, page=self, drafts=result.context["drafts"],
            query_params={"from", "to"} if exact else (),
        )  # fmt: skip


class DraftPage(Page):
    """One version of a policy's text: Draft 1, Draft 2, ..., Adopted policy. Its title is
    its version label."""

    status = models.CharField(
        _("status"), max_length=20, choices=DraftStatus.choices, default=DraftStatus.PREPARATION
    )
    opens_at = models.DateTimeField(_("consultation opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("consultation closes"), null=True, blank=True)
    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    changes_summary = RichTextField(
        _("what changed since the previous draft"), blank=True, features=RICH_TEXT_FEATURES
    )

    content_panels = [
        FieldPanel(
            "title", heading=_("Version label"), help_text=_("E.g. Draft 2, Adopted policy")
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Consultation"),
        ),
        FieldPanel("introduction"),
        FieldPanel("changes_summary"),
        InlinePanel("sections", heading=_("Sections"), label=_("Section")),
    ]
    base_form_class = DraftPageForm
    parent_page_types = ["policy_docs.PolicyPage"]
    subpage_types = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("changes_summary"),
    ]

    class Meta:
        verbose_name = _("draft")

    @property
    def version_label(self) -> str:
        return self.title

    @cached_property
    def policy(self) -> PolicyPage:
        return self.get_parent().specific

    def is_open_for_comments(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == DraftStatus.OPEN
            and self.opens_at is not None
            and self.closes_at is not None
            and self.opens_at <= now < self.closes_at
        )

    def serve(self, request, *args, **kwargs):
        # Wagtail checked the restrictions of the page it routed to; the adopted view of the
        # policy page serves this draft itself, so check them here too.
        if not getattr(request, "is_preview", False) and (
            refused := visibility.visible_or_refusal(self, request)
        ):
            return refused
        response = super().serve(request, *args, **kwargs)
        # A draft that anyone may see, open or settled, may be kept in the site's page cache
        # for readers, which is purged when the draft is published, a comment on it is
        # published or removed, its responses change or a view restriction over it changes
        # (consultation/page_cache.py); never past the moment its window opens or closes.
        return freshness.readers_may_keep(response, request, page=self, drafts=[self])

    def status_summary(self, now=None) -> str:
        """Where the consultation on this draft stands, in one sentence for the banner."""
        now = now or timezone.now()
        closes = self.closes_at and date_format(
            timezone.localtime(self.closes_at), "DATETIME_FORMAT"
        )
        opens = self.opens_at and date_format(timezone.localtime(self.opens_at), "DATETIME_FORMAT")
        if self.status == DraftStatus.ADOPTED:
            if self.first_published_at:
                published = date_format(timezone.localtime(self.first_published_at), "DATE_FORMAT")
                return _("This is the adopted policy, published on %(date)s.") % {"date": published}
            return _("This is the adopted policy.")
        if self.status == DraftStatus.PREPARATION:
            return _("This draft is in preparation and not yet open for comments.")
        if self.status == DraftStatus.OPEN and self.opens_at and now < self.opens_at:
            return _("Opens for comments on %(opens)s.") % {"opens": opens}
        if self.is_open_for_comments(now):
            return _("Open for comments until %(closes)s.") % {"closes": closes}
        if self.closes_at and self.closes_at <= now:
            return _("The consultation on this draft closed on %(closes)s.") % {"closes": closes}
        return _("This draft is closed for comments.")

    def previous_draft(self, request=None):
        """The published draft before this one; with a request, the one before it that the
        request may see."""
        # Asked twice while the page is made (its link, what its sections took up): once.
        kept = getattr(self, "_previous_draft", None)
        if request is not None and kept and kept[0] is request:
            return kept[1]
        drafts = DraftPage.objects.sibling_of(self, inclusive=False).live()
        if request is not None:
            drafts = drafts.filter(visibility.visible_pages_q(request))
        previous = drafts.filter(path__lt=self.path).order_by("-path").first()
        self._previous_draft = (request, previous)
        return previous

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The consultation must close after it opens.")
        if self.status == DraftStatus.OPEN and not (self.opens_at and self.closes_at):
            errors["opens_at"] = _("A draft open for comments needs an opening and closing date.")
        if self.slug in RESERVED_DRAFT_SLUGS:
            errors["slug"] = _("“%(slug)s” is used by the policy page; choose another slug.") % {
                "slug": self.slug
            }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        ordered = list(self.sections.all())
        for position, section in enumerate(ordered):
            section.sort_order = position
        sections.assign_missing_keys(ordered)
        if problems := sections.structure_errors(ordered):
            raise ValidationError(problems)
        sections.assign_numbers(ordered)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        ordered = list(self.sections.all())
        sections.assign_numbers(ordered)  # in memory: a preview may have reordered them
        context.update(
            policy=self.policy,
            demo_content=self.policy.is_demonstration,
            sections=ordered,
            previous_draft=self.previous_draft(request),
            canonical_view=kwargs.get("canonical_view", False),
        )
        if context["canonical_view"]:
            # From the site's configured address (Wagtail's Site), never from the request's
            # Host header: the page is kept in the shared cache for every reader.
            policy_url = self.policy.get_full_url()
            context["canonical_url"] = policy_url and policy_url + self.policy.reverse_subpage(
                "adopted"
            )
        return context


class DraftSectionQuerySet(models.QuerySet):
    def published(self):
        """Sections the public can read: those of published drafts."""
        return self.filter(page__live=True)


class DraftSection(index.Indexed, Orderable):
    """A numbered section of one draft. `key` is its identity across drafts: it is copied
    when the next draft is started and never follows edits of the heading.

    Sections are what the public search finds in the policy text (each result links to its
    anchor); only those of published drafts are indexed."""

    page = ParentalKey(DraftPage, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(
        _("key"),
        max_length=sections.KEY_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Identifies this section across drafts; made from the heading when left blank. "
            "Keep it when you retitle or move the section so that comments follow it."
        ),
    )
    heading = models.CharField(_("heading"), max_length=255)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=SectionLevel.choices, default=SectionLevel.SECTION
    )
    number = models.CharField(_("number"), max_length=20, blank=True, editable=False)
    body = StreamField(SectionBodyBlock(), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("heading"), FieldPanel("level")]),
        FieldPanel("body"),
        FieldPanel("key"),
    ]
    search_fields = [
        index.SearchField("heading", boost=2),
        index.SearchField("body"),
        index.FilterField("page"),
        index.FilterField("key"),
    ]

    objects = DraftSectionQuerySet.as_manager()
    # Indexed by the draft's publication, all at once (signal_handlers.py).
    search_auto_update = False

    class Meta(Orderable.Meta):
        verbose_name = _("section")
        indexes = [models.Index(fields=["page", "key"])]

    def __str__(self):
        return f"{self.number} {self.heading}".strip()

    @property
    def anchor(self) -> str:
        """The HTML id of this section; the same in every draft."""
        return f"section-{self.key}"

    def get_absolute_url(self):
        return f"{self.page.url}#{self.anchor}"

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.published()


def private_storage():
    """The storage of private uploads (settings.STORAGES["private"]), outside the public media
    folder and never served by URL."""
    return storages["private"]


def _import_upload_name(instance, filename) -> str:
    # Never the uploaded name: it may say more than the file's content needs to.
    return f"word-imports/{uuid.uuid4().hex}.docx"


class DraftImport(models.Model):
    """A Word document uploaded in the admin to become the next draft of a policy, read by the
    background worker (word_import/background.py). The uploaded file is kept only until the
    worker has read it; the row keeps the outcome: the import report, or the refusal."""

    policy = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    label = models.CharField(_("version label"), max_length=255, blank=True)
    # The interface language of the request: the worker refuses in it.
    language = models.CharField(max_length=16, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DraftImportStatus.choices,
        default=DraftImportStatus.QUEUED,
    )
    file = models.FileField(storage=private_storage, upload_to=_import_upload_name, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)  # by the worker
    draft = models.ForeignKey(
        DraftPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report = models.JSONField(default=dict, blank=True)  # ImportReport.as_data()
    message = models.TextField(blank=True)  # the refusal, or the error
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Word draft import")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.filename} → {self.policy} ({self.get_status_display()})"

    STEPS = [DraftImportStatus.QUEUED, DraftImportStatus.READING, DraftImportStatus.SAVING]

    @property
    def in_progress(self) -> bool:
        return self.status in self.STEPS

    @property
    def step(self) -> int:
        """The step being taken, from 1 to len(STEPS), while in progress."""
        return self.STEPS.index(self.status) + 1 if self.in_progress else len(self.STEPS)
