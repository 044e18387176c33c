"""python manage.py erase_personal_data EMAIL [--yes]"""

from django.core.management.base import BaseCommand, CommandError

from ...personal_data import personal_data_erase, personal_data_export


class Command(BaseCommand):
    help = (
        "Erase the personal details of the person who uses an e-mail address: their comments "
        "and submissions are anonymised (text, section and gender/sector/country tags kept, so "
        "totals do not change), attachments, follow-ups and queued e-mails deleted, their "
        "account deactivated and emptied. Asks for confirmation unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")

    def handle(self, *args, **options):
        email = options["email"]
        try:
            held = personal_data_export(email=email)
        except ValueError as error:
            raise CommandError(str(error)) from error
        counts = {
            "accounts": len(held["accounts"]),
            "comments": len(held["comments"]),
            "written submissions": len(held["written_submissions"]),
        }
        if not any(counts.values()) and not held["queued_emails"] and not held["sign_in_records"]:
            self.stdout.write(f"Nothing held about {email}: nothing to erase.")
            return
        found = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(f"Held about {email}: {found}.")
        if not options["yes"]:
            answer = input("Erase these personal details? This cannot be undone. [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing was erased.")
        report = personal_data_erase(email=email)
        self.stdout.write(f"Erased the personal details of {email}:")
        for line in report.as_lines():
            self.stdout.write(f"  {line}")
