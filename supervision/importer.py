"""Moving in from spreadsheets: a caseload as CSV or XLSX, one row per client.

Upload -> every row checked and listed with its errors (nothing saved) -> import, all
rows in one transaction or none. Each row carries the spreadsheet's own id (`source_id`);
a row whose id was imported before is skipped, so importing the same file twice adds
nothing. Clients, aliases, assignments and claims are written through the clients and
cases services, exactly as if typed in.
"""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from accounts.models import User
from cases.models import ProtectionClaim
from cases.services import claim_create
from clients.models import Client, ClientAssignment, Consent
from clients.services import alias_add, assignment_add, consent_record, next_reference

from .models import ImportBatch, ImportedRecord
from .notifications import assignment_notices_held
from .selectors import assignable_staff

MAX_ROWS = 5000

# (column, required, what it holds) — shown on the upload page.
COLUMNS = [
    (
        "source_id",
        True,
        gettext_lazy(
            "Your spreadsheet's id for the client; a re-import skips ids already imported."
        ),
    ),
    ("family_name", True, gettext_lazy("Family name.")),
    ("given_name", False, gettext_lazy("Given names.")),
    ("sex", False, gettext_lazy("female, male, other or unknown.")),
    ("date_of_birth", False, gettext_lazy("YYYY-MM-DD.")),
    ("nationality", False, gettext_lazy("Country code (PK) or English name (Pakistan).")),
    ("phone", False, ""),
    ("immd_file_number", False, gettext_lazy("Immigration Department file number.")),
    ("intake_date", False, gettext_lazy("YYYY-MM-DD; today if empty.")),
    ("aliases", False, gettext_lazy("Other names, separated by semicolons.")),
    ("lead_worker", False, gettext_lazy("Username or email of a caseworker in your teams.")),
    ("support_worker", False, gettext_lazy("Username or email of a caseworker in your teams.")),
    ("claim_made_on", False, gettext_lazy("YYYY-MM-DD: a protection claim is recorded.")),
    ("claim_number", False, ""),
    ("country_of_feared_harm", False, gettext_lazy("Required with a claim.")),
    (
        "claim_outcome",
        False,
        gettext_lazy("pending, substantiated, rejected, withdrawn or deemed_withdrawn."),
    ),
    (
        "consent_method",
        False,
        gettext_lazy(
            "written, verbal or verbal_interpreter: consent to data processing on the intake date."
        ),
    ),
]
COLUMN_NAMES = [name for name, _required, _help in COLUMNS]
REQUIRED = [name for name, required, _help in COLUMNS if required]


class UnreadableFile(Exception):
    pass


# -- reading the file ------------------------------------------------------------------------


def _header(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("-", "_")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(*, name: str, content: bytes) -> list[dict[str, str]]:
    """The file's rows as {column: text}, with the spreadsheet line number under "line"."""
    table = _xlsx_rows(content) if name.lower().endswith(".xlsx") else _csv_rows(content)
    if not table:
        raise UnreadableFile(_("The file is empty."))
    headers = [_header(h) for h in table[0]]
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        raise UnreadableFile(
            _("The first row must name the columns; missing: %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    rows = []
    for number, values in enumerate(table[1:], start=2):
        row = {h: _text(v) for h, v in zip(headers, values, strict=False) if h in COLUMN_NAMES}
        if any(row.values()):
            rows.append({"line": number, **row})
    if not rows:
        raise UnreadableFile(_("The file has column names but no rows."))
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(
            _("The file has %(n)d rows; import at most %(max)d at a time.")
            % {"n": len(rows), "max": MAX_ROWS}
        )
    return rows


def _csv_rows(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("Save the CSV file as UTF-8 and upload it again.")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise UnreadableFile(_("This is not a readable XLSX file.")) from None
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@transaction.atomic
def batch_create(*, upload: UploadedFile, by: User) -> ImportBatch:
    content = upload.read()
    rows = read_rows(name=upload.name, content=content)
    batch = ImportBatch(
        uploaded_by=by,
        file_name=upload.name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        rows=rows,
    )
    batch.full_clean()
    batch.save()
    return batch


# -- checking rows -----------------------------------------------------------------------------


@dataclass
class RowPlan:
    line: int
    source_id: str
    client: Client | None = None
    aliases: list[str] = field(default_factory=list)
    lead: User | None = None
    support: User | None = None
    claim: ProtectionClaim | None = None
    consent_method: str = ""
    errors: list[str] = field(default_factory=list)
    already_imported: bool = False

    @property
    def state(self) -> str:
        if self.errors:
            return "error"
        return "skip" if self.already_imported else "new"


def _date(row: dict, column: str, errors: list[str]) -> datetime.date | None:
    value = row.get(column, "")
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        errors.append(
            _("%(column)s: “%(value)s” is not a date (use YYYY-MM-DD).")
            % {"column": column, "value": value}
        )
        return None


def _country(value: str) -> str | None:
    """An ISO code or an English country name -> the code; None if unknown."""
    value = value.strip()
    if not value:
        return ""
    if len(value) == 2 and countries.name(value.upper()):
        return value.upper()
    code = countries.by_name(value)
    return code or None


def _choice(row: dict, column: str, choices, errors: list[str], default: str = "") -> str:
    value = row.get(column, "").strip().lower().replace(" ", "_")
    if not value:
        return default
    if value not in {c for c, _label in choices}:
        errors.append(
            _("%(column)s: “%(value)s” is not one of %(allowed)s.")
            % {"column": column, "value": row[column], "allowed": ", ".join(c for c, _l in choices)}
        )
        return default
    return value


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        ]
    return list(error.messages)


def plan_rows(*, rows: list[dict], by: User) -> list[RowPlan]:
    """Check every row against the same rules as the forms; nothing is saved."""
    staff = {}
    for worker in assignable_staff(by):
        staff[worker.username.lower()] = worker
        if worker.email:
            staff[worker.email.lower()] = worker
    ids = [row.get("source_id", "") for row in rows]
    imported = set(
        ImportedRecord.objects.filter(source_id__in=[i for i in ids if i]).values_list(
            "source_id", flat=True
        )
    )
    seen: dict[str, int] = {}
    plans = []
    for row in rows:
        errors: list[str] = []
        source_id = row.get("source_id", "").strip()
        plan = RowPlan(line=row["line"], source_id=source_id, errors=errors)
        plans.append(plan)
        if not source_id:
            errors.append(_("source_id is empty: every row needs the spreadsheet's own id."))
        elif len(source_id) > 100:
            errors.append(_("source_id is longer than 100 characters."))
        elif source_id in seen:
            errors.append(
                _("source_id %(id)s is also on line %(line)d.")
                % {"id": source_id, "line": seen[source_id]}
            )
        else:
            seen[source_id] = plan.line
        if source_id in imported:
            plan.already_imported = True
            continue
        nationality = _country(row.get("nationality", ""))
        if nationality is None:
            errors.append(
                _("nationality: “%(value)s” is not a known country.")
                % {"value": row["nationality"]}
            )
        client = Client(
            family_name=row.get("family_name", ""),
            given_name=row.get("given_name", ""),
            sex=_choice(row, "sex", Client.Sex.choices, errors, Client.Sex.UNKNOWN),
            date_of_birth=_date(row, "date_of_birth", errors),
            nationality=nationality or "",
            phone=row.get("phone", ""),
            immd_file_number=row.get("immd_file_number", ""),
            intake_date=_date(row, "intake_date", errors) or timezone.localdate(),
            created_by=by,
        )
        today = timezone.localdate()
        for name in ("date_of_birth", "intake_date"):
            value = getattr(client, name)
            if value and value > today:
                errors.append(_("%(column)s is in the future.") % {"column": name})
        try:
            client.full_clean(exclude=["reference", "created_by"], validate_unique=False)
        except ValidationError as error:
            errors.extend(_messages(error))
        plan.client = client
        plan.aliases = [a.strip()[:200] for a in row.get("aliases", "").split(";") if a.strip()]
        for column in ("lead_worker", "support_worker"):
            key = row.get(column, "").strip().lower()
            if key and key not in staff:
                errors.append(
                    _("%(column)s: no active caseworker “%(value)s” in your teams.")
                    % {"column": column, "value": row[column]}
                )
        plan.lead = staff.get(row.get("lead_worker", "").strip().lower())
        plan.support = staff.get(row.get("support_worker", "").strip().lower())
        if plan.lead and plan.support and plan.lead == plan.support:
            errors.append(_("The same person cannot be lead and support."))
        plan.consent_method = _choice(row, "consent_method", Consent.Method.choices, errors)
        made_on = _date(row, "claim_made_on", errors)
        if made_on:
            feared = _country(row.get("country_of_feared_harm", ""))
            if not feared:
                errors.append(_("country_of_feared_harm: a claim needs a known country."))
            claim = ProtectionClaim(
                client=client,
                made_on=made_on,
                claim_number=row.get("claim_number", ""),
                country_of_feared_harm=feared or "",
                outcome=_choice(
                    row,
                    "claim_outcome",
                    ProtectionClaim.Outcome.choices,
                    errors,
                    ProtectionClaim.Outcome.PENDING,
                ),
                created_by=by,
            )
            try:
                claim.full_clean(exclude=["client", "created_by"], validate_unique=False)
            except ValidationError as error:
                errors.extend(_messages(error))
            plan.claim = claim
        elif row.get("claim_number") or row.get("claim_outcome"):
            errors.append(_("claim_made_on: a claim needs the date it was made."))
    return plans


@dataclass
class Preview:
    plans: list[RowPlan]

    @property
    def has_errors(self) -> bool:
        return any(p.errors for p in self.plans)

    @property
    def error_rows(self) -> int:
        return sum(1 for p in self.plans if p.errors)

    @property
    def new_rows(self) -> int:
        return sum(1 for p in self.plans if p.state == "new")

    @property
    def skip_rows(self) -> int:
        return sum(1 for p in self.plans if p.state == "skip")


def preview(*, batch: ImportBatch, by: User) -> Preview:
    return Preview(plan_rows(rows=batch.rows, by=by))


# -- importing -----------------------------------------------------------------------------------


@transaction.atomic
def batch_import(*, batch: ImportBatch, by: User) -> ImportBatch:
    """Every row or none. Rows imported before (by source_id) are skipped."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == ImportBatch.Status.IMPORTED:
        raise ValidationError(_("This file was imported already."))
    plans = plan_rows(rows=batch.rows, by=by)
    bad = [p for p in plans if p.errors]
    if bad:
        raise ValidationError(
            _("%(n)d rows have errors, the first on line %(line)d.")
            % {"n": len(bad), "line": bad[0].line}
        )
    created = 0
    with assignment_notices_held():
        for plan in plans:
            if plan.already_imported:
                continue
            _import_row(plan, batch=batch, by=by)
            created += 1
    batch.status = ImportBatch.Status.IMPORTED
    batch.imported_at = timezone.now()
    batch.created_count = created
    batch.skipped_count = len(plans) - created
    batch.rows = []  # the clients now hold the data; the upload need not
    batch.save()
    return batch


def _import_row(plan: RowPlan, *, batch: ImportBatch, by: User) -> None:
    client = plan.client
    client.reference = next_reference(year=client.intake_date.year)
    client.full_clean()
    client.save()
    ImportedRecord.objects.create(source_id=plan.source_id, client=client, batch=batch)
    for name in plan.aliases:
        alias_add(client=client, name=name)
    if plan.consent_method:
        consent_record(
            client=client,
            by=by,
            kind=Consent.Kind.DATA_PROCESSING,
            given=True,
            method=plan.consent_method,
            on=client.intake_date,
            notes=_("Recorded in the spreadsheet imported as %(file)s.")
            % {"file": batch.file_name},
        )
    reason = _("Imported from %(file)s") % {"file": batch.file_name}
    if plan.lead:
        assignment_add(
            client=client,
            worker=plan.lead,
            role=ClientAssignment.Role.LEAD,
            by=by,
            reason=reason[:300],
        )
    if plan.support:
        assignment_add(
            client=client,
            worker=plan.support,
            role=ClientAssignment.Role.SUPPORT,
            by=by,
            reason=reason[:300],
        )
    if plan.claim:
        plan.claim.client = client
        claim_create(claim=plan.claim, client=client, by=by)
