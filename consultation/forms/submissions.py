from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Sector, WrittenSubmission
from ..submissions import check_attachment
from .comments import LIST_FIELDS
from .consent import consent_field


class WrittenSubmissionForm(forms.ModelForm):
    consent = consent_field()

    class Meta:
        model = WrittenSubmission
        fields = [
            "name",
            "text",
            "attachment",
            "gender",
            "sector",
            "country",
            "organisation",
            "on_behalf_of_organisation",
            "age_group",
            "public_identity",
        ]
        labels = {"name": _("Your name or your organisation's"), "text": _("Your submission")}
        help_texts = {
            "attachment": _(
                "Optional: a PDF, Word (.docx) or OpenDocument (.odt) file, at most "
                "10 MB. It is published only if a moderator decides so."
            ),  # fmt: skip
        }
        widgets = {
            "gender": forms.RadioSelect,
            "public_identity": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.active()
        self.fields["gender"].choices = self.fields["gender"].choices[1:]
        self.fields["text"].max_length = 50_000

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and hasattr(upload, "size"):
            check_attachment(upload)
        return upload

    def has_forged_values(self) -> bool:
        return any(
            error.code == "invalid_choice"
            for name in LIST_FIELDS
            for error in self.errors.as_data().get(name, [])
        )
