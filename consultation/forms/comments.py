from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm
from django_countries.fields import CountryField

from ..enums import AgeGroup, Gender, PublicIdentity, Stance
from ..models import Sector
from .consent import consent_field
from .widgets import CachedOptionsSelect

# Fields whose value must come from a fixed list: anything else is a forged form.
LIST_FIELDS = ("gender", "sector", "country", "age_group", "public_identity", "stance")


class SectionCommentForm(XtdCommentForm):
    """xtd's comment form plus who is speaking (gender, sector, country, ...) and what they
    propose. Its target is a DraftSection."""

    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=Gender.choices,
        widget=forms.RadioSelect,
        help_text=_("Used only in anonymous statistics; never shown with your comment."),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.active(),
        empty_label=_("Choose the sector you speak for"),
        widget=CachedOptionsSelect,
    )
    country = CountryField(blank_label=_("Choose a country")).formfield(
        label=_("Country of residence"), widget=CachedOptionsSelect
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False
    )
    on_behalf_of_organisation = forms.BooleanField(
        label=_("I am commenting on behalf of this organisation"), required=False
    )
    age_group = forms.ChoiceField(
        label=_("Age group (optional)"),
        choices=[("", _("Not given")), *AgeGroup.choices],
        required=False,
        help_text=_("Used only in anonymous statistics."),
    )
    public_identity = forms.ChoiceField(
        label=_("How your comment is shown"),
        choices=PublicIdentity.choices,
        initial=PublicIdentity.NAMED,
        widget=forms.RadioSelect,
    )
    stance = forms.ChoiceField(
        label=_("Your view of this section (optional)"),
        choices=[("", _("No view given")), *Stance.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    proposed_wording = forms.CharField(
        label=_("Proposed wording (optional)"),
        help_text=_("The text you would put in place of the current one."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    quoted_passage = forms.CharField(
        label=_("Passage you refer to (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    consent = consent_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].widget = forms.HiddenInput()  # xtd stores it; we do not ask for it
        for name in ("name", "email", "comment"):
            self.fields[name].widget.attrs.pop("placeholder", None)
            self.fields[name].widget.attrs.pop("class", None)
        self.fields["name"].label = _("Your name")
        self.fields["email"].label = _("Your e-mail address")
        self.fields["email"].help_text = _(
            "We send you a link to confirm your comment. It is never shown to anyone."
        )
        self.fields["comment"].label = _("Your comment")
        self.fields["comment"].widget.attrs["rows"] = 8
        self.fields["followup"].label = _("E-mail me when someone replies on this section")
        self.fields["followup"].widget.attrs.pop("class", None)

    def has_forged_values(self) -> bool:
        """True when a list field holds a value that the form never offered."""
        return any(
            error.code == "invalid_choice"
            for name in LIST_FIELDS
            for error in self.errors.as_data().get(name, [])
        )

    def get_comment_create_data(self, site_id=None):
        data = super().get_comment_create_data(site_id=site_id)
        cleaned = self.cleaned_data
        data.update(
            section_id=self.target_object.pk,
            gender=cleaned["gender"],
            sector_id=cleaned["sector"].pk,
            country=str(cleaned["country"]),
            organisation=cleaned["organisation"],
            on_behalf_of_organisation=cleaned["on_behalf_of_organisation"],
            age_group=cleaned["age_group"],
            public_identity=cleaned["public_identity"],
            stance=cleaned["stance"],
            proposed_wording=cleaned["proposed_wording"],
            quoted_passage=cleaned["quoted_passage"],
            # Signed into the confirmation link of an anonymous comment with the rest: the
            # consent is the one given when the form was sent.
            consent_given_at=timezone.now(),
            privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
        )
        return data
