"""Email each caseworker their overdue and upcoming deadlines. Safe to run often: a
person gets at most one reminder a day (ReminderLog). Schedule it daily (cron, systemd
timer). Mail goes through MAILERS: console in development, SMTP in production.

The email names clients by reference only: mailboxes are less safe than the app.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from cases.models import ReminderLog
from cases.selectors import SOON_DAYS, my_open_deadlines, reminder_recipients
from cases.services import reporting_refresh_all


class Command(BaseCommand):
    help = "Email each caseworker their overdue deadlines and those due soon (once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=SOON_DAYS, help="How far ahead counts as upcoming."
        )
        parser.add_argument(
            "--base-url", default="", help="The site's address, for a link in the email."
        )

    def handle(self, *args, days: int, base_url: str, **options):
        reporting_refresh_all()
        today = timezone.localdate()
        horizon = today + datetime.timedelta(days=days)
        sent = skipped = 0
        for user in reminder_recipients():
            if not user.email or not user.does_casework:
                continue
            # Only clients the person may see today: a reassigned case drops out.
            deadlines = list(my_open_deadlines(user).filter(due_on__lte=horizon))
            if not deadlines:
                continue
            with transaction.atomic():
                _log, created = ReminderLog.objects.get_or_create(
                    user=user, sent_on=today, defaults={"deadlines": len(deadlines)}
                )
                if not created:
                    skipped += 1
                    continue
                # If sending fails the log row rolls back, and a rerun tries again.
                send_mail(
                    subject=_subject(deadlines, today, days),
                    message=_body(user, deadlines, today, base_url),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[user.email],
                )
            sent += 1
        self.stdout.write(f"Reminders sent: {sent}; already sent today: {skipped}.")


def _subject(deadlines, today: datetime.date, days: int) -> str:
    overdue = sum(d.due_on < today for d in deadlines)
    upcoming = len(deadlines) - overdue
    return f"Deadlines: {overdue} overdue, {upcoming} due in the next {days} days"


def _body(user, deadlines, today: datetime.date, base_url: str) -> str:
    lines = [f"Dear {user.get_short_name()},", ""]
    overdue = [d for d in deadlines if d.due_on < today]
    upcoming = [d for d in deadlines if d.due_on >= today]
    for heading, group in (("OVERDUE", overdue), ("COMING UP", upcoming)):
        if group:
            lines.append(heading)
            lines += [f"  {d.due_on:%Y-%m-%d %a}  {d.client.reference}  {d.title}" for d in group]
            lines.append("")
    if base_url:
        lines.append(f"Your deadlines: {base_url.rstrip('/')}/deadlines/")
    lines.append("This email names clients by reference only.")
    return "\n".join(lines)
