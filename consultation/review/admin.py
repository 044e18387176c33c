"""The feedback inbox in the Wagtail admin: a snippet viewset over feedback items (so that it
has Wagtail's filters, sorting, pagination, bulk actions, history and spreadsheet export),
whose edit view is the drafters' response form beside the comment in context."""

import csv
from collections import defaultdict

from django import forms
from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.mixins import Echo
from wagtail.admin.widgets import AdminTagWidget
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from policy_docs.models import DraftPage, DraftSection

from ..enums import Gender, ReviewStatus
from ..models import FeedbackItem, SectionComment, Theme
from . import spreadsheet
from .feedback import feedback_respond
from .filters import (
    TEXT_SEARCH_FIELDS,
    FeedbackFilterSet,
    reviewers,
    section_label,
    text_matching,
)

REVIEW = "consultation.review_feedback"


class ReviewPermissionPolicy(ModelPermissionPolicy):
    """Drafters (and administrators) read, answer and export; nobody adds or deletes
    feedback here: it comes from stakeholders."""

    def user_has_permission(self, user, action):
        return action in {"change", "view", "export"} and user.is_active and user.has_perm(REVIEW)


def inbox_matching(queryset, filters):
    """The items (people) that the filters select, campaign members included."""
    if filters is None or not filters.is_valid() or not filters.form.has_changed():
        return queryset
    return filters.filter_queryset(queryset)


def inbox_rows(queryset, filters):
    """The inbox's rows for a filter set: one per campaign that has a matching member, and
    every matching item outside a campaign."""
    matching = inbox_matching(queryset, filters)
    leads = queryset.campaign_leads()
    if matching is queryset:
        return leads
    # A policy, draft or section selects leads as it selects their members: only the other
    # filters need to look at every member (which costs a pass over all of them).
    shared = filters.SHARED_BY_CAMPAIGNS
    leads = filters.filtered_by(leads, shared)
    if set(filters.set_filters()) <= shared:
        return leads
    return leads.filter(pk__in=matching.group_keys())


def gender_spread(counts: dict) -> str:
    """'6 women, 5 men, 1 not said': the genders of a campaign's senders, largest first."""
    words = {
        Gender.WOMAN: lambda n: ngettext("%(count)d woman", "%(count)d women", n),
        Gender.MAN: lambda n: ngettext("%(count)d man", "%(count)d men", n),
        Gender.ANOTHER: lambda n: ngettext(
            "%(count)d of another gender", "%(count)d of another gender", n
        ),
        Gender.UNDISCLOSED: lambda n: ngettext("%(count)d not said", "%(count)d not said", n),
    }
    ordered = sorted(counts.items(), key=lambda pair: -pair[1])
    return ", ".join(words[gender](count) % {"count": count} for gender, count in ordered if count)


def sender_spread(items) -> None:
    """Give each campaign on the page the spread of its senders' genders, in one query."""
    campaigns = [item for item in items if item.campaign_size > 1]
    if not campaigns:
        return
    rows = (
        FeedbackItem.objects.in_review()
        .filter(campaign__in=campaigns)
        .values_list("campaign", "gender")
        .annotate(count=Count("pk"))
    )
    spread = defaultdict(lambda: defaultdict(int))
    for lead_id, gender, count in rows:
        spread[lead_id][gender] += count
    for item in campaigns:
        counts = spread[item.pk]
        counts[item.gender] += 1
        item.sender_spread = gender_spread(counts)


class FeedbackInboxView(IndexView):
    default_ordering = "-submitted_at"
    paginate_by = 50

    def get_base_queryset(self):
        return (
            FeedbackItem.objects.in_review()
            .select_related("draft", "section", "sector", "assignee")
            .prefetch_related("themes")
            .order_by("-submitted_at")
        )

    def filter_queryset(self, queryset):
        rows = inbox_rows(queryset, self.filters)
        return self.order_queryset(rows)

    def search_queryset(self, queryset):
        # Through the search index, like an export of these rows (review.filters).
        if not self.is_searching:
            return queryset
        return text_matching(queryset, self.search_query)

    @cached_property
    def people_count(self):
        """Everyone behind the rows: campaign members count once each."""
        return inbox_matching(self.get_base_queryset(), self.filters).count()

    def get_filterset_kwargs(self):
        # An export shows no filter form: the counts beside its choices are not needed.
        return {**super().get_filterset_kwargs(), "count_choices": not self.is_export}

    def get(self, request, *args, **kwargs):
        if self.is_export:  # the rows alone, without the listing page made around them
            return self.as_spreadsheet(self.get_queryset(), request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    # The spreadsheet export, read as values (review.spreadsheet): the generic one reads each
    # cell through a model instance, which takes minutes for a campaign-sized draft.
    def write_xlsx(self, queryset, output):
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        rows = spreadsheet.export_rows(queryset, self.list_export)
        spreadsheet.write_xlsx(rows, headings, output)

    def stream_csv(self, queryset):
        writer = csv.writer(Echo())
        yield writer.writerow([self.get_heading(queryset, field) for field in self.list_export])
        for row in spreadsheet.export_rows(queryset, self.list_export):
            yield writer.writerow(spreadsheet.csv_values(row))

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = list(page.object_list)
        sender_spread(page.object_list)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["people_count"] = self.people_count
        return context


class FeedbackResponseForm(WagtailAdminModelForm):
    class Meta:
        model = FeedbackItem
        fields = ["status", "decision", "response", "themes", "addressed_in", "assignee"]
        widgets = {
            "themes": AdminTagWidget(tag_model=Theme),
            "response": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        self.fields["assignee"].queryset = reviewers()
        self.fields["assignee"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )
        later_drafts = DraftPage.objects.sibling_of(item.draft).filter(path__gt=item.draft.path)
        later_sections = DraftSection.objects.filter(page__in=later_drafts).select_related("page")
        self.fields["addressed_in"].queryset = later_sections.order_by("page__path", "sort_order")
        self.fields["addressed_in"].label_from_instance = section_label

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == ReviewStatus.ANSWERED:
            if not cleaned_data.get("decision"):
                self.add_error("decision", _("An answered item needs a decision."))
            if not (cleaned_data.get("response") or "").strip():
                self.add_error("response", _("An answered item needs a response."))
        return cleaned_data


class FeedbackResponseView(EditView):
    success_message = _("Your response to %(object)s was saved.")

    def get_success_message(self, instance=None):
        # The snippet edit view words its own message ("… updated.") and ignores this one.
        return self.success_message % {"object": instance or self.object}

    def save_instance(self):
        data = self.form.cleaned_data
        return feedback_respond(
            item=self.object,
            user=self.request.user,
            status=data["status"],
            decision=data["decision"],
            response=data["response"],
            themes=list(data["themes"]),
            addressed_in=data["addressed_in"],
            assignee=data["assignee"],
        )

    def get_success_url(self):
        return reverse("feedback:list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        context["item"] = item
        context["source"] = item.source
        if item.comment_id:
            context["thread"] = (
                SectionComment.objects.filter(thread_id=item.comment.thread_id)
                .select_related("sector")
                .order_by("order")
            )
        members = FeedbackItem.objects.filter(campaign=item).select_related("sector")
        context["campaign_members"] = members.order_by("submitted_at")[:200]
        if item.campaign_size > 1:
            counts = defaultdict(int, members.values_list("gender").annotate(count=Count("pk")))
            counts[item.gender] += 1
            context["campaign_gender"] = gender_spread(counts)
        if item.campaign_id:
            context["campaign_lead"] = item.campaign
        return context


def excerpt(item) -> str:
    return Truncator(item.text).chars(140)


def where(item) -> str:
    if item.section_id:
        return f"{item.draft.title} · {item.section.number} {item.section.heading}"
    return f"{item.draft.title} · {_('written submission')}"


def speaker(item) -> str:
    tags = [item.get_gender_display(), str(item.sector), item.country]
    if item.organisation:
        tags.insert(0, item.organisation)
    return " · ".join(tags)


def senders(item) -> str:
    if item.campaign_size == 1:
        return "1"
    return ngettext("%(count)d sender", "%(count)d senders (%(spread)s)", item.campaign_size) % {
        "count": item.campaign_size,
        "spread": getattr(item, "sender_spread", ""),
    }


class FeedbackViewSet(SnippetViewSet):
    model = FeedbackItem
    icon = "comment"
    menu_label = _("Feedback")
    menu_name = "feedback"
    menu_order = 240
    add_to_admin_menu = True
    url_prefix = "feedback"
    admin_url_namespace = "feedback"
    index_view_class = FeedbackInboxView
    index_results_template_name = "consultation/review/inbox_results.html"
    edit_template_name = "consultation/review/respond.html"
    edit_view_class = FeedbackResponseView
    filterset_class = FeedbackFilterSet
    permission_policy = ReviewPermissionPolicy(FeedbackItem)
    search_fields = TEXT_SEARCH_FIELDS
    list_per_page = 50
    export_filename = "feedback"
    list_display = [
        Column("pk", label=_("No."), sort_key="pk"),
        Column("submitted_at", label=_("Received"), sort_key="submitted_at"),
        Column("where", label=_("Section"), accessor=where, sort_key="section__sort_order"),
        TitleColumn(
            "excerpt",
            label=_("Comment"),
            accessor=excerpt,
            get_url=lambda item: reverse("feedback:edit", args=[item.pk]),
        ),
        Column("speaker", label=_("From"), accessor=speaker),
        Column("senders", label=_("Senders"), accessor=senders, sort_key="campaign_size"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column(
            "decision", label=_("Decision"), accessor="get_decision_display", sort_key="decision"
        ),
        Column("assignee", label=_("Assigned to"), accessor="assignee"),
    ]
    list_export = [
        "pk",
        "submitted_at",
        "get_kind_display",
        "draft.title",
        "section_number",
        "section_heading",
        "text",
        "speaker_name",
        "organisation",
        "is_organisation",
        "get_gender_display",
        "sector.name",
        "country_name",
        "get_stance_display",
        "campaign_size",
        "get_status_display",
        "get_decision_display",
        "response",
        "theme_names",
        "assignee",
    ]
    export_headings = {
        "pk": _("No."),
        "submitted_at": _("Received"),
        "get_kind_display": _("Kind"),
        "draft.title": _("Draft"),
        "section_number": _("Section number"),
        "section_heading": _("Section"),
        "text": _("Comment"),
        "speaker_name": _("Name"),
        "organisation": _("Organisation"),
        "is_organisation": _("On behalf of the organisation"),
        "get_gender_display": _("Gender"),
        "sector.name": _("Sector"),
        "country_name": _("Country"),
        "get_stance_display": _("Stance"),
        "campaign_size": _("Senders"),
        "get_status_display": _("Status"),
        "get_decision_display": _("Decision"),
        "response": _("Drafters' response"),
        "theme_names": _("Themes"),
        "assignee": _("Assigned to"),
    }

    def get_form_class(self, for_update=False):
        return FeedbackResponseForm
