import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

DEMO_PASSWORD = "admin"  # noqa: S105 (the local demo's, refused outside development)


class Command(BaseCommand):
    help = (
        "Create an administrator (a superuser) if it does not exist. The password comes from "
        "--password or the ADMIN_PASSWORD environment variable; only in development "
        "(DEMO_ADMIN_PASSWORD_ALLOWED: the dev settings with DEBUG on) may it be left out, "
        "for the demo's admin / admin. Elsewhere it must pass the password rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", help="default: the ADMIN_PASSWORD environment variable")
        parser.add_argument("--email", default="admin@example.org")

    def handle(self, *args, username, password, email, **options):
        development = settings.DEMO_ADMIN_PASSWORD_ALLOWED
        password = password or os.environ.get("ADMIN_PASSWORD") or None
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            if not development and user.check_password(DEMO_PASSWORD):
                raise CommandError(
                    f"The administrator “{username}” still has the demo password: set another "
                    f"with `manage.py changepassword {username}`."
                )
            self.stdout.write(
                f"The administrator “{username}” already exists; its password is unchanged."
            )
            return
        if password is None and not development:
            raise CommandError(
                "Give the new administrator's password with --password or the ADMIN_PASSWORD "
                "environment variable: admin / admin is for local development only."
            )
        password = password or DEMO_PASSWORD
        if not development:
            candidate = User(username=username, email=email)
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                raise CommandError(
                    "This password is refused outside development: " + " ".join(error.messages)
                ) from None
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(f"Created the administrator “{username}”.")
        if development:
            self.stdout.write(f"Log in at /admin/ as {username} / {password}")
        else:
            self.stdout.write(f"Log in at /admin/ as {username} with the password given.")
