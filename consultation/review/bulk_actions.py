"""Bulk review in the inbox: select rows, then set their status, decision, assignee or add
a theme in one step. Fields left blank are left as they are."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from ..enums import Decision, ReviewStatus
from ..models import FeedbackItem
from .feedback import feedback_bulk_update
from .filters import FeedbackFilterSet, reviewers

UNCHANGED = [("", _("Leave unchanged"))]


class BulkReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=UNCHANGED + ReviewStatus.choices, required=False
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=UNCHANGED + Decision.choices, required=False
    )
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("Leave unchanged")
    )
    theme = forms.CharField(label=_("Add the theme"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewers()

    def clean(self):
        cleaned_data = super().clean()
        if not any(cleaned_data.get(name) for name in self.fields):
            raise forms.ValidationError(_("Choose at least one thing to change."))
        if cleaned_data.get("status") == ReviewStatus.ANSWERED:
            self.add_error(
                "status",
                _("Mark items answered one by one, with their response."),
            )
        return cleaned_data

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value}


class BulkReviewAction(SnippetBulkAction):
    display_name = _("Set status, decision, theme or assignee")
    action_type = "review"
    aria_label = _("Set the status, decision, theme or assignee of the selected items")
    template_name = "consultation/review/bulk_review.html"
    action_priority = 10
    form_class = BulkReviewForm
    models = [FeedbackItem]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission(self.request.user, "change")

    def get_all_objects_in_listing_query(self, parent_id):
        """ "Select all" means all the rows of the filtered inbox."""
        from .admin import inbox_rows

        queryset = FeedbackItem.objects.in_review()
        filters = FeedbackFilterSet(self.request.GET, queryset=queryset, request=self.request)
        return inbox_rows(queryset, filters).values_list("pk", flat=True)

    def get_execution_context(self):
        return {"user": self.request.user, "changes": self.cleaned_form.changes()}

    @classmethod
    def execute_action(cls, objects, user=None, changes=None, **kwargs):
        return feedback_bulk_update(items=objects, user=user, **changes), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d item was updated, with its campaign if it has one.",
            "%(count)d items were updated, with their campaigns.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
