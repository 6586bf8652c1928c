"""Fictional supervision records for `seed_demo`: closure requests (waiting and returned),
supervision notes, and a couple of files closed and reopened.

Called as `supervision.demo.seed(rng=..., stdout=...)` after the clients exist.
Idempotent: once any closure request or supervision note exists, it does nothing.
Everything goes through supervision.services, as in real use.
"""

import random
from typing import TextIO

from django.db.models import Exists, OuterRef

from accounts.models import User
from clients.access import clients_visible_to
from clients.models import Client, ClientAssignment

from . import services
from .models import ClosureRequest, SupervisionNote

OUTCOMES = [
    ("services_completed", "Housing stable and counselling goals met; no open legal step."),
    ("left_hong_kong", "Client has been resettled through UNHCR and left Hong Kong."),
    ("lost_contact", "No answer to calls or letters for six months."),
    ("transferred", "Now represented by a pro bono firm that takes over the file."),
]
RETURN_COMMENTS = [
    "The appeal deadline is still open: record the appeal decision first.",
    "Please record the outcome of the shelter referral before closing.",
]
CLIENT_NOTES = [
    "Discussed in supervision: check the safety plan at every session this month.",
    "Complex family situation: consider a joint legal and psychosocial meeting.",
    "Client asked for a female interpreter: make sure bookings follow that.",
]
WORKER_NOTES = [
    "Caseload is high after the leave cover; no new intakes for two weeks.",
    "Agreed to shadow an appeal hearing next month.",
]


def seed(*, rng: random.Random, stdout: TextIO) -> None:
    supervisor = User.objects.filter(username="demo-supervisor", is_active=True).first()
    if supervisor is None:
        return
    if ClosureRequest.objects.exists() or SupervisionNote.objects.exists():
        stdout.write("  supervision: demo records already there")
        return
    lead = ClientAssignment.objects.filter(
        client=OuterRef("pk"), role=ClientAssignment.Role.LEAD, ended_on__isnull=True
    )
    candidates = list(
        clients_visible_to(supervisor)
        .filter(Exists(lead), status=Client.Status.ACTIVE)
        .order_by("pk")[:200]
    )
    if len(candidates) < 9:
        return
    picked = rng.sample(candidates, 9)
    leads = {
        a.client_id: a.worker
        for a in ClientAssignment.objects.filter(
            client__in=picked, role=ClientAssignment.Role.LEAD, ended_on__isnull=True
        ).select_related("worker")
    }
    waiting, returned, reopened = picked[:3], picked[3:5], picked[5:7]
    for client in waiting:
        outcome, reason = rng.choice(OUTCOMES)
        services.closure_request(client=client, by=leads[client.pk], outcome=outcome, reason=reason)
    for client, comment in zip(returned, RETURN_COMMENTS, strict=True):
        outcome, reason = rng.choice(OUTCOMES)
        request = services.closure_request(
            client=client, by=leads[client.pk], outcome=outcome, reason=reason
        )
        services.closure_return(request=request, by=supervisor, comment=comment)
    for client in reopened:
        request = services.closure_request(
            client=client, by=leads[client.pk], outcome="lost_contact", reason=OUTCOMES[2][1]
        )
        services.closure_approve(request=request, by=supervisor)
        client.refresh_from_db()
        services.client_reopen(
            client=client, by=supervisor, reason="The client came back to the centre for help."
        )
    for client, body in zip(picked[7:] + picked[:1], CLIENT_NOTES, strict=True):
        services.supervision_note_add(author=supervisor, client=client, body=body)
    workers = list(User.objects.filter(pk__in={w.pk for w in leads.values()}).order_by("pk"))
    for worker, body in zip(workers, WORKER_NOTES, strict=False):
        services.supervision_note_add(author=supervisor, worker=worker, body=body)
    stdout.write(
        "  supervision: 5 closure requests (2 returned), 2 files reopened, supervision notes"
    )
