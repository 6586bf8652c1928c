"""The deadline calculator from the shell.

manage.py deadline_calculator --list
manage.py deadline_calculator --event decision_served --date 2026-03-20
"""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.models import DeadlineRule, Trigger
from cases.services import calculate


class Command(BaseCommand):
    help = "Print the due dates the deadline rules give for an event on a date, and why."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", dest="list_kinds", help="List the event kinds."
        )
        parser.add_argument("--event", help="The event kind (see --list).")
        parser.add_argument("--date", help="The date of the event, YYYY-MM-DD.")

    def handle(self, *args, list_kinds: bool, event: str | None, date: str | None, **options):
        if list_kinds:
            with_rules = set(
                DeadlineRule.objects.filter(active=True).values_list("trigger", flat=True)
            )
            for value, label in Trigger.choices:
                marker = "*" if value in with_rules else " "
                self.stdout.write(f"{marker} {value:<24} {label}")
            self.stdout.write("(* = at least one active rule follows this event)")
            return
        if not event or not date:
            raise CommandError("Give --event KIND and --date YYYY-MM-DD, or --list.")
        if event not in Trigger.values:
            raise CommandError(f"Unknown event kind {event!r}; see --list.")
        try:
            start = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"{date!r} is not a date in the form YYYY-MM-DD.") from None
        results = calculate(trigger=event, start=start)
        if not results:
            self.stdout.write(f"No active rule follows {Trigger(event).label}.")
            return
        for rule, due in results:
            self.stdout.write(f"{rule.title}: {due.due_on.isoformat()}")
            self.stdout.write(f"  {rule.period} {rule.unit}, {rule.legal_source}")
            for line in due.explanation.splitlines():
                self.stdout.write(f"  {line}")
            self.stdout.write("")
