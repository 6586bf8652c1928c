"""/clients/ over a very large scope: the list stops counting at the cap, says so, and
pages through the first rows only; below the cap the count is exact."""

import pytest
from django.urls import reverse

from justicecentre.paginator import CappedPaginator

from .factories import AssignmentFactory, ClientFactory


@pytest.fixture
def twelve_clients(caseworker):
    clients = [ClientFactory(family_name=f"Family{n:02d}") for n in range(12)]
    for client in clients:
        AssignmentFactory(client=client, worker=caseworker)
    return clients


def test_below_the_cap_the_count_is_exact(twelve_clients):
    from clients.models import Client

    paginator = CappedPaginator(Client.objects.order_by("pk"), 5, cap=12)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (12, False, 3)


def test_above_the_cap_it_pages_through_the_first_rows_only(twelve_clients):
    from clients.models import Client

    paginator = CappedPaginator(Client.objects.order_by("family_name"), 5, cap=10)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (10, True, 2)
    last = paginator.get_page(99)
    assert [c.family_name for c in last] == [f"Family{n:02d}" for n in range(5, 10)]


def test_the_list_page_says_there_are_more(client, caseworker, twelve_clients, monkeypatch):
    monkeypatch.setattr("clients.views.LIST_CAP", 10)
    twelve_clients[0].family_name = "Okonkwo"
    twelve_clients[0].save()
    client.force_login(caseworker)
    response = client.get(reverse("clients:list"))
    assert response.context["page"].paginator.capped
    assert "More than 10 clients: the first 10 are listed." in response.content.decode()
    response = client.get(reverse("clients:list"), {"q": "Okonkwo"})
    assert not response.context["page"].paginator.capped
    assert "1 client" in response.content.decode()


def test_supervisors_list_matches_the_policy(client, supervisor, caseworker, teams):
    """The supervisor's list uses the policy's parts combined as OR: same clients as the
    UNION form, nobody else's."""
    from clients.access import clients_visible_to
    from clients.selectors import client_list

    from .factories import UserFactory

    mine = [ClientFactory() for _ in range(3)]
    for c in mine:
        AssignmentFactory(client=c, worker=caseworker)
    ClientFactory()  # unassigned, recorded by someone outside the team
    AssignmentFactory(client=ClientFactory(), worker=UserFactory())
    expected = set(clients_visible_to(supervisor).values_list("pk", flat=True))
    assert set(client_list(supervisor).values_list("pk", flat=True)) == expected
    assert {c.pk for c in mine} <= expected


def test_a_large_caseload_stays_a_subquery_with_the_same_clients(
    caseworker, twelve_clients, monkeypatch
):
    from clients import access
    from clients.selectors import client_list

    fetched = set(client_list(caseworker).values_list("pk", flat=True))
    assert isinstance(access.visible_client_ids_for_reading(caseworker), list)
    monkeypatch.setattr(access, "FETCHED_IDS", 5)
    assert not isinstance(access.visible_client_ids_for_reading(caseworker), list)
    assert set(client_list(caseworker).values_list("pk", flat=True)) == fetched
    assert fetched == {c.pk for c in twelve_clients}
