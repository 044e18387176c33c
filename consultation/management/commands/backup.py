"""python manage.py backup [--output FOLDER_OR_FILE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...backups import ENGINES, BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one archive of the database, the media folder and the private uploads (with a "
        "manifest of checksums) to var/backups/ or --output. The search index is not included: "
        "rebuild it with `manage.py update_index` after a restore."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="A folder to write the archive into, or the archive's file name (.tar.gz)",
        )

    def handle(self, *args, **options):
        try:
            path, manifest = backup_create(output=options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        database = manifest["database"]
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {path}")
            + f" ({_size(path.stat().st_size)}): the {ENGINES[database['engine']]} database "
            f"({_size(database['bytes'])}), {manifest['media']['files']} media files, "
            f"{manifest['private']['files']} private uploads."
        )
        self.stdout.write(
            "It holds personal data: keep it encrypted, readable only by those who restore, "
            "and delete it when the retention period ends."
        )


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 100 * 1024 else f"{count / 1024:.1f} kB"
