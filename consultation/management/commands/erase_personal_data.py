"""python manage.py erase_personal_data EMAIL [--yes]"""

from django.core.management.base import BaseCommand, CommandError

from ...erasure_ledger import ErasureLedgerError
from ...personal_data import personal_data_erase, personal_data_export, personal_data_held


class Command(BaseCommand):
    help = (
        "Erase the personal details of the person who uses an e-mail address: their comments "
        "and submissions are anonymised (text, section and gender/sector/country tags kept, so "
        "totals do not change), attachments, follow-ups, queued e-mails and the Word exports "
        "that could hold them deleted, their account deactivated and emptied; the erasure is "
        "recorded in the erasure ledger (a keyed hash of the address) for restores. Asks for "
        "confirmation unless --yes."
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
        if not personal_data_held(held):
            self.stdout.write(f"Nothing held about {email}: nothing to erase.")
            return
        found = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(f"Held about {email}: {found}.")
        if not options["yes"]:
            answer = input("Erase these personal details? This cannot be undone. [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing was erased.")
        try:
            report = personal_data_erase(email=email)
        except ErasureLedgerError as error:
            raise CommandError(f"{error} Nothing was erased.") from error
        self.stdout.write(f"Erased the personal details of {email}:")
        for line in report.as_lines():
            self.stdout.write(f"  {line}")
        write_search_index_notes(self, report)


def write_search_index_notes(command, report) -> None:
    """What an erasure could not do at once to the search indexes' files, and what follows."""
    if report.index_compactions_queued:
        command.stdout.write(
            command.style.WARNING(
                "The search index was busy (another process held its lock): its compaction "
                "is queued for the worker (`manage.py db_worker --backend background`). Until "
                "it runs, the erased names stay in the index's files and a search for them "
                "may still find the anonymised contributions."
            )
        )
    if report.index_compactions_not_done:
        command.stdout.write(
            command.style.ERROR(
                "The search index was busy and no worker is configured to compact it later: "
                "the erased names stay in its files. Run `manage.py update_index` once it is "
                "free."
            )
        )
