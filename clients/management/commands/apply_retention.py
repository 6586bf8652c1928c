from django.conf import settings
from django.core.management.base import BaseCommand

from clients.retention import client_anonymise, due_for_retention


class Command(BaseCommand):
    help = (
        "Anonymise clients closed longer than the retention period (RETENTION_YEARS, "
        "default 7). Statistics stay; names, contacts, notes and documents go."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=None, help="Override RETENTION_YEARS.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be anonymised; change nothing."
        )

    def handle(self, *args, years, dry_run, **options):
        years = settings.RETENTION_YEARS if years is None else years
        due = due_for_retention(years=years)
        count = due.count()
        if dry_run:
            self.stdout.write(
                f"{count} client(s) closed more than {years} years ago would be anonymised."
            )
            return
        for client in due.iterator():
            client_anonymise(client=client)
        self.stdout.write(f"Anonymised {count} client(s) closed more than {years} years ago.")
