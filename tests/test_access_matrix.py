"""Every URL of the project, for every role, answers as the access policy says.

A URL added without an entry in MATRIX fails `test_every_url_has_an_entry`, so nobody
can add a page that skipped the policy without a test noticing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import AccessGrant
from accounts.roles import Role
from clients.models import Document

from .cases_factories import (
    ClaimEventFactory,
    ClaimFactory,
    DeadlineFactory,
    LegalAidFactory,
    ReportingFactory,
)
from .factories import AliasFactory, DependantFactory, NoteFactory, UserFactory
from .referrals_factories import (
    CoverageFactory,
    PartnerFactory,
    ReferralFactory,
    ScreeningFactory,
    ServiceFactory,
)
from .supervision_factories import closure_request, import_batch

ROLES = [
    "anonymous",
    "caseworker",
    "psychosocial_worker",
    "other_caseworker",
    "supervisor",
    "admin",
]

# Shorthands for the common shapes of expectation.
LOGIN = 302  # anonymous is sent to the sign-in page
IN_SCOPE = {
    "anonymous": LOGIN,
    "caseworker": 200,
    "psychosocial_worker": 200,
    "supervisor": 200,
    "other_caseworker": 404,
    "admin": 404,
}
CASEWORK_ROLE_PAGE = {
    "anonymous": LOGIN,
    "caseworker": 200,
    "psychosocial_worker": 200,
    "supervisor": 200,
    "other_caseworker": 200,
    "admin": 403,
}
EVERYONE_SIGNED_IN = dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN}
PUBLIC = dict.fromkeys(ROLES, 200)


def redirect_if_allowed(expected: dict[str, int]) -> dict[str, int]:
    """For POST actions: a redirect back where access holds, the same 404 elsewhere."""
    return {role: (302 if code == 200 else code) for role, code in expected.items()}


@dataclass
class Case:
    expected: dict[str, int]
    kwargs: Callable[[dict], dict] = lambda world: {}
    method: str = "get"
    data: dict = field(default_factory=dict)


def ref(world) -> dict:
    return {"ref": world["client"].reference}


def document(world) -> dict:
    client = world["client"]
    doc = Document(
        client=client,
        category=Document.Category.EVIDENCE,
        title="Medical report",
        original_name="report.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=world["caseworker"],
    )
    doc.file.save("x", ContentFile(b"%PDF-1.4\n"), save=False)
    doc.save()
    return {"ref": client.reference, "pk": doc.pk}


def assignment(world) -> dict:
    return {"ref": world["client"].reference, "pk": world["client"].assignments.first().pk}


def alias(world) -> dict:
    return {"ref": world["client"].reference, "pk": AliasFactory(client=world["client"]).pk}


def dependant(world) -> dict:
    return {"ref": world["client"].reference, "pk": DependantFactory(client=world["client"]).pk}


def counsel_grant(world) -> dict:
    counsel = UserFactory(username="counsel", roles=[Role.OUTSIDE_COUNSEL])
    grant = AccessGrant.objects.create(
        user=counsel,
        client=world["client"],
        kind=AccessGrant.Kind.OUTSIDE_COUNSEL,
        reason="Judicial review",
        ends_at=timezone.now() + datetime.timedelta(days=5),
        granted_by=world["supervisor"],
    )
    return {"ref": world["client"].reference, "pk": grant.pk}


def deleted_alias(world) -> dict:
    alias = AliasFactory(client=world["client"])
    alias.deleted_at = timezone.now()
    alias.save()
    return {"ref": world["client"].reference, "kind": "alias", "pk": alias.pk}


def deleted_alias_only_pk(world) -> dict:
    made = deleted_alias(world)
    return {"kind": made["kind"], "pk": made["pk"]}


def own_note(world) -> dict:
    note = NoteFactory(client=world["client"], author=world["caseworker"])
    return {"ref": world["client"].reference, "pk": note.pk}


def claim(world) -> dict:
    made = ClaimFactory(client=world["client"], created_by=world["caseworker"])
    return {"ref": world["client"].reference, "pk": made.pk}


def claim_event(world) -> dict:
    made = ClaimFactory(client=world["client"], created_by=world["caseworker"])
    return {"ref": world["client"].reference, "pk": ClaimEventFactory(claim=made).pk}


def deadline(world) -> dict:
    made = DeadlineFactory(client=world["client"], assignee=world["caseworker"])
    return {"pk": made.pk}


def legal_aid(world) -> dict:
    made = LegalAidFactory(client=world["client"], created_by=world["caseworker"])
    return {"ref": world["client"].reference, "pk": made.pk}


def reporting(world) -> dict:
    made = ReportingFactory(client=world["client"], created_by=world["caseworker"])
    return {"ref": world["client"].reference, "pk": made.pk}


def evidence_item(world) -> dict:
    """A document of the world's client in its claim's evidence bundle."""
    from cases.models import EvidenceItem

    made = EvidenceItem.objects.create(
        claim=ClaimFactory(client=world["client"], created_by=world["caseworker"]),
        document=Document.objects.get(pk=document(world)["pk"]),
        issue="Credibility",
        position=1,
        added_by=world["caseworker"],
    )
    return {"ref": world["client"].reference, "pk": made.pk}


def calendar_token(world) -> dict:
    from cases.services import calendar_token as token_for

    return {"token": token_for(user=world["caseworker"])}


def partner(world) -> dict:
    return {"pk": PartnerFactory().pk}


def referral(world) -> dict:
    """An outbound draft on the world's client, made by `caseworker`, with consent to share."""
    service = ServiceFactory()
    made = ReferralFactory(
        client=world["client"],
        partner=PartnerFactory(services=[service]),
        service=service,
        created_by=world["caseworker"],
    )
    CoverageFactory(
        consent__client=world["client"],
        consent__partner=made.partner,
        consent__recorded_by=world["caseworker"],
    )
    return {"pk": made.pk}


def referral_cancel(world) -> dict:
    return referral(world) | {"to": "cancelled"}


def unlinked_inbound(world) -> dict:
    """A partner's referral recorded by `caseworker` before any intake: no client yet."""
    made = ReferralFactory(
        direction="inbound",
        client=None,
        person_name="Rahman Ayesha",
        status="sent",
        sent_at=timezone.now(),
        sent_by=world["caseworker"],
        created_by=world["caseworker"],
    )
    return {"pk": made.pk}


def screening(world) -> dict:
    made = ScreeningFactory(
        client=world["client"],
        screened_by=world["caseworker"],
        indicators_present=1,
        legal_review_needed=True,
    )
    return {"ref": world["client"].reference, "pk": made.pk}


def supervisor_notification(world) -> dict:
    from cases.notifications.models import Notification

    made = Notification.objects.create(
        recipient=world["supervisor"], client=world["client"], text="JC flagged", url="/"
    )
    return {"pk": made.pk}


SUPERVISOR_ONLY = {**IN_SCOPE, "caseworker": 404, "psychosocial_worker": 404}
SUPERVISOR_ROLE_PAGE = dict.fromkeys(ROLES, 403) | {"anonymous": LOGIN, "supervisor": 200}
# Need to know: the legal caseworker on the same client gets the same 404 as a stranger.
PSYCHOSOCIAL_STAFF = {**IN_SCOPE, "caseworker": 404}
AUTHOR_ONLY = {**IN_SCOPE, "psychosocial_worker": 404, "supervisor": 404}

MATRIX: dict[str, Case] = {
    "dashboard": Case(EVERYONE_SIGNED_IN),
    "health": Case(PUBLIC),
    "accounts:login": Case(PUBLIC),
    "accounts:logout": Case(dict.fromkeys(ROLES, 302), method="post"),
    "accounts:language": Case(EVERYONE_SIGNED_IN),
    # Open to everyone (the sign-in page offers it); answers with a redirect back.
    "set_language": Case(dict.fromkeys(ROLES, 302), method="post", data={"language": "zh-hant"}),
    "accounts:two_factor_setup": Case(EVERYONE_SIGNED_IN),
    # Without an enrolled device, verification sends the person to set one up.
    "accounts:two_factor_verify": Case(dict.fromkeys(ROLES, 302)),
    "accounts:password_change": Case(EVERYONE_SIGNED_IN),
    "accounts:password_change_done": Case(EVERYONE_SIGNED_IN),
    "accounts:password_reset": Case(PUBLIC),
    "accounts:password_reset_done": Case(PUBLIC),
    "accounts:password_reset_confirm": Case(
        PUBLIC, kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"}
    ),
    "accounts:password_reset_complete": Case(PUBLIC),
    "clients:list": Case(CASEWORK_ROLE_PAGE),
    "clients:duplicate_check": Case(CASEWORK_ROLE_PAGE),
    "clients:intake": Case(CASEWORK_ROLE_PAGE),
    "clients:detail": Case(IN_SCOPE, ref),
    "clients:edit": Case(IN_SCOPE, ref),
    "clients:break_glass": Case(CASEWORK_ROLE_PAGE),
    "clients:access": Case(SUPERVISOR_ONLY, ref),
    "clients:data_export": Case(SUPERVISOR_ONLY, ref),
    "clients:data_export_json": Case(SUPERVISOR_ONLY, ref),
    "clients:grant_revoke": Case(redirect_if_allowed(SUPERVISOR_ONLY), counsel_grant, "post"),
    "clients:assignments": Case(SUPERVISOR_ONLY, ref),
    "clients:assignment_end": Case(redirect_if_allowed(SUPERVISOR_ONLY), assignment, "post"),
    "clients:alias_add": Case(IN_SCOPE, ref),
    "clients:alias_delete": Case(redirect_if_allowed(IN_SCOPE), alias, "post"),
    "clients:dependant_add": Case(IN_SCOPE, ref),
    "clients:dependant_edit": Case(IN_SCOPE, dependant),
    "clients:dependant_delete": Case(redirect_if_allowed(IN_SCOPE), dependant, "post"),
    "clients:consent_add": Case(IN_SCOPE, ref),
    "clients:notes": Case(IN_SCOPE, ref),
    "clients:note_delete": Case(redirect_if_allowed(AUTHOR_ONLY), own_note, "post"),
    "clients:document_delete": Case(
        redirect_if_allowed({**IN_SCOPE, "psychosocial_worker": 404}), document, "post"
    ),
    "clients:deleted": Case(IN_SCOPE, ref),
    "clients:record_restore": Case(redirect_if_allowed(IN_SCOPE), deleted_alias, "post"),
    "deleted_records": Case({**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "admin": 200}),
    "deleted_record_purge": Case(
        {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "admin": 302},
        deleted_alias_only_pk,
        "post",
    ),
    "clients:note_edit": Case(AUTHOR_ONLY, own_note),
    "clients:documents": Case(IN_SCOPE, ref),
    "clients:document_download": Case(IN_SCOPE, document),
    "clients:claim": Case(IN_SCOPE, ref),
    "clients:legal_aid": Case(IN_SCOPE, ref),
    "clients:psychosocial": Case(IN_SCOPE, ref),
    "clients:referrals": Case(IN_SCOPE, ref),
    "clients:history": Case(SUPERVISOR_ONLY, ref),
    "staff_activity": Case(
        {**SUPERVISOR_ONLY, "other_caseworker": 404},
        lambda world: {"pk": world["caseworker"].pk},
    ),
    "cases:deadline_list": Case(CASEWORK_ROLE_PAGE),
    "cases:calculator": Case(EVERYONE_SIGNED_IN),
    "cases:calendar_settings": Case(CASEWORK_ROLE_PAGE),
    "cases:calendar_reset": Case(redirect_if_allowed(CASEWORK_ROLE_PAGE), method="post"),
    # Token, not session: the same answer whoever is signed in (the token owner's data).
    "cases:calendar_feed": Case(PUBLIC, calendar_token),
    "cases:deadline_done": Case(redirect_if_allowed(IN_SCOPE), deadline, "post"),
    "cases:deadline_undone": Case(redirect_if_allowed(IN_SCOPE), deadline, "post"),
    "cases:claim_create": Case(IN_SCOPE, ref),
    "cases:claim_edit": Case(IN_SCOPE, claim),
    "cases:event_add": Case(IN_SCOPE, claim),
    "cases:event_edit": Case(IN_SCOPE, claim_event),
    "cases:event_remove": Case(redirect_if_allowed(IN_SCOPE), claim_event, "post"),
    "cases:deadline_add": Case(IN_SCOPE, ref),
    "cases:legal_aid_add": Case(IN_SCOPE, ref),
    "cases:legal_aid_edit": Case(IN_SCOPE, legal_aid),
    "cases:reporting_add": Case(IN_SCOPE, ref),
    "cases:reporting_edit": Case(IN_SCOPE, reporting),
    "cases:evidence_list": Case(IN_SCOPE, claim),
    "cases:evidence_add": Case(IN_SCOPE, claim),
    "cases:evidence_bundle": Case(IN_SCOPE, claim),
    "cases:evidence_edit": Case(IN_SCOPE, evidence_item),
    "cases:evidence_move": Case(
        redirect_if_allowed(IN_SCOPE), evidence_item, "post", {"direction": "up"}
    ),
    "cases:evidence_remove": Case(redirect_if_allowed(IN_SCOPE), evidence_item, "post"),
    "referrals:list": Case(CASEWORK_ROLE_PAGE),
    "referrals:partner_list": Case(CASEWORK_ROLE_PAGE),
    "referrals:partner_detail": Case(CASEWORK_ROLE_PAGE, partner),
    "referrals:interpreters": Case(CASEWORK_ROLE_PAGE),
    "referrals:inbound_create": Case(CASEWORK_ROLE_PAGE),
    "referrals:detail": Case(IN_SCOPE, referral),
    "referrals:edit": Case(IN_SCOPE, referral),
    "referrals:transition": Case(redirect_if_allowed(IN_SCOPE), referral_cancel, "post"),
    "referrals:letter": Case(IN_SCOPE, referral),
    "referrals:consent": Case(IN_SCOPE, referral),
    # Before its intake an inbound referral is its recorder's and their supervisors'.
    # An unknown reference: the page comes back with the error where access holds.
    "referrals:link_client": Case(
        {**IN_SCOPE, "psychosocial_worker": 404},
        unlinked_inbound,
        "post",
        {"reference": "JC-0000-00000"},
    ),
    "referrals:create": Case(IN_SCOPE, ref),
    "referrals:screening_create": Case(IN_SCOPE, ref),
    "referrals:screening_detail": Case(IN_SCOPE, screening),
    "referrals:screening_review": Case(
        redirect_if_allowed(IN_SCOPE), screening, "post", {"note": "Advised on a labour claim."}
    ),
    "referrals:client_interpreters": Case(IN_SCOPE, ref),
    "referrals:interpreter_preference": Case(IN_SCOPE, ref),
    "referrals:booking_create": Case(IN_SCOPE, ref),
    "supervision:dashboard": Case(SUPERVISOR_ROLE_PAGE),
    "supervision:client_list": Case(SUPERVISOR_ROLE_PAGE),
    "supervision:deadline_list": Case(SUPERVISOR_ROLE_PAGE),
    "supervision:closure_list": Case(SUPERVISOR_ROLE_PAGE),
    "supervision:closure_decide": Case(SUPERVISOR_ONLY, closure_request),
    "supervision:worker_notes": Case(SUPERVISOR_ONLY, lambda world: {"pk": world["caseworker"].pk}),
    "supervision:import_upload": Case(SUPERVISOR_ROLE_PAGE),
    "supervision:import_preview": Case(SUPERVISOR_ROLE_PAGE, import_batch),
    "supervision:client_reassign": Case(SUPERVISOR_ONLY, ref),
    # The world's client is assigned already: the supervisor is sent back with a message.
    "supervision:intake_assign": Case(redirect_if_allowed(SUPERVISOR_ONLY), ref, "post"),
    "supervision:client_closure": Case(IN_SCOPE, ref),
    "supervision:client_reopen": Case(SUPERVISOR_ONLY, ref),
    "supervision:client_notes": Case(SUPERVISOR_ONLY, ref),
    "reports:index": Case(SUPERVISOR_ROLE_PAGE),
    "reports:export": Case(SUPERVISOR_ROLE_PAGE, lambda world: {"fmt": "csv"}),
    "reports:anonymised": Case(SUPERVISOR_ROLE_PAGE, lambda world: {"fmt": "xlsx"}),
    "cases:session_add": Case(PSYCHOSOCIAL_STAFF, ref),
    "cases:assessment_add": Case(
        PSYCHOSOCIAL_STAFF, lambda world: ref(world) | {"instrument": "phq9"}
    ),
    "cases:risk_add": Case(PSYCHOSOCIAL_STAFF, ref),
    "cases:psychosocial_summary": Case(PSYCHOSOCIAL_STAFF, ref),
    # Everyone has their own list; someone else's notification is a 404.
    "cases:notification_list": Case(EVERYONE_SIGNED_IN),
    "cases:notification_read": Case(
        {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "supervisor": 302},
        supervisor_notification,
        "post",
    ),
    "cases:notification_read_all": Case(redirect_if_allowed(EVERYONE_SIGNED_IN), method="post"),
}


def project_url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    """Every named URL outside the Django admin (which has its own tests below)."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= project_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_an_entry():
    missing = project_url_names() - MATRIX.keys()
    assert not missing, f"Add these URLs to the access matrix: {sorted(missing)}"
    assert not MATRIX.keys() - project_url_names(), "The matrix names URLs that do not exist"


@pytest.fixture
def world(request, client_record, other_client, teams):
    names = ["caseworker", "psychosocial_worker", "other_caseworker", "supervisor", "admin"]
    return {"client": client_record} | {name: request.getfixturevalue(name) for name in names}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(name, role, world, client):
    case = MATRIX[name]
    url = reverse(name, kwargs=case.kwargs(world))
    if role != "anonymous":
        client.force_login(world[role])
    response = getattr(client, case.method)(url, case.data)
    assert response.status_code == case.expected[role], f"{case.method.upper()} {url} as {role}"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("caseworker", 302),  # not staff: the admin's own sign-in page
        ("supervisor", 302),
        ("admin", 200),
    ],
)
def test_admin_index(role, expected, world, client):
    if role != "anonymous":
        client.force_login(world[role])
    assert client.get(reverse("admin:index")).status_code == expected


def test_admin_role_cannot_open_client_records_in_the_admin(world, client):
    client.force_login(world["admin"])
    assert client.get(reverse("admin:clients_client_changelist")).status_code == 403
    change = reverse("admin:clients_client_change", args=[world["client"].pk])
    assert client.get(change).status_code == 403


def test_superuser_without_casework_role_sees_no_client_in_the_admin(world, client):
    boss = world["admin"]
    boss.is_superuser = True
    boss.save()
    client.force_login(boss)
    # Superuser powers do not open case files: the admin is filtered by the same policy.
    assert client.get(reverse("admin:clients_client_changelist")).status_code == 403


@pytest.mark.parametrize(
    ("role", "expected"),
    [("caseworker", 403), ("psychosocial_worker", 200), ("supervisor", 200), ("admin", 403)],
)
@pytest.mark.parametrize(
    "model", ["psychosocialsession", "assessment", "riskassessment", "clientriskflag"]
)
def test_admin_psychosocial_pages_are_need_to_know(world, client, role, expected, model):
    user = world[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse(f"admin:cases_{model}_changelist")).status_code == expected


def test_admin_manages_staff(world, client):
    client.force_login(world["admin"])
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_team_changelist")).status_code == 200
    assert client.get(reverse("admin:clients_vulnerability_changelist")).status_code == 200
