"""A minimal RFC 5545 calendar of deadlines: all-day events, no client names.

Calendar apps copy events to phones and third-party servers, so an event says only the
client's reference and what is due; the name stays in the case-management system.
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from .models import Deadline


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (s.3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def deadline_summary(deadline: Deadline) -> str:
    return f"{deadline.client.reference}: {deadline.title}"


def calendar(deadlines: Iterable[Deadline], *, host: str) -> str:
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Justice Centre//Casework deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Casework deadlines",
        "X-WR-TIMEZONE:Asia/Hong_Kong",
    ]
    for deadline in deadlines:
        next_day = deadline.due_on + datetime.timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:deadline-{deadline.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{deadline.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{next_day:%Y%m%d}",
            f"SUMMARY:{_escape(deadline_summary(deadline))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
