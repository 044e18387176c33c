from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from consultation.second_factor import second_factor_reset


class Command(BaseCommand):
    help = (
        "Remove a team member's authenticator app and recovery codes (a lost phone): at their "
        "next sign-in they set up a new app. For when no administrator can sign in to do it "
        "from the admin's list of users."
    )

    def add_arguments(self, parser):
        parser.add_argument("account", help="the account's username or e-mail address")

    def handle(self, *args, account, **options):
        users = get_user_model().objects.filter(Q(username=account) | Q(email__iexact=account))
        if not users:
            raise CommandError(f"No account has the username or e-mail address {account!r}.")
        if len(users) > 1:
            raise CommandError(f"Several accounts match {account!r}: give the username.")
        (user,) = users
        second_factor_reset(user=user)
        self.stdout.write(
            f"Two-step verification of “{user.get_username()}” was reset: at the next sign-in "
            "this account sets up a new app."
        )
