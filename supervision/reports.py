"""The statistics of /reports/: every figure is one database aggregation over the clients
the viewer may see (`clients_visible_to`), optionally narrowed to one of their teams.

What the period applies to, section by section (the page says it too):
clients by intake date, claims by the date they were made, decisions by the decision
event's date, legal-aid applications by the date applied, referrals by the date made,
deadlines by their due date.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.expressions import RowRange
from django.db.models.functions import FirstValue, LastValue
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from accounts.models import Team, User
from cases.models import ClaimEvent, Deadline, EventKind, LegalAidApplication, ProtectionClaim
from clients.access import visible_client_ids
from clients.idsets import materialised
from clients.models import Client, ClientAssignment

SMALL_CELL = 5
SUPPRESSED = "<5"
RATE_SUPPRESSED = "—"


@dataclass
class Table:
    """One report table: a label column, then counts (ints) and rates (percent or None)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list]
    note: str = ""
    # Which columns are rates, with the count columns each is computed from.
    rates: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    # The counts in a row add up to something published elsewhere (suppress row-wise too).
    additive_rows: bool = False
    # Tables that name organisations or people stay out of the anonymised export.
    identifying: bool = False
    chart: bool = True

    @property
    def is_empty(self) -> bool:
        return not any(isinstance(v, int) and v for row in self.rows for v in row[1:])

    def chart_bars(self, width: int = 360) -> dict:
        """A horizontal bar chart of the first count column, for an inline SVG."""
        values = [(str(row[0]), row[1]) for row in self.rows if isinstance(row[1], int)]
        top = max((v for _label, v in values), default=0) or 1
        bar_height, gap = 22, 6
        bars = [
            {
                "label": label,
                "value": value,
                "y": i * (bar_height + gap),
                "text_y": i * (bar_height + gap) + 15,
                "width": round(width * value / top, 1),
                "value_x": 212 + round(width * value / top, 1),
            }
            for i, (label, value) in enumerate(values)
        ]
        return {"bars": bars, "height": max(len(bars) * (bar_height + gap), bar_height)}


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    team: Team | None
    total_clients: int
    tables: list[Table]
    psychosocial: list[Table] | None

    @property
    def is_empty(self) -> bool:
        return all(t.is_empty for t in self.tables)


def _rate(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def report_scope(user: User, team: Team | None = None) -> QuerySet:
    """The ids of the clients a report counts: those `user` may see, of one of their
    teams if given."""
    if team is None:
        return visible_client_ids(user)
    members = team.members.values("pk")
    # The team's clients as a union of indexed id lists, like the access policy itself
    # (an OR of EXISTS here made PostgreSQL test all 50,000 visible clients one by one).
    on_team = ClientAssignment.objects.filter(ended_on__isnull=True, worker__in=members)
    unassigned = Client.objects.filter(created_by__in=members).exclude(
        Exists(ClientAssignment.objects.filter(client=OuterRef("pk"), ended_on__isnull=True))
    )
    of_team = on_team.values("client_id").union(unassigned.values("pk"))
    return (
        Client.objects.filter(pk__in=visible_client_ids(user)).filter(pk__in=of_team).values("pk")
    )


def _by_choice(queryset: QuerySet, field_name: str, choices) -> list[list]:
    counts = dict(
        queryset.order_by().values_list(field_name).annotate(n=Count("pk", distinct=True))
    )
    return [[str(label), counts.get(value, 0)] for value, label in choices]


# -- clients --------------------------------------------------------------------------------


def client_tables(clients: QuerySet[Client]) -> list[Table]:
    status = Table(
        "clients_status",
        _("Clients by status"),
        [_("Status"), _("Clients")],
        _by_choice(clients, "status", Client.Status.choices),
        note=_("Clients whose intake falls in the period."),
        additive_rows=False,
    )
    nationality_counts = (
        clients.order_by()
        .values_list("nationality")
        .annotate(n=Count("pk"))
        .order_by("-n", "nationality")  # ties in a stable order
    )
    nationality = Table(
        "clients_nationality",
        _("Clients by nationality"),
        [_("Nationality"), _("Clients")],
        [
            [(countries.name(code) or code) if code else _("Not recorded"), n]
            for code, n in nationality_counts
        ],
    )
    gender = Table(
        "clients_gender",
        _("Clients by sex / gender"),
        [_("Sex / gender"), _("Clients")],
        _by_choice(clients, "sex", Client.Sex.choices),
    )
    through = Client.vulnerabilities.through
    vulnerability_counts = (
        through.objects.filter(client__in=clients.values("pk"))
        .values_list("vulnerability__name")
        .annotate(n=Count("client", distinct=True))
        .order_by("-n", "vulnerability__name")
    )
    vulnerability = Table(
        "clients_vulnerability",
        _("Clients by vulnerability"),
        [_("Vulnerability"), _("Clients")],
        [[name, n] for name, n in vulnerability_counts],
        note=_("A client with several vulnerabilities counts once under each."),
    )
    return [status, nationality, gender, vulnerability]


# -- claims ----------------------------------------------------------------------------------

Stage = ProtectionClaim.Stage
LEVELS = [
    (
        "screening",
        gettext_lazy("Screening (Immigration Department)"),
        [EventKind.DECISION_SERVED],
        [Stage.DECISION],
    ),
    (
        "appeal",
        gettext_lazy("Appeal (Torture Claims Appeal Board)"),
        [EventKind.APPEAL_DECISION],
        [Stage.APPEAL_DECIDED],
    ),
    (
        "courts",
        gettext_lazy("Courts (judicial review and appeals)"),
        [EventKind.JR_LEAVE_DECISION, EventKind.COURT_OF_APPEAL, EventKind.COURT_OF_FINAL_APPEAL],
        [Stage.JUDICIAL_REVIEW, Stage.COURT_OF_APPEAL, Stage.COURT_OF_FINAL_APPEAL],
    ),
]


def claim_tables(scope: QuerySet, start: datetime.date, end: datetime.date) -> list[Table]:
    claims = ProtectionClaim.objects.filter(client__in=scope, made_on__range=(start, end))
    stage = Table(
        "claims_stage",
        _("Claims by stage"),
        [_("Stage"), _("Claims")],
        _by_choice(claims, "stage", Stage.choices),
        note=_("Claims made in the period, at the stage they are at today."),
    )
    outcome = Table(
        "claims_outcome",
        _("Claims by outcome"),
        [_("Outcome"), _("Claims")],
        _by_choice(claims, "outcome", ProtectionClaim.Outcome.choices),
        note=_("Claims made in the period."),
    )
    # Decided at a level: the claim has a decision event of that level in the period.
    # Substantiated at a level: it is substantiated and its latest step is that level.
    decisions = ClaimEvent.objects.filter(
        claim__client__in=scope,
        date__range=(start, end),
        kind__in=[kind for _key, _label, kinds, _stages in LEVELS for kind in kinds],
    )
    substantiated = ProtectionClaim.Outcome.SUBSTANTIATED
    figures = decisions.aggregate(
        **{
            f"{key}_decided": Count("claim", distinct=True, filter=Q(kind__in=kinds))
            for key, _label, kinds, _stages in LEVELS
        },
        **{
            f"{key}_substantiated": Count(
                "claim",
                distinct=True,
                filter=Q(kind__in=kinds, claim__outcome=substantiated, claim__stage__in=stages),
            )
            for key, _label, kinds, stages in LEVELS
        },
    )
    rows = []
    for key, label, _kinds, _stages in LEVELS:
        decided, won = figures[f"{key}_decided"], figures[f"{key}_substantiated"]
        rows.append([str(label), decided, won, _rate(won, decided)])
    levels = Table(
        "claims_substantiation",
        _("Substantiation rate at each level"),
        [_("Level"), _("Claims decided"), _("Substantiated"), _("Substantiation rate (%)")],
        rows,
        note=_(
            "Claims with a decision at that level in the period; substantiated there if the "
            "claim's outcome is substantiated and that level was its last step."
        ),
        rates=[(3, (1, 2))],
    )
    return [stage, outcome, levels]


# -- legal aid ----------------------------------------------------------------------------------


def legal_aid_tables(scope: QuerySet, start: datetime.date, end: datetime.date) -> list[Table]:
    applications = LegalAidApplication.objects.filter(
        client__in=scope, applied_on__range=(start, end)
    )
    Decision = LegalAidApplication.Decision
    counts = {
        row["scheme"]: row
        for row in applications.order_by()
        .values("scheme")
        .annotate(
            total=Count("pk"),
            **{d.value: Count("pk", filter=Q(decision=d)) for d in Decision},
        )
    }
    rows = []
    for scheme, label in LegalAidApplication.Scheme.choices:
        row = counts.get(scheme, {})
        granted, refused = row.get("granted", 0), row.get("refused", 0)
        rows.append(
            [
                str(label),
                row.get("total", 0),
                row.get("pending", 0),
                granted,
                refused,
                row.get("withdrawn", 0),
                _rate(granted, granted + refused),
            ]
        )
    return [
        Table(
            "legal_aid",
            _("Legal-aid applications by scheme and decision"),
            [
                _("Scheme"),
                _("Applications"),
                _("Pending"),
                _("Granted"),
                _("Refused"),
                _("Withdrawn"),
                _("Grant rate (%)"),
            ],
            rows,
            note=_("Applications made in the period; grant rate = granted / (granted + refused)."),
            rates=[(6, (3, 4))],
            additive_rows=True,
        )
    ]


# -- psychosocial --------------------------------------------------------------------------------


def _first_to_latest(scope, start: datetime.date, end: datetime.date) -> dict[str, dict]:
    """Per instrument, the clients measured at least twice in the period, and how many of
    them scored higher, lower or the same at their latest measure than at their first.

    One pass over the period's measures: window functions give each measure its
    client's first and latest total for that instrument, and an outer query counts the
    clients. (Correlated first/latest subqueries per client took 0.35 s per instrument
    at 150,000 measures.)"""
    from cases.psychosocial.models import Assessment

    partition = {
        "partition_by": [F("client_id"), F("instrument")],
        "order_by": [F("taken_on").asc(), F("pk").asc()],
        "frame": RowRange(start=None, end=None),
    }
    per_measure = (
        Assessment.objects.filter(client__in=scope, taken_on__range=(start, end))
        .annotate(
            first=Window(FirstValue("total"), **partition),
            latest=Window(LastValue("total"), **partition),
            measures=Window(Count("pk"), partition_by=partition["partition_by"]),
        )
        .order_by()
        .values("client_id", "instrument", "first", "latest", "measures")
    )
    try:
        sql, params = per_measure.query.sql_with_params()
    except EmptyResultSet:  # nobody in scope
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.instrument, COUNT(DISTINCT m.client_id), "  # noqa: S608 (ORM-built SQL)
            "COUNT(DISTINCT m.client_id) FILTER (WHERE m.latest > m.first), "
            "COUNT(DISTINCT m.client_id) FILTER (WHERE m.latest < m.first), "
            "COUNT(DISTINCT m.client_id) FILTER (WHERE m.latest = m.first) "
            f"FROM ({sql}) AS m WHERE m.measures >= 2 GROUP BY m.instrument",
            params,
        )
        return {
            code: {"measured": measured, "up": up, "down": down, "same": same}
            for code, measured, up, down, same in cursor.fetchall()
        }


def psychosocial_tables(scope: QuerySet, start: datetime.date, end: datetime.date) -> list[Table]:
    """Sessions in the period by kind, and per instrument the clients measured at least
    twice in the period whose latest score improved on their first (lower is better for
    PHQ-9, GAD-7 and PCL-5, higher for WHO-5). One aggregation per table."""
    from cases.psychosocial.instruments import INSTRUMENTS
    from cases.psychosocial.models import PsychosocialSession, SessionAttendance

    sessions = PsychosocialSession.objects.filter(
        date__range=(start, end),
        pk__in=SessionAttendance.objects.filter(client__in=scope).values("session_id"),
    )
    by_kind = dict(sessions.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    attended = SessionAttendance.objects.filter(
        client__in=scope,
        session__date__range=(start, end),
        attendance=SessionAttendance.Attendance.ATTENDED,
    )
    clients_seen = attended.values("client_id").distinct().count()
    session_rows = [
        [str(label), by_kind.get(value, 0)] for value, label in PsychosocialSession.Kind.choices
    ]
    tables = [
        Table(
            key="psy_sessions",
            title=str(_("Psychosocial sessions by kind")),
            columns=[str(_("Kind")), str(_("Sessions"))],
            rows=session_rows,
            note=str(
                _("Sessions dated in the period; %(n)d clients attended at least one.")
                % {"n": clients_seen}
            ),
        )
    ]
    changes = _first_to_latest(scope, start, end)
    rows = []
    for code, instrument in INSTRUMENTS.items():
        counts = changes.get(code, {"measured": 0, "up": 0, "down": 0, "same": 0})
        improved = counts["up"] if instrument.higher_is_better else counts["down"]
        rows.append(
            [
                instrument.name,
                counts["measured"],
                improved,
                counts["same"],
                _rate(improved, counts["measured"]),
            ]
        )
    tables.append(
        Table(
            key="psy_measures",
            title=str(_("Clients improving between first and latest measure")),
            columns=[
                str(_("Measure")),
                str(_("Measured twice or more")),
                str(_("Improved")),
                str(_("No change")),
                str(_("Improved (%)")),
            ],
            rows=rows,
            note=str(
                _(
                    "Clients measured at least twice in the period, first against latest "
                    "score: lower is better for PHQ-9, GAD-7 and PCL-5, higher for WHO-5."
                )
            ),
            rates=[(4, (2, 1))],
            chart=False,
        )
    )
    return tables


# -- referrals -----------------------------------------------------------------------------------


def referral_tables(scope: QuerySet, start: datetime.date, end: datetime.date) -> list[Table]:
    try:
        from referrals.models import Referral
    except ImportError:
        return []
    Status = Referral.Status
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    after_last = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    referrals = Referral.objects.filter(
        client__in=scope, created_at__gte=first, created_at__lt=after_last
    )
    columns = [
        _("Referrals"),
        _("Waiting (draft or sent)"),
        _("Accepted"),
        _("Declined"),
        _("Completed"),
        _("Cancelled"),
    ]
    status_counts = {
        "total": Count("pk"),
        "waiting": Count("pk", filter=Q(status__in=[Status.DRAFT, Status.SENT])),
        "accepted": Count("pk", filter=Q(status=Status.ACCEPTED)),
        "declined": Count("pk", filter=Q(status=Status.DECLINED)),
        "completed": Count("pk", filter=Q(status=Status.COMPLETED)),
        "cancelled": Count("pk", filter=Q(status=Status.CANCELLED)),
    }
    keys = list(status_counts)

    def grouped(*fields: str) -> list[dict]:
        return list(
            referrals.order_by()
            .values(*fields)
            .annotate(**status_counts)
            .order_by("-total", *fields)  # ties in a stable order
        )

    by_partner = []
    for row in grouped("partner__name", "to_team"):
        name = row["partner__name"] or (
            str(Referral.Team(row["to_team"]).label) if row["to_team"] else _("Not recorded")
        )
        by_partner.append([name, *(row[k] for k in keys)])
    by_service = [
        [row["service__name"] or _("Not recorded"), *(row[k] for k in keys)]
        for row in grouped("service__name")
    ]
    by_status = _by_choice(referrals, "status", Status.choices)
    return [
        Table(
            "referrals_partner",
            _("Referrals by partner"),
            [_("Partner or team"), *columns],
            by_partner,
            note=_("Referrals made in the period, by where they went or came from."),
            additive_rows=True,
            identifying=True,
        ),
        Table(
            "referrals_service",
            _("Referrals by service"),
            [_("Service"), *columns],
            by_service,
            additive_rows=True,
        ),
        Table(
            "referrals_status",
            _("Referrals by outcome"),
            [_("Status"), _("Referrals")],
            by_status,
        ),
    ]


# -- deadlines ------------------------------------------------------------------------------------


def deadline_tables(scope: QuerySet, start: datetime.date, end: datetime.date) -> list[Table]:
    today = timezone.localdate()
    deadlines = Deadline.objects.filter(
        client__in=scope, due_on__range=(start, end), voided_at__isnull=True
    )
    done = Q(done_at__isnull=False)
    figures = deadlines.aggregate(
        on_time=Count("pk", filter=done & Q(done_at__date__lte=F("due_on"))),
        late=Count("pk", filter=done & Q(done_at__date__gt=F("due_on"))),
        missed=Count("pk", filter=Q(done_at__isnull=True, due_on__lt=today)),
        upcoming=Count("pk", filter=Q(done_at__isnull=True, due_on__gte=today)),
    )
    met = figures["on_time"] + figures["late"]
    return [
        Table(
            "deadlines",
            _("Deadlines met on time and late"),
            [_("Deadlines"), _("Count")],
            [
                [_("Met on time"), figures["on_time"]],
                [_("Met late"), figures["late"]],
                [_("Past due, not done"), figures["missed"]],
                [_("Not yet due"), figures["upcoming"]],
            ],
            note=_(
                "Deadlines due in the period (voided ones aside). On time: marked done on or "
                "before the due date. %(rate)s of those done were on time."
            )
            % {"rate": (f"{_rate(figures['on_time'], met)}%" if met else _("none"))},
        )
    ]


# -- the whole report -----------------------------------------------------------------------------


def build_report(
    user: User, *, start: datetime.date, end: datetime.date, team: Team | None = None
) -> Report:
    # A dozen aggregations over the same scope: compute the scope once (idsets.py).
    with materialised(report_scope(user, team)) as scope:
        in_period = Client.objects.filter(pk__in=scope, intake_date__range=(start, end))
        tables = [
            *client_tables(in_period),
            *claim_tables(scope, start, end),
            *legal_aid_tables(scope, start, end),
            *referral_tables(scope, start, end),
            *deadline_tables(scope, start, end),
        ]
        psychosocial = psychosocial_tables(scope, start, end)
        tables += psychosocial
        return Report(
            start=start,
            end=end,
            team=team,
            total_clients=in_period.count(),
            tables=tables,
            psychosocial=psychosocial,
        )


# -- anonymised: no names, no free text, no small cells ------------------------------------------


def _is_small(value) -> bool:
    return isinstance(value, int) and value < SMALL_CELL


def anonymise(tables: Iterable[Table]) -> list[Table]:
    """Tables safe to publish: identifying tables dropped, every count below 5 shown as
    "<5", and a second cell hidden wherever one hidden cell could be worked out by
    subtraction from the others; rates built on a hidden count are hidden too."""
    safe = []
    for table in tables:
        if table.identifying:
            continue
        rate_columns = {column for column, _parts in table.rates}
        rows = [list(row) for row in table.rows]
        count_columns = [i for i in range(1, len(table.columns)) if i not in rate_columns]
        hidden = {(r, c) for r, row in enumerate(rows) for c in count_columns if _is_small(row[c])}
        hidden |= _complementary(rows, hidden, count_columns, table.additive_rows)
        for r, row in enumerate(rows):
            for c in count_columns:
                if (r, c) in hidden:
                    row[c] = SUPPRESSED
            for column, parts in table.rates:
                if any((r, p) in hidden for p in parts):
                    row[column] = RATE_SUPPRESSED
        safe.append(
            Table(
                table.key,
                table.title,
                table.columns,
                rows,
                note=table.note,
                rates=table.rates,
                additive_rows=table.additive_rows,
                chart=False,
            )
        )
    return safe


def _complementary(
    rows: list[list], hidden: set[tuple[int, int]], columns: list[int], by_row: bool
) -> set[tuple[int, int]]:
    """Hide the next smallest cell of any column (or additive row) with exactly one hidden."""
    hidden = set(hidden)
    changed = True
    while changed:
        changed = False
        lines = [[(r, c) for r in range(len(rows))] for c in columns]
        if by_row:
            lines += [[(r, c) for c in columns] for r in range(len(rows))]
        for line in lines:
            suppressed = [cell for cell in line if cell in hidden]
            shown = [cell for cell in line if cell not in hidden]
            if len(suppressed) == 1 and shown:
                smallest = min(shown, key=lambda cell: rows[cell[0]][cell[1]])
                hidden.add(smallest)
                changed = True
    return hidden
