from django import forms

from ..models import Sector, StakeholderProfile


class StakeholderProfileForm(forms.ModelForm):
    class Meta:
        model = StakeholderProfile
        fields = ["display_name", "gender", "sector", "country", "organisation", "age_group"]
        widgets = {"gender": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.active()
        self.fields["gender"].choices = self.fields["gender"].choices[1:]  # no "---------"
