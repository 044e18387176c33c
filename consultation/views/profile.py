from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms.profile import StakeholderProfileForm
from ..models import StakeholderProfile


@login_required
def profile(request):
    """What a stakeholder tells us once, to fill in their next comment."""
    stakeholder_profile, _created = StakeholderProfile.objects.get_or_create(user=request.user)
    form = StakeholderProfileForm(
        request.POST if request.method == "POST" else None, instance=stakeholder_profile
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved; it fills in your next comment."))
        return redirect("stakeholder_profile")
    return render(request, "consultation/profile.html", {"form": form})
