"""The moderation queue in the Wagtail admin: a model viewset over comments whose edit view
records a moderator's decision instead of editing the comment."""

import django_filters
from django import forms
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import ModelLogEntry
from wagtail.permission_policies.base import ModelPermissionPolicy

from . import moderation
from .models import SectionComment, WrittenSubmission

MODERATE = "django_comments.can_moderate"


class ModerationPermissionPolicy(ModelPermissionPolicy):
    """Moderators (django_comments' can_moderate permission) may view and decide; nobody
    adds or deletes comments here."""

    def user_has_permission(self, user, action):
        return action in {"change", "view"} and user.is_active and user.has_perm(MODERATE)


class ModerationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("Awaiting a decision or flagged"),
        choices=[
            ("all", _("All")),
            ("awaiting", _("Awaiting approval")),
            ("flagged", _("Flagged by visitors")),
            ("published", _("Published")),
            ("removed", _("Rejected or removed")),
        ],
        method="filter_status",
    )

    class Meta:
        model = SectionComment
        fields = []

    def filter_status(self, queryset, name, value):
        return {
            "all": queryset,
            "awaiting": queryset.filter(is_public=False, is_removed=False),
            "flagged": queryset.filter(flags__isnull=False, is_removed=False).distinct(),
            "published": queryset.filter(is_public=True, is_removed=False),
            "removed": queryset.filter(is_removed=True),
        }[value]


class ModerationQueueView(IndexView):
    def get_base_queryset(self):
        queryset = (
            super()
            .get_base_queryset()
            .select_related("section__page", "sector")
            .annotate(flag_count=Count("flags", distinct=True))
        )
        if not self.request.GET.get("status"):  # the queue: what needs a moderator now
            queryset = queryset.filter(
                Q(is_public=False, is_removed=False) | Q(flag_count__gt=0, is_removed=False)
            )
        return queryset.order_by("-submit_date")


DECISIONS = {
    "approve": (_("Approve: publish it"), moderation.moderation_approve),
    "reject": (_("Reject: never publish it"), moderation.moderation_reject),
    "remove": (_("Remove: take it down (it is kept for the record)"), moderation.moderation_remove),
    "publish_attachment": (
        _("Publish it with its attachment"),
        moderation.submission_publish_attachment,
    ),
}
COMMENT_DECISIONS = ["approve", "reject", "remove"]
SUBMISSION_DECISIONS = ["approve", "publish_attachment", "reject", "remove"]


class DecisionForm(WagtailAdminModelForm):
    """A moderator's decision, with the reason kept in the history."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject or remove. Kept in the history, never published."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = (
            SUBMISSION_DECISIONS if hasattr(self.instance, "attachment") else COMMENT_DECISIONS
        )
        self.fields["decision"].choices = [(name, DECISIONS[name][0]) for name in offered]

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("decision") in {"reject", "remove"}
            and not cleaned_data.get("reason", "").strip()
        ):
            self.add_error("reason", _("Give a reason to reject or remove it."))
        return cleaned_data


class CommentDecisionForm(DecisionForm):
    class Meta:
        model = SectionComment
        fields = []


class SubmissionDecisionForm(DecisionForm):
    class Meta:
        model = WrittenSubmission
        fields = []


class DecisionView(EditView):
    template_name = "consultation/admin/moderate.html"

    def save_instance(self):
        decide = DECISIONS[self.form.cleaned_data["decision"]][1]
        return decide(
            item=self.object, user=self.request.user, reason=self.form.cleaned_data["reason"]
        )

    def get_success_message(self, instance=None):
        return _("Your decision on the contribution by %(name)s was recorded.") % {
            "name": self.object.public_name
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["item"] = self.object
        context["history"] = (
            ModelLogEntry.objects.for_instance(self.object)
            .select_related("user")
            .order_by("-timestamp")
        )
        return context


def excerpt(comment):
    return Truncator(comment.comment).chars(120)


def section_label(comment):
    return f"{comment.section.page.title} · {comment.section.number} {comment.section.heading}"


def status_label(comment):
    if comment.is_removed:
        return _("Rejected or removed")
    return _("Published") if comment.is_public else _("Awaiting approval")


class CommentModerationViewSet(ModelViewSet):
    model = SectionComment
    icon = "warning"
    menu_label = _("Moderation")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "moderation/comments"
    name = "comment_moderation"
    index_view_class = ModerationQueueView
    edit_view_class = DecisionView
    filterset_class = ModerationFilterSet
    form_fields = []
    list_display = [
        Column("submit_date", label=_("Received"), accessor="submit_date"),
        TitleColumn(
            "excerpt",
            label=_("Comment"),
            accessor=excerpt,
            get_url=lambda comment: reverse("comment_moderation:edit", args=[comment.pk]),
        ),
        Column("section", label=_("Section"), accessor=section_label),
        Column("public_name", label=_("By"), accessor="public_name"),
        Column("flag_count", label=_("Flags"), accessor="flag_count"),
        Column("status", label=_("Status"), accessor=status_label),
    ]

    def get_form_class(self, for_update=False):
        return CommentDecisionForm


class SubmissionFilterSet(ModerationFilterSet):
    class Meta:
        model = WrittenSubmission
        fields = []


class SubmissionQueueView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("draft", "sector")
        if not self.request.GET.get("status"):
            queryset = queryset.filter(is_public=False, is_removed=False)
        return queryset.order_by("-submit_date")


def submission_excerpt(submission):
    return Truncator(submission.text).chars(120)


def attachment_name(submission):
    return submission.attachment.name.rsplit("/", 1)[-1] if submission.attachment else ""


class SubmissionModerationViewSet(ModelViewSet):
    model = WrittenSubmission
    icon = "mail"
    menu_label = _("Written submissions")
    menu_order = 251
    add_to_admin_menu = True
    url_prefix = "moderation/submissions"
    name = "submission_moderation"
    index_view_class = SubmissionQueueView
    edit_view_class = DecisionView
    filterset_class = SubmissionFilterSet
    form_fields = []
    list_display = [
        Column("submit_date", label=_("Received"), accessor="submit_date"),
        Column("draft", label=_("Draft"), accessor="draft"),
        TitleColumn(
            "excerpt",
            label=_("Submission"),
            accessor=submission_excerpt,
            get_url=lambda item: reverse("submission_moderation:edit", args=[item.pk]),
        ),
        Column("public_name", label=_("By"), accessor="public_name"),
        Column("attachment", label=_("Attachment"), accessor=attachment_name),
        Column("status", label=_("Status"), accessor=status_label),
    ]

    def get_form_class(self, for_update=False):
        return SubmissionDecisionForm
