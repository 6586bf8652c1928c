"""CSV and XLSX files of a report's tables. The same tables the page shows, nothing more."""

import csv
import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .reports import Report, Table


def _cell(value):
    return "" if value is None else value


def _heading(report: Report, anonymised: bool) -> list[list]:
    lines = [
        [_("Justice Centre casework statistics")],
        [_("Period"), report.start.isoformat(), report.end.isoformat()],
    ]
    if anonymised:
        lines.append([_("Anonymised: counts below 5 are shown as <5; no names or free text.")])
    else:
        lines.append([_("Team"), report.team.name if report.team else _("All my teams")])
        lines.append([_("Clients with intake in the period"), report.total_clients])
    return lines


def _safe_text(value):
    """Spreadsheet programs run a cell starting with = + - @ as a formula: neutralise it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and value != "—":
        return "'" + value
    return value


def to_csv(report: Report, tables: list[Table], *, anonymised: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(_heading(report, anonymised))
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_safe_text(_cell(v)) for v in row])
    # A byte-order mark so spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Sheet"
    base, n = name, 2
    while name in used:
        suffix = f" {n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def to_xlsx(report: Report, tables: list[Table], *, anonymised: bool = False) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = _("About")[:31]
    for line in _heading(report, anonymised):
        summary.append(line)
    used = {summary.title}
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.append(table.columns)
        for row in table.rows:
            sheet.append([_safe_text(_cell(v)) for v in row])
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
