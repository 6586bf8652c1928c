"""The business rules of referrals, as plain functions with unit tests.

Status flow: draft -> sent -> accepted / declined; accepted -> completed; and any open
referral (draft, sent, accepted) may be cancelled. Declined, completed and cancelled are
final. Who may take a step depends on the direction:

* outbound: the centre's staff record the partner's answer;
* inbound: the partner has sent it, so it starts as sent and the centre answers;
* internal: only a supervisor accepts or declines, and accepting assigns the receiving
  worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.access import can_see_psychosocial

from .models import Indicator, IndicatorAnswer, Interpreter, InterpreterPreference, Referral

if TYPE_CHECKING:
    import datetime

    from accounts.models import User

Status = Referral.Status
Direction = Referral.Direction

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SENT, Status.CANCELLED}),
    Status.SENT: frozenset({Status.ACCEPTED, Status.DECLINED, Status.CANCELLED}),
    Status.ACCEPTED: frozenset({Status.COMPLETED, Status.CANCELLED}),
    Status.DECLINED: frozenset(),
    Status.COMPLETED: frozenset(),
    Status.CANCELLED: frozenset(),
}

# The verb on the button that takes a referral to each status.
ACTION_LABELS = {
    Status.SENT: gettext_lazy("Mark as sent"),
    Status.ACCEPTED: gettext_lazy("Accepted"),
    Status.DECLINED: gettext_lazy("Declined"),
    Status.COMPLETED: gettext_lazy("Record the outcome: completed"),
    Status.CANCELLED: gettext_lazy("Cancel the referral"),
}


def can_transition(current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, frozenset())


def transition_error(current: str, to: str) -> str:
    """The message for a step the flow does not allow."""
    return _("A referral that is %(current)s cannot be marked %(to)s.") % {
        "current": Status(current).label.lower(),
        "to": Status(to).label.lower(),
    }


def answer_needs_supervisor(referral: Referral) -> bool:
    """Internal referrals are answered by a supervisor, who assigns the receiving worker."""
    return referral.direction == Direction.INTERNAL


def transitions_for(referral: Referral, user: User) -> list[str]:
    """The steps `user` may take on `referral` now, in flow order. Only these are offered."""
    allowed = TRANSITIONS[referral.status]
    steps = [s for s in Status.values if s in allowed]
    if answer_needs_supervisor(referral) and not user.is_supervisor:
        steps = [s for s in steps if s not in {Status.ACCEPTED, Status.DECLINED}]
    return steps


def action_label(referral: Referral, to: str) -> str:
    """The button's words, in the voice of whoever takes the step in that direction."""
    words = {
        Direction.OUTBOUND: {
            Status.SENT: gettext_lazy("Send to the partner"),
            Status.ACCEPTED: gettext_lazy("The partner accepted"),
            Status.DECLINED: gettext_lazy("The partner declined"),
        },
        Direction.INBOUND: {
            Status.ACCEPTED: gettext_lazy("We accept"),
            Status.DECLINED: gettext_lazy("We decline"),
        },
        Direction.INTERNAL: {
            Status.SENT: gettext_lazy("Send to the team"),
            Status.ACCEPTED: gettext_lazy("Accept and assign"),
            Status.DECLINED: gettext_lazy("Decline"),
        },
    }
    return str(words[referral.direction].get(to, ACTION_LABELS[to]))


def outcome_visible(referral: Referral, user: User) -> bool:
    """What the psychosocial team records back on an internal referral is need-to-know.

    The reason was written by the referring worker for the receiving team; the outcome
    and any decline reason come from psychosocial work, so only those who may see
    psychosocial detail read them.
    """
    if (
        referral.direction == Direction.INTERNAL
        and referral.to_team == Referral.Team.PSYCHOSOCIAL
        and referral.client_id
    ):
        return can_see_psychosocial(user, referral.client)
    return True


def receiving_role_matches(worker: User, team: str) -> bool:
    if team == Referral.Team.LEGAL:
        return worker.is_legal_caseworker
    return worker.is_psychosocial_caseworker


def acceptance_rate(accepted: int, declined: int) -> int | None:
    """Percentage of answered referrals accepted, or None before any answer."""
    answered = accepted + declined
    if not answered:
        return None
    return round(100 * accepted / answered)


# -- Forced labour ------------------------------------------------------------------------


def indicators_present(answers: dict[str, str]) -> list[str]:
    """The indicators answered 'present', in the ILO's order."""
    return [i for i in Indicator.values if answers.get(i) == IndicatorAnswer.Answer.PRESENT]


# -- Interpreters ---------------------------------------------------------------------------


def _in(value: str, options: list[str]) -> bool:
    return value.strip().casefold() in {o.casefold() for o in options}


def interpreter_warnings(
    interpreter: Interpreter,
    *,
    preference: InterpreterPreference | None = None,
    on: datetime.date | None = None,
) -> list[str]:
    """What is wrong with `interpreter` serving this client on this date. Empty if nothing."""
    warnings = []
    if not interpreter.active:
        warnings.append(_("%(name)s is not on the active roster.") % {"name": interpreter})
    if interpreter.undertaking_signed_on is None:
        warnings.append(
            _("%(name)s has no signed confidentiality undertaking on file.") % {"name": interpreter}
        )
    elif on is not None and interpreter.undertaking_signed_on > on:
        warnings.append(
            _("%(name)s signed the confidentiality undertaking only on %(date)s.")
            % {"name": interpreter, "date": interpreter.undertaking_signed_on}
        )
    if preference is not None:
        if preference.language and not _in(preference.language, interpreter.language_list):
            warnings.append(
                _("%(name)s does not interpret in %(language)s, the client's language.")
                % {"name": interpreter, "language": preference.language}
            )
        if preference.dialect and not _in(preference.dialect, interpreter.dialect_list):
            warnings.append(
                _("%(name)s does not list the %(dialect)s dialect the client asked for.")
                % {"name": interpreter, "dialect": preference.dialect}
            )
        if preference.gender and preference.gender != interpreter.gender:
            warnings.append(
                _("The client asked for a %(gender)s.")
                % {"gender": str(preference.get_gender_display()).lower()}
            )
    return [str(w) for w in warnings]
