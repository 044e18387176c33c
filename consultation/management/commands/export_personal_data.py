"""python manage.py export_personal_data EMAIL [--output FILE.json]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...personal_data import personal_data_export_json


class Command(BaseCommand):
    help = (
        "Everything held about the person who uses an e-mail address (account, profile, "
        "comments, submissions, follow-ups, review tags), as JSON: to answer a request for "
        "access under the Data Protection Act 2011 or the GDPR."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--output", help="The .json file to write (else standard output)")

    def handle(self, *args, **options):
        try:
            text = personal_data_export_json(email=options["email"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not options["output"]:
            self.stdout.write(text)
            return
        Path(options["output"]).write_text(text + "\n", encoding="utf-8")
        self.stderr.write(f"Wrote {options['output']}")
