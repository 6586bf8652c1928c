"""Writes to claims, deadlines, legal aid and reporting. One transaction each.

The invariant they keep: every live rule deadline matches what its rules say about its
trigger today. Recording an event creates them, correcting it moves them, removing it
voids them (kept, with the reason, so the history shows what was once due).
"""

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clients.models import Client, ClientAssignment

from .models import (
    CalendarFeed,
    ClaimEvent,
    ClosureDay,
    Deadline,
    DeadlineRule,
    EventKind,
    LegalAidApplication,
    ProtectionClaim,
    ReportingCondition,
    Trigger,
    stage_from_events,
    timeline_problem,
)
from .periods import MAX_ROLL_DAYS, DueDate, compute_due

# -- periods with the recorded closure days ---------------------------------------------


def closures_between(first: datetime.date, last: datetime.date) -> dict[datetime.date, str]:
    return {
        c.date: c.get_reason_display() for c in ClosureDay.objects.filter(date__range=(first, last))
    }


def due_date_for(*, rule: DeadlineRule, start: datetime.date) -> DueDate:
    """The rule's due date for an event on `start`, with holidays and closures skipped."""
    rough_end = compute_due(start=start, period=rule.period, unit=rule.unit).period_ends_on
    closures = closures_between(rough_end, rough_end + datetime.timedelta(days=MAX_ROLL_DAYS))
    return compute_due(start=start, period=rule.period, unit=rule.unit, closures=closures)


def calculate(*, trigger: str, start: datetime.date) -> list[tuple[DeadlineRule, DueDate]]:
    """Every active rule for `trigger` and its due date (the deadline calculator)."""
    rules = DeadlineRule.objects.filter(trigger=trigger, active=True).order_by("period", "title")
    return [(rule, due_date_for(rule=rule, start=start)) for rule in rules]


# -- deadlines from rules -----------------------------------------------------------------


@dataclass
class SyncResult:
    created: list[Deadline] = field(default_factory=list)
    moved: list[Deadline] = field(default_factory=list)
    voided: list[Deadline] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.created or self.moved or self.voided)


def lead_caseworker(client: Client) -> User | None:
    lead = (
        ClientAssignment.objects.filter(
            client=client, role=ClientAssignment.Role.LEAD, ended_on__isnull=True
        )
        .select_related("worker")
        .first()
    )
    return lead.worker if lead else None


def _void(deadline: Deadline, reason: str) -> None:
    deadline.voided_at = timezone.now()
    deadline.void_reason = reason[:200]
    deadline.save(update_fields=["voided_at", "void_reason", "updated_at"])


def _sync_rule_deadlines(
    *,
    trigger: str | None,
    start: datetime.date | None,
    live: QuerySet[Deadline],
    new: Callable[[], Deadline],
    void_reason: str,
) -> SyncResult:
    """Make the live deadlines in `live` match the rules for `trigger` from `start`.

    `trigger=None` (the event is gone, the refusal is no longer a refusal) voids the open
    ones. Done deadlines are history: never moved, never voided.
    """
    result = SyncResult()
    existing = {d.rule_id: d for d in live.select_for_update(of=("self",)).select_related("rule")}
    rules: list[DeadlineRule] = []
    if trigger and start:
        rules = list(DeadlineRule.objects.filter(trigger=trigger, active=True))
        # An inactive rule makes no new deadline, but one it already made still follows.
        rules += [d.rule for d in existing.values() if d.rule.trigger == trigger]
    for rule in {r.pk: r for r in rules}.values():
        due = due_date_for(rule=rule, start=start)
        deadline = existing.pop(rule.pk, None)
        if deadline is None:
            deadline = new()
            deadline.rule = rule
            deadline.source = Deadline.Source.RULE
            deadline.title = rule.title
            _apply_due(deadline, due)
            deadline.full_clean()
            deadline.save()
            result.created.append(deadline)
        elif deadline.done_at is None and (
            deadline.due_on != due.due_on or deadline.starts_on != start
        ):
            _apply_due(deadline, due)
            deadline.full_clean()
            deadline.save()
            result.moved.append(deadline)
    for deadline in existing.values():
        if deadline.done_at is None:
            _void(deadline, void_reason)
            result.voided.append(deadline)
    return result


def _apply_due(deadline: Deadline, due: DueDate) -> None:
    deadline.starts_on = due.start
    deadline.period_ends_on = due.period_ends_on
    deadline.due_on = due.due_on
    deadline.explanation = due.explanation


def deadlines_sync_for_event(event: ClaimEvent, *, by: User) -> SyncResult:
    claim = event.claim

    def new() -> Deadline:
        return Deadline(
            client=claim.client,
            claim=claim,
            event=event,
            assignee=lead_caseworker(claim.client) or by,
            created_by=by,
        )

    return _sync_rule_deadlines(
        trigger=event.kind,
        start=event.date,
        live=Deadline.objects.filter(event=event, rule__isnull=False, voided_at__isnull=True),
        new=new,
        void_reason=_("The event was changed to %(kind)s.") % {"kind": event.get_kind_display()},
    )


# -- claims and their events ---------------------------------------------------------------


def _refresh_stage(claim: ProtectionClaim) -> None:
    stage = stage_from_events(list(claim.events.values_list("kind", "date")))
    if stage != claim.stage:
        claim.stage = stage
        claim.save(update_fields=["stage", "updated_at"])


@transaction.atomic
def claim_create(*, claim: ProtectionClaim, client: Client, by: User) -> ProtectionClaim:
    """A new claim, with its first event: the date the claim was made."""
    claim.client = client
    claim.created_by = by
    claim.full_clean()
    claim.save()
    claim_event_record(claim=claim, kind=EventKind.CLAIM_MADE, on=claim.made_on, by=by)
    return claim


@transaction.atomic
def claim_update(*, claim: ProtectionClaim) -> ProtectionClaim:
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def claim_event_record(
    *, claim: ProtectionClaim, kind: str, on: datetime.date, by: User, note: str = ""
) -> tuple[ClaimEvent, SyncResult]:
    event = ClaimEvent(claim=claim, kind=kind, date=on, note=note, recorded_by=by)
    event.full_clean()
    event.save()
    result = deadlines_sync_for_event(event, by=by)
    _refresh_stage(claim)
    return event, result


@transaction.atomic
def claim_event_correct(
    *, event: ClaimEvent, kind: str, on: datetime.date, note: str, by: User
) -> SyncResult:
    """Correct an event's kind, date or note; its deadlines move (or void) with it."""
    if event.kind == EventKind.CLAIM_MADE and kind != EventKind.CLAIM_MADE:
        raise ValidationError({"kind": _("The “claim made” event stays; correct its date.")})
    event.kind, event.date, event.note = kind, on, note
    event.full_clean()
    event.save()
    claim = event.claim
    if kind == EventKind.CLAIM_MADE and claim.made_on != on:
        claim.made_on = on
        claim.save(update_fields=["made_on", "updated_at"])
    result = deadlines_sync_for_event(event, by=by)
    _refresh_stage(claim)
    return result


@transaction.atomic
def claim_event_remove(*, event: ClaimEvent) -> SyncResult:
    """Remove an event recorded in error. Its open deadlines are voided, not deleted."""
    if event.kind == EventKind.CLAIM_MADE:
        raise ValidationError(_("The “claim made” event cannot be removed; correct its date."))
    claim = event.claim
    remaining = [(e.kind, e.date) for e in claim.events.exclude(pk=event.pk)]
    problem = timeline_problem(remaining)
    if problem:
        raise ValidationError(
            _("Other events depend on this one: %(problem)s")
            % {"problem": next(iter(problem.values()))}
        )
    result = _sync_rule_deadlines(
        trigger=None,
        start=None,
        live=Deadline.objects.filter(event=event, rule__isnull=False, voided_at__isnull=True),
        new=Deadline,
        void_reason=_("The %(kind)s event of %(on)s was removed.")
        % {"kind": event.get_kind_display().lower(), "on": event.date.isoformat()},
    )
    event.delete()
    _refresh_stage(claim)
    return result


# -- deadlines by hand, done and undone --------------------------------------------------


@transaction.atomic
def deadline_create(
    *,
    client: Client,
    title: str,
    due_on: datetime.date,
    by: User,
    assignee: User | None = None,
    claim: ProtectionClaim | None = None,
    notes: str = "",
) -> Deadline:
    if claim is not None and claim.client_id != client.pk:
        raise ValidationError({"claim": _("That claim belongs to another client.")})
    deadline = Deadline(
        client=client,
        claim=claim,
        title=title,
        due_on=due_on,
        assignee=assignee or lead_caseworker(client) or by,
        source=Deadline.Source.MANUAL,
        notes=notes,
        explanation=_("Set by hand by %(who)s.") % {"who": by},
        created_by=by,
    )
    deadline.full_clean()
    deadline.save()
    return deadline


@transaction.atomic
def deadline_mark_done(*, deadline: Deadline, by: User) -> Deadline:
    if deadline.voided_at is not None:
        raise ValidationError(_("This deadline was voided and cannot be marked done."))
    if deadline.done_at is None:
        deadline.done_at = timezone.now()
        deadline.done_by = by
        deadline.full_clean()
        deadline.save(update_fields=["done_at", "done_by", "updated_at"])
    if deadline.reporting_id:
        # The client reported: the next reporting date becomes the open deadline.
        reporting_deadline_sync(condition=deadline.reporting, by=by)
    return deadline


@transaction.atomic
def deadline_mark_undone(*, deadline: Deadline) -> Deadline:
    if deadline.voided_at is not None:
        raise ValidationError(_("This deadline was voided."))
    deadline.done_at = None
    deadline.done_by = None
    deadline.full_clean()
    deadline.save(update_fields=["done_at", "done_by", "updated_at"])
    return deadline


@transaction.atomic
def deadlines_follow_lead(*, client: Client) -> int:
    """Open deadlines held by someone no longer on the case go to the current lead."""
    lead = lead_caseworker(client)
    if lead is None:
        return 0
    on_case = ClientAssignment.objects.filter(client=client, ended_on__isnull=True).values("worker")
    return (
        Deadline.objects.filter(client=client, done_at__isnull=True, voided_at__isnull=True)
        .filter(Q(assignee__isnull=True) | ~Q(assignee__in=on_case))
        .update(assignee=lead, updated_at=timezone.now())
    )


# -- closure days --------------------------------------------------------------------------


@transaction.atomic
def closure_day_save(*, closure: ClosureDay, previous_date: datetime.date | None = None) -> int:
    closure.full_clean()
    closure.save()
    moved = deadlines_recompute_around(day=closure.date)
    if previous_date and previous_date != closure.date:
        moved += deadlines_recompute_around(day=previous_date)
    return moved


@transaction.atomic
def closure_day_delete(*, closure: ClosureDay) -> int:
    day = closure.date
    closure.delete()
    return deadlines_recompute_around(day=day)


def deadlines_recompute_around(*, day: datetime.date) -> int:
    """Recompute open rule deadlines whose holiday roll-forward passes over `day`."""
    affected = Deadline.objects.filter(
        source=Deadline.Source.RULE,
        done_at__isnull=True,
        voided_at__isnull=True,
        period_ends_on__lte=day,
        due_on__gte=day,
        starts_on__isnull=False,
    ).select_related("rule")
    moved = 0
    for deadline in affected.select_for_update(of=("self",)):
        due = due_date_for(rule=deadline.rule, start=deadline.starts_on)
        if due.due_on != deadline.due_on or due.explanation != deadline.explanation:
            _apply_due(deadline, due)
            deadline.save()
            moved += 1
    return moved


# -- legal aid -------------------------------------------------------------------------------


@transaction.atomic
def legal_aid_save(
    *, application: LegalAidApplication, client: Client, by: User
) -> tuple[LegalAidApplication, SyncResult]:
    """Create or update an application; a Legal Aid Department refusal gets its review
    deadline by rule, and the deadline follows the refusal date or goes if it changes."""
    application.client = client
    if application.claim_id and application.claim.client_id != client.pk:
        raise ValidationError({"claim": _("That claim belongs to another client.")})
    if application.pk is None:
        application.created_by = by
    application.full_clean()
    application.save()

    def new() -> Deadline:
        return Deadline(
            client=client,
            claim=application.claim,
            legal_aid=application,
            assignee=lead_caseworker(client) or by,
            created_by=by,
        )

    refused = application.makes_review_deadline
    result = _sync_rule_deadlines(
        trigger=Trigger.LEGAL_AID_REFUSED if refused else None,
        start=application.decided_on if refused else None,
        live=Deadline.objects.filter(
            legal_aid=application, rule__isnull=False, voided_at__isnull=True
        ),
        new=new,
        void_reason=_("The legal-aid application is no longer a refusal."),
    )
    return application, result


# -- reporting to the Immigration Department ----------------------------------------------


@transaction.atomic
def reporting_save(
    *, condition: ReportingCondition, client: Client, by: User
) -> ReportingCondition:
    condition.client = client
    if condition.pk is None:
        condition.created_by = by
    condition.full_clean()
    condition.save()
    reporting_deadline_sync(condition=condition, by=by)
    return condition


def reporting_deadline_sync(*, condition: ReportingCondition, by: User | None) -> Deadline | None:
    """Keep one open deadline on the next reporting date.

    An overdue one stays where it is (a missed report must stay visible) until someone
    marks it done; then the next date becomes the open deadline.
    """
    today = timezone.localdate()
    deadlines = Deadline.objects.filter(reporting=condition, voided_at__isnull=True)
    open_ = deadlines.filter(done_at__isnull=True).select_for_update().first()
    last_done = (
        deadlines.filter(done_at__isnull=False).order_by("-due_on").values_list("due_on", flat=True)
    ).first()
    after = max(today - datetime.timedelta(days=1), last_done or datetime.date.min)
    target = condition.next_report_after(after)
    if open_ is not None and open_.due_on < today:
        return open_
    if target is None:
        if open_ is not None:
            _void(open_, _("No further reporting date."))
        return None
    if open_ is not None:
        if open_.due_on != target:
            open_.due_on = target
            open_.explanation = _reporting_explanation(condition, target)
            open_.save(update_fields=["due_on", "explanation", "updated_at"])
        return open_
    deadline = Deadline(
        client=condition.client,
        title=_("Report to the Immigration Department (%(office)s)") % {"office": condition.office},
        due_on=target,
        source=Deadline.Source.REPORTING,
        reporting=condition,
        assignee=lead_caseworker(condition.client) or by,
        explanation=_reporting_explanation(condition, target),
        created_by=by,
    )
    deadline.full_clean()
    deadline.save()
    return deadline


def _reporting_explanation(condition: ReportingCondition, target: datetime.date) -> str:
    if condition.interval_weeks:
        return _(
            "Reporting every %(weeks)s weeks from %(first)s: the next date is %(next)s. "
            "A missed report risks detention."
        ) % {
            "weeks": condition.interval_weeks,
            "first": condition.first_report_on.isoformat(),
            "next": target.isoformat(),
        }
    return _(
        "The next reporting date the Immigration Department gave is %(next)s. "
        "A missed report risks detention."
    ) % {"next": target.isoformat()}


@transaction.atomic
def reporting_refresh_all() -> int:
    """Daily: move each condition's open deadline to its next date once the last passed."""
    count = 0
    for condition in ReportingCondition.objects.filter(ended_on__isnull=True).select_related(
        "client"
    ):
        if reporting_deadline_sync(condition=condition, by=None) is not None:
            count += 1
    return count


# -- the calendar feed's secret address --------------------------------------------------

_FEED_SIGNER = signing.Signer(salt="cases.calendar-feed", sep=".")


def calendar_token(*, user: User) -> str:
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"nonce": secrets.token_hex(16)}
    )
    return _FEED_SIGNER.sign(f"{user.pk}-{feed.nonce}")


@transaction.atomic
def calendar_token_reset(*, user: User) -> str:
    """A new address; the old one stops working at once."""
    CalendarFeed.objects.update_or_create(user=user, defaults={"nonce": secrets.token_hex(16)})
    return calendar_token(user=user)


def calendar_user_for(token: str) -> User | None:
    """The active owner of a feed token, or None for a wrong, forged or reset token."""
    try:
        value = _FEED_SIGNER.unsign(token)
    except signing.BadSignature:
        return None
    user_id, _sep, nonce = value.partition("-")
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(user_id=user_id, nonce=nonce, user__is_active=True)
        .first()
    )
    return feed.user if feed else None
