"""python manage.py restore ARCHIVE [--yes]"""

import datetime
import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections

from ...backups import ENGINES, FOLDERS, BackupError, backup_open, backup_restore
from ...erasure_ledger import ErasureLedgerError, ledger_merge, ledger_read
from ...personal_data import personal_data_purge_expired, personal_data_replay_erasures
from .erase_personal_data import write_search_index_notes


class Command(BaseCommand):
    help = (
        "Restore a backup archive written by `manage.py backup`: the database, the media "
        "folder and the private uploads are replaced, the database is migrated, the people "
        "erased since the backup was made (the erasure ledger) are erased again and the "
        "retention periods applied. Stop the site first; afterwards rebuild the search index "
        "with `manage.py update_index`."
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
            # The ledger only grows: the site's copy (which the private folder's restore
            # replaces, when it lives there) goes back into the restored one, whatever happens.
            try:
                ledger = ledger_read()
            except OSError as error:
                raise CommandError(
                    f"The erasure ledger cannot be read ({error}): nothing was changed."
                ) from error
            try:
                summary = backup_restore(backup=backup)
            except BackupError as error:
                raise CommandError(str(error)) from error
            finally:
                ledger_merge(ledger)
        self.stdout.write(self.style.SUCCESS("Restored the database and the media folders."))
        if summary.pending_migrations:
            # The erasures below need this code's tables.
            call_command("migrate", interactive=False, stdout=io.StringIO())
            self.stdout.write(
                f"Migrated the restored database ({len(summary.pending_migrations)} migrations)."
            )
        self.replay_erasures(since=datetime.datetime.fromisoformat(manifest["created_at"]))
        self.stdout.write(
            "The search index is not in backups: rebuild it with `python manage.py update_index`."
        )

    def replay_erasures(self, *, since: datetime.datetime) -> None:
        """Erase again the people erased since the backup was made, then end what the
        retention periods ended meanwhile."""
        try:
            replay = personal_data_replay_erasures(since=since)
            purge = personal_data_purge_expired()
        except (DatabaseError, ErasureLedgerError) as error:
            raise CommandError(
                f"The backup was restored, but the erasures made since it could not be "
                f"replayed: {error} Nothing is lost, the erasure ledger keeps them: once the "
                f"cause is fixed (an archive newer than this code needs the platform's version "
                f"that made it), run `python manage.py restore` again."
            ) from error
        self.stdout.write(
            f"Erasures replayed from the ledger: {replay.replayed} ({replay.erasures_since} "
            f"people erased since the backup was made; the archive held the details of "
            f"{replay.replayed} of them)."
        )
        if replay.other_key:
            self.stdout.write(
                self.style.WARNING(
                    f"{replay.other_key} erasures since the backup were recorded with another "
                    "key (SECRET_KEY was changed and ERASURE_LEDGER_KEY is not set) and cannot "
                    "be matched: set ERASURE_LEDGER_KEY, or SECRET_KEY, to the key of the time."
                )
            )
        write_search_index_notes(self, replay.erasure)
        if purge.changed_anything:
            self.stdout.write("Ended what the retention periods ended since the backup:")
            for line in purge.as_lines():
                self.stdout.write(f"  {line}")

    def confirmed(self) -> bool:
        self.stdout.write("Type 'yes' to replace the site's data: ", ending="")
        self.stdout.flush()
        try:
            answer = input()
        except EOFError:
            self.stdout.write("")
            return False
        return answer.strip().lower() == "yes"
