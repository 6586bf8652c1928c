from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clients.backup import BackupError, backup, row_counts


class Command(BaseCommand):
    help = "Back up the database and the uploaded documents into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="Folder to write into.")

    def handle(self, *args, output: str, **options):
        try:
            folder = backup(Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {folder}")
        clients = row_counts().get("clients.Client", 0)
        self.stdout.write(f"{clients} clients. Keep it encrypted: it holds everything.")
