from types import SimpleNamespace

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.admin.forms import WagtailAdminPageForm

from . import sections
from .enums import DraftStatus


class DraftPageForm(WagtailAdminPageForm):
    """The draft editor: checks the sections as a whole (keys, levels) and the rule that only
    one draft of a policy is open for comments at a time."""

    def clean(self):
        cleaned_data = super().clean()
        self._clean_sections()
        if cleaned_data.get("status") == DraftStatus.OPEN:
            self._check_no_other_open_draft()
        return cleaned_data

    def _clean_sections(self):
        formset = self.formsets["sections"]
        if not formset.is_valid():
            return  # the formset shows its own errors
        forms = formset.ordered_forms if formset.can_order else formset.forms
        forms = [f for f in forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        rows = [
            SimpleNamespace(
                form=f,
                key=f.cleaned_data.get("key", ""),
                heading=f.cleaned_data.get("heading", ""),
                level=int(f.cleaned_data.get("level") or 1),
            )
            for f in forms
        ]
        sections.assign_missing_keys(rows)
        for row in rows:
            row.form.cleaned_data["key"] = row.form.instance.key = row.key
        for problem in sections.structure_errors(rows):
            self.add_error(None, problem)

    def _check_no_other_open_draft(self):
        parent = getattr(self, "parent_page", None) or self.instance.get_parent()
        others = (
            type(self.instance)
            .objects.child_of(parent)
            .filter(status=DraftStatus.OPEN)
            .exclude(pk=self.instance.pk)
        )
        if other := others.first():
            self.add_error(
                "status",
                _(
                    "“%(other)s” is already open for comments. Only one draft of a policy can "
                    "be open at a time: close it first."
                )
                % {"other": other.title},
            )


DOCX_ACCEPT = ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DraftImportForm(forms.Form):
    """A Word document to import as the next draft of a policy."""

    file = forms.FileField(
        label=_lazy("Word document (.docx)"),
        help_text=_lazy(
            "At most 20 MB. Headings 1, 2 and 3 become chapters, sections and sub-sections."
        ),
        widget=forms.FileInput(attrs={"accept": DOCX_ACCEPT}),
    )
    label = forms.CharField(
        label=_lazy("Version label"),
        max_length=255,
        required=False,
        help_text=_lazy("E.g. Draft 4. Leave blank to number the draft after the latest one."),
    )
