from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clients.backup import BackupError, restore, row_counts


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and document folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite a database that is not empty."
        )

    def handle(self, *args, folder: str, force: bool, **options):
        try:
            manifest = restore(Path(folder), force=force)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        now = row_counts()
        missing = {label: n for label, n in manifest["rows"].items() if now.get(label) != n}
        if missing:
            raise CommandError(f"Restored, but row counts differ from the backup: {missing}")
        self.stdout.write(f"Restored {folder}: every table has the rows the backup recorded.")
