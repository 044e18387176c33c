"""python manage.py purge_expired_personal_data: run daily (cron), e.g.
15 3 * * * cd /srv/consultation && .venv/bin/python manage.py purge_expired_personal_data"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...erasure_ledger import ErasureLedgerError
from ...personal_data import personal_data_purge_expired, unused_team_accounts
from .erase_personal_data import write_search_index_notes


class Command(BaseCommand):
    help = (
        "End what the retention periods end: anonymise the personal details of comments and "
        "written submissions on drafts whose consultation closed more than "
        "PERSONAL_DATA_RETENTION_DAYS days ago; delete task results and Word exports finished "
        "more than TASK_RETENTION_DAYS days ago; warn by e-mail, then erase, stakeholder "
        "accounts unused for ACCOUNT_RETENTION_DAYS days. Meant to run daily; a run with "
        "nothing to do changes nothing."
    )

    def handle(self, *args, **options):
        try:
            report = personal_data_purge_expired()
        except ErasureLedgerError as error:
            raise CommandError(f"{error} The unused accounts were not erased.") from error
        if not report.changed_anything:
            self.stdout.write("Nothing has reached the end of its retention period.")
        else:
            self.stdout.write("Ended what the retention periods end:")
            for line in report.as_lines():
                self.stdout.write(f"  {line}")
            write_search_index_notes(self, report)
        self.stdout.write(
            f"Retention: contributions {settings.PERSONAL_DATA_RETENTION_DAYS} days after their "
            f"draft closes, task results and Word exports {settings.TASK_RETENTION_DAYS} days, "
            + (
                f"unused accounts {settings.ACCOUNT_RETENTION_DAYS} days."
                if settings.ACCOUNT_RETENTION_DAYS
                else "accounts without limit (ACCOUNT_RETENTION_DAYS=0)."
            )
        )
        if team := unused_team_accounts():
            self.stdout.write(
                self.style.WARNING(
                    f"Team accounts not signed in for {settings.ACCOUNT_RETENTION_DAYS} days, "
                    "left to an administrator to review (Settings › Users): " + ", ".join(team)
                )
            )
