"""python manage.py restore ARCHIVE [--yes]"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ...backups import ENGINES, FOLDERS, BackupError, backup_open, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive written by `manage.py backup`: the database, the media "
        "folder and the private uploads are replaced. Stop the site first; afterwards rebuild "
        "the search index with `manage.py update_index`."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by `backup`")
        parser.add_argument(
            "--yes",
            "--no-input",
            action="store_true",
            dest="yes",
            help="Replace the site's data without asking",
        )

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory(prefix="consultation-restore-") as work:
            try:
                backup = backup_open(archive=options["archive"], workdir=Path(work))
            except BackupError as error:
                raise CommandError(str(error)) from error
            manifest = backup.manifest
            database = connections["default"].settings_dict["NAME"]
            self.stdout.write(
                f"Backup of {manifest['created_at']} (version {manifest['app_version']}): "
                f"checksums verified. It will replace the {ENGINES[backup.engine]} database "
                f"{database} and the content of "
                + " and ".join(str(getattr(settings, setting)) for setting in FOLDERS.values())
                + "."
            )
            if backup.unknown_migrations:
                self.stdout.write(
                    self.style.WARNING(
                        "The archive's database has migrations this code does not have ("
                        + ", ".join(backup.unknown_migrations)
                        + f"): it was made by a newer version ({manifest['app_version']})."
                    )
                )
            if not options["yes"] and not self.confirmed():
                raise CommandError("Restore cancelled: nothing was changed.")
            try:
                summary = backup_restore(backup=backup)
            except BackupError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Restored the database and the media folders."))
        if summary.pending_migrations:
            self.stdout.write(
                "The restored database lacks migrations of this code: run "
                "`python manage.py migrate`."
            )
        self.stdout.write(
            "The search index is not in backups: rebuild it with `python manage.py update_index`."
        )

    def confirmed(self) -> bool:
        self.stdout.write("Type 'yes' to replace the site's data: ", ending="")
        self.stdout.flush()
        try:
            answer = input()
        except EOFError:
            self.stdout.write("")
            return False
        return answer.strip().lower() == "yes"
