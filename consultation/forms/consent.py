"""The consent box of the comment and submission forms (see the privacy notice)."""

from django import forms
from django.utils.translation import gettext_lazy as _

# The paragraph beside the box that links to the privacy notice (includes/consent_field.html).
CONSENT_NOTE_ID = "consent-note"


def consent_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that what I send and the details I "
            "give are used as it describes."
        ),
        error_messages={
            "required": _(
                "Tick this box to agree to the privacy notice: without your agreement nothing "
                "can be stored."
            )
        },
        widget=forms.CheckboxInput(attrs={"aria-describedby": CONSENT_NOTE_ID}),
    )
