"""The stakeholders' sign-up form (django-allauth's), answering alike for a new address and for
one that already has an account."""

from allauth.account.forms import SignupForm
from django.contrib.auth.hashers import make_password


class StakeholderSignupForm(SignupForm):
    def try_save(self, request):
        """For an address that already has an account allauth stores nothing and e-mails its
        holder; a new account's password is hashed, which takes a noticeable fraction of a
        second. Hash it here too, so that the time of the answer does not tell either."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
