"""python manage.py purge_expired_personal_data: run daily (cron), e.g.
15 3 * * * cd /srv/consultation && .venv/bin/python manage.py purge_expired_personal_data"""

from django.conf import settings
from django.core.management.base import BaseCommand

from ...personal_data import personal_data_purge_expired


class Command(BaseCommand):
    help = (
        "Anonymise the personal details of comments and written submissions on drafts whose "
        "consultation closed more than PERSONAL_DATA_RETENTION_DAYS days ago. Meant to run "
        "daily; a run with nothing to do changes nothing."
    )

    def handle(self, *args, **options):
        report = personal_data_purge_expired()
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        if not report.changed_anything:
            self.stdout.write(f"Nothing older than {days} days after its draft closed.")
            return
        self.stdout.write(f"Anonymised what was held more than {days} days after closing:")
        for line in report.as_lines():
            self.stdout.write(f"  {line}")
