"""factory_boy factories for the supervision app, and the access matrix's world helpers."""

import factory

from supervision.models import ClosureRequest, ImportBatch, SupervisionNote

from .factories import ClientFactory, UserFactory


class ClosureRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosureRequest

    client = factory.SubFactory(ClientFactory)
    requested_by = factory.SubFactory(UserFactory)
    outcome = ClosureRequest.Outcome.SERVICES_COMPLETED
    reason = "Housing secured and the claim is with the lawyers."


class SupervisionNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionNote

    client = factory.SubFactory(ClientFactory)
    author = factory.SubFactory(UserFactory)
    body = "Discussed workload in supervision."


def closure_request(world) -> dict:
    """A waiting closure request on the world's client, asked by `caseworker`."""
    made = ClosureRequestFactory(client=world["client"], requested_by=world["caseworker"])
    return {"pk": made.pk}


def import_batch(world) -> dict:
    batch = ImportBatch.objects.create(
        uploaded_by=world["supervisor"],
        file_name="caseload.csv",
        sha256="0" * 64,
        rows=[{"line": 2, "source_id": "A1", "family_name": "Test"}],
    )
    return {"pk": batch.pk}
