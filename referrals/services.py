"""Writes to referrals, screenings and interpreter records.

Each is one transaction, validates before it saves, and raises ValidationError with a
message a caseworker can act on. Callers have already checked access through
`clients.access` / `referrals.selectors.referral_for`.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clients.models import Client, ClientAssignment, Consent
from clients.services import assignment_add, consent_record

from . import rules
from .models import (
    ConsentCoverage,
    ForcedLabourScreening,
    IndicatorAnswer,
    Interpreter,
    InterpreterBooking,
    InterpreterPreference,
    PartnerOrganisation,
    Referral,
)
from .selectors import sharing_consent_in_force

Status = Referral.Status
Direction = Referral.Direction


def referral_follow_up_changed(referral: Referral) -> None:
    """Keep the maker's deadline in step with the referral's follow-up date.

    Created when a follow-up date is first set, moved when it changes, voided when it is
    cleared or the referral closes. A deadline already done is left alone. Inbound
    referrals not yet linked to a client have no deadline until they are linked.
    """
    from cases.models import Deadline
    from cases.services import deadline_create

    current = referral.follow_up_deadline
    if current is not None and (current.done_at or current.voided_at):
        current = None
    wanted = referral.follow_up_on if referral.is_open and referral.client_id else None
    if wanted is None:
        if current is not None:
            current.voided_at = timezone.now()
            current.void_reason = _("The referral's follow-up was cleared or it closed.")
            current.save(update_fields=["voided_at", "void_reason", "updated_at"])
        return
    if current is not None:
        if current.due_on != wanted:
            current.due_on = wanted
            current.explanation = _("The referral's follow-up date.")
            current.full_clean()
            current.save(update_fields=["due_on", "explanation", "updated_at"])
        return
    deadline: Deadline = deadline_create(
        client=referral.client,
        title=_("Follow up referral: %(what)s") % {"what": referral},
        due_on=wanted,
        by=referral.created_by,
        assignee=referral.created_by,
    )
    referral.follow_up_deadline = deadline
    referral.save(update_fields=["follow_up_deadline"])


def _check_partner_active(partner: PartnerOrganisation | None) -> None:
    if partner is not None and not partner.active:
        raise ValidationError(
            {
                "partner": _(
                    "%(partner)s is no longer an active partner. Choose another partner, "
                    "or ask an administrator to reactivate it."
                )
                % {"partner": partner}
            }
        )


@transaction.atomic
def referral_create(
    *,
    referral: Referral,
    by: User,
    screening: ForcedLabourScreening | None = None,
    at: datetime.datetime | None = None,
) -> Referral:
    """Record a referral. Outbound and internal ones start as drafts; an inbound one has
    been sent to us already, so it starts as sent (received), by whoever records it."""
    at = at or timezone.now()
    _check_partner_active(referral.partner)
    referral.created_by = by
    referral.created_at = at
    referral.status = Status.DRAFT
    if screening is not None:
        referral.screening = screening
    if referral.direction == Direction.INBOUND:
        referral.status = Status.SENT
        referral.sent_by = by
        referral.sent_at = at
    referral.full_clean()
    referral.save()
    if referral.follow_up_on:
        referral_follow_up_changed(referral)
    return referral


@transaction.atomic
def referral_update(*, referral: Referral) -> Referral:
    """Save edits. Partner, direction and client are settled once the referral is sent."""
    before = Referral.objects.select_for_update().get(pk=referral.pk)
    if not before.is_open:
        raise ValidationError(_("A closed referral cannot be changed."))
    settled = ("direction", "client_id", "partner_id", "to_team", "service_id")
    if before.status != Status.DRAFT and any(
        getattr(before, name) != getattr(referral, name) for name in settled
    ):
        raise ValidationError(_("Only a draft referral can change its recipient or service."))
    if before.partner_id != referral.partner_id:
        _check_partner_active(referral.partner)
    referral.full_clean()
    referral.save()
    if before.follow_up_on != referral.follow_up_on:
        referral_follow_up_changed(referral)
    return referral


def _locked(referral: Referral, to: str) -> Referral:
    """The referral's row, locked, if the flow allows the step to `to`."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if not rules.can_transition(current.status, to):
        raise ValidationError(rules.transition_error(current.status, to))
    return current


def _refresh(target: Referral, source: Referral) -> Referral:
    for field in Referral._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


@transaction.atomic
def referral_send(*, referral: Referral, by: User, at: datetime.datetime | None = None) -> Referral:
    """Send a draft. Outbound needs an active partner and the client's consent in force."""
    current = _locked(referral, Status.SENT)
    if current.direction == Direction.OUTBOUND:
        partner = current.partner
        _check_partner_active(partner)
        consent = sharing_consent_in_force(client=current.client, partner=partner)
        if consent is None:
            raise ValidationError(
                _(
                    "This referral cannot be sent: there is no consent in force from the "
                    "client to share their information with %(partner)s. Record the "
                    "client's consent first."
                )
                % {"partner": partner}
            )
        current.consent = consent
    current.status = Status.SENT
    current.sent_by = by
    current.sent_at = at or timezone.now()
    current.full_clean()
    current.save()
    return _refresh(referral, current)


@transaction.atomic
def referral_accept(
    *,
    referral: Referral,
    by: User,
    worker: User | None = None,
    at: datetime.datetime | None = None,
) -> Referral:
    """Record acceptance. An internal referral is accepted by a supervisor, who names the
    receiving worker; that worker is assigned to the client in support."""
    current = _locked(referral, Status.ACCEPTED)
    if current.direction == Direction.INTERNAL:
        if not by.is_supervisor:
            raise ValidationError(_("Only a supervisor can accept an internal referral."))
        if worker is None:
            raise ValidationError({"worker": _("Choose who will work with the client.")})
        if not worker.is_active or not rules.receiving_role_matches(worker, current.to_team):
            raise ValidationError(
                {
                    "worker": _("%(worker)s is not an active member of the %(team)s.")
                    % {"worker": worker, "team": current.get_to_team_display().lower()}
                }
            )
        already = ClientAssignment.objects.filter(
            client=current.client, worker=worker, ended_on__isnull=True
        ).exists()
        if not already:
            assignment_add(
                client=current.client,
                worker=worker,
                role=ClientAssignment.Role.SUPPORT,
                by=by,
                reason=_("Internal referral #%(pk)s accepted") % {"pk": current.pk},
            )
        current.assigned_worker = worker
    current.status = Status.ACCEPTED
    current.accepted_by = by
    current.accepted_at = at or timezone.now()
    current.full_clean()
    current.save()
    return _refresh(referral, current)


@transaction.atomic
def referral_decline(
    *, referral: Referral, by: User, reason: str, at: datetime.datetime | None = None
) -> Referral:
    current = _locked(referral, Status.DECLINED)
    if rules.answer_needs_supervisor(current) and not by.is_supervisor:
        raise ValidationError(_("Only a supervisor can decline an internal referral."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral was declined.")})
    current.status = Status.DECLINED
    current.declined_by = by
    current.declined_at = at or timezone.now()
    current.decline_reason = reason.strip()
    current.full_clean()
    current.save()
    referral_follow_up_changed(current)
    return _refresh(referral, current)


@transaction.atomic
def referral_complete(
    *, referral: Referral, by: User, outcome: str, at: datetime.datetime | None = None
) -> Referral:
    current = _locked(referral, Status.COMPLETED)
    if not outcome.strip():
        raise ValidationError({"outcome": _("Record the outcome of the referral.")})
    current.status = Status.COMPLETED
    current.completed_by = by
    current.completed_at = at or timezone.now()
    current.outcome = outcome.strip()
    current.full_clean()
    current.save()
    referral_follow_up_changed(current)
    return _refresh(referral, current)


@transaction.atomic
def referral_cancel(
    *, referral: Referral, by: User, reason: str = "", at: datetime.datetime | None = None
) -> Referral:
    current = _locked(referral, Status.CANCELLED)
    current.status = Status.CANCELLED
    current.cancelled_by = by
    current.cancelled_at = at or timezone.now()
    current.cancel_reason = reason.strip()
    current.full_clean()
    current.save()
    referral_follow_up_changed(current)
    return _refresh(referral, current)


@transaction.atomic
def referral_link_client(*, referral: Referral, client: Client) -> Referral:
    """Tie an inbound referral to the client its intake created (or found)."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.direction != Direction.INBOUND:
        raise ValidationError(_("Only an inbound referral is linked to a client this way."))
    if current.client_id is not None:
        raise ValidationError(_("This referral is already linked to a client."))
    current.client = client
    current.full_clean()
    current.save(update_fields=["client"])
    return _refresh(referral, current)


# -- Consent ----------------------------------------------------------------------------


@transaction.atomic
def sharing_consent_record(
    *,
    client: Client,
    partner: PartnerOrganisation,
    by: User,
    given: bool,
    method: str,
    on: datetime.date,
    items: Iterable[str] = (),
    notes: str = "",
) -> Consent:
    """Record consent to share with one partner (or its withdrawal) and what it covers."""
    consent = consent_record(
        client=client,
        by=by,
        kind=Consent.Kind.REFERRAL_SHARING,
        given=given,
        method=method,
        on=on,
        scope=str(partner)[:200],
        notes=notes,
        partner=partner,
    )
    if given:
        coverage = ConsentCoverage(consent=consent, items=list(dict.fromkeys(items)))
        coverage.full_clean()
        coverage.save()
    return consent


# -- Forced-labour screening -------------------------------------------------------------


@transaction.atomic
def screening_record(
    *,
    client: Client,
    by: User,
    screened_on: datetime.date,
    answers: dict[str, tuple[str, str]],
    work_context: str = "",
    notes: str = "",
) -> ForcedLabourScreening:
    """Record all 11 answers. Any indicator present flags the client for legal review."""
    present = rules.indicators_present({k: answer for k, (answer, _e) in answers.items()})
    screening = ForcedLabourScreening(
        client=client,
        screened_by=by,
        screened_on=screened_on,
        work_context=work_context,
        notes=notes,
        indicators_present=len(present),
        legal_review_needed=bool(present),
    )
    screening.full_clean()
    screening.save()
    rows = []
    for indicator, (answer, evidence) in answers.items():
        row = IndicatorAnswer(
            screening=screening, indicator=indicator, answer=answer, evidence=evidence.strip()
        )
        row.full_clean()
        rows.append(row)
    IndicatorAnswer.objects.bulk_create(rows)
    return screening


@transaction.atomic
def screening_review(*, screening: ForcedLabourScreening, by: User, note: str) -> None:
    if not (by.is_legal_caseworker or by.is_supervisor):
        raise ValidationError(_("A legal caseworker or a supervisor records the legal review."))
    if not screening.awaiting_review:
        raise ValidationError(_("This screening is not awaiting a legal review."))
    screening.reviewed_by = by
    screening.reviewed_at = timezone.now()
    screening.review_note = note.strip()
    screening.full_clean()
    screening.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])


# -- Interpreters -------------------------------------------------------------------------


@transaction.atomic
def interpreter_preference_save(
    *, client: Client, by: User, language: str, dialect: str = "", gender: str = "", notes: str = ""
) -> InterpreterPreference:
    preference, _created = InterpreterPreference.objects.get_or_create(
        client=client, defaults={"language": language, "updated_by": by}
    )
    preference.language = language.strip()
    preference.dialect = dialect.strip()
    preference.gender = gender
    preference.notes = notes
    preference.updated_by = by
    preference.full_clean()
    preference.save()
    return preference


@transaction.atomic
def interpreter_booking_record(
    *,
    client: Client,
    interpreter: Interpreter,
    by: User,
    on: datetime.date,
    kind: str,
    notes: str = "",
    acknowledged: bool = False,
) -> InterpreterBooking:
    """Record who interpreted. The roster's warnings must be acknowledged, and are kept."""
    preference = InterpreterPreference.objects.filter(client=client).first()
    warnings = rules.interpreter_warnings(interpreter, preference=preference, on=on)
    if warnings and not acknowledged:
        raise ValidationError(
            {"acknowledge_warnings": _("Read the warnings and tick the box to record anyway.")}
        )
    booking = InterpreterBooking(
        client=client,
        interpreter=interpreter,
        on=on,
        kind=kind,
        notes=notes,
        warnings="\n".join(warnings),
        recorded_by=by,
    )
    booking.full_clean()
    booking.save()
    return booking
