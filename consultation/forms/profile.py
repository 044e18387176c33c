from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Sector, StakeholderProfile


class StakeholderProfileForm(forms.ModelForm):
    """What a stakeholder tells us once; every field is optional and only fills in the next
    comment form, where it can still be changed."""

    class Meta:
        model = StakeholderProfile
        fields = ["display_name", "gender", "sector", "country", "organisation", "age_group"]
        widgets = {"gender": forms.RadioSelect}
        help_texts = {
            "display_name": _(
                "Each time you comment you still choose whether it is shown or “Anonymous”."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A sector retired since the profile was saved stays selectable, so that saving the
        # profile again does not fail on a field the stakeholder did not touch.
        sectors = Sector.objects.active()
        if self.instance.sector_id:
            sectors = sectors | Sector.objects.filter(pk=self.instance.sector_id)
        self.fields["sector"].queryset = sectors
        # The blank radio button needs words; it leaves the gender to be asked each time.
        self.fields["gender"].choices = [("", _("Not set")), *self.fields["gender"].choices[1:]]
        # Words instead of Django's "---------" in the lists too.
        self.fields["sector"].empty_label = _("Not set")
        for name in ("country", "age_group"):
            self.fields[name].choices = [("", _("Not set")), *self.fields[name].choices[1:]]
