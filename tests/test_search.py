"""Search that scales: trigram indexes on PostgreSQL, misspellings found."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from clients.access import clients_visible_to
from clients.selectors import client_search

from .factories import AliasFactory, AssignmentFactory, ClientFactory


@pytest.fixture
def named(caseworker):
    made = {}
    for family, given in [("Rahman", "Ayesha"), ("Nguyen", "Van An"), ("Okafor", "Chinedu")]:
        made[family] = ClientFactory(family_name=family, given_name=given)
        AssignmentFactory(client=made[family], worker=caseworker)
    return made


def found(user, text) -> set[str]:
    return set(client_search(clients_visible_to(user), text).values_list("family_name", flat=True))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Rahmaan", {"Rahman"}), ("Nguyn", {"Nguyen"}), ("Chinedou", {"Okafor"})],
)
def test_misspelt_names_find_their_client(caseworker, named, typed, expected):
    assert found(caseworker, typed) == expected


def test_partial_alias_and_file_number(caseworker, named):
    AliasFactory(client=named["Okafor"], name="Chinedu Okaphor")
    named["Nguyen"].immd_file_number = "TCF-30021/2022"
    named["Nguyen"].save()
    assert found(caseworker, "okaph") == {"Okafor"}
    assert found(caseworker, "30021") == {"Nguyen"}


def test_fuzzy_search_stays_inside_the_access_policy(caseworker, other_caseworker, named):
    assert found(other_caseworker, "Rahmaan") == set()


def test_trigram_indexes_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%trgm'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"client_family_upper_trgm", "client_family_trgm", "alias_name_upper_trgm"} <= names


def test_search_page_uses_it(client, caseworker, named):
    client.force_login(caseworker)
    response = client.get(reverse("clients:list"), {"q": "Rahmaan"})
    assert [c.family_name for c in response.context["page"].object_list] == ["Rahman"]


def test_phone_digits_whatever_the_spacing(caseworker, named):
    named["Rahman"].phone = "9123-4567"
    named["Rahman"].save()
    assert found(caseworker, "9123 45") == {"Rahman"}
    assert found(caseworker, "23456") == {"Rahman"}
    assert found(caseworker, "5555 5") == set()


def test_the_phone_index_matches_the_search_expression(caseworker, named):
    """The planner may use an expression index only for exactly its expression: with
    sequential scans forbidden, the search's phone part must be read through it."""
    from clients.models import Client
    from clients.selectors import bare_phone

    query = Client.objects.alias(digits=bare_phone()).filter(digits__contains="912345")
    sql, params = query.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # leaves bitmap scans: GIN
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "client_phone_digits_trgm" in plan


def test_a_deleted_alias_no_longer_finds_its_client(caseworker, named):
    alias = AliasFactory(client=named["Okafor"], name="Chinedu Okaphor")
    assert found(caseworker, "okaph") == {"Okafor"}
    alias.delete()  # soft delete: restorable, but not a live name any more
    assert found(caseworker, "okaph") == set()


def test_a_supervisors_search_is_found_once_and_stays_in_scope(
    client, teams, supervisor, caseworker, other_caseworker, named
):
    """A supervisor's search reads its matches from a temporary table (clients/views.py,
    `found_once`): same clients, same order, same filters, pages and count, and still
    only the teams' clients."""
    outsider = ClientFactory(family_name="Rahmani", given_name="Other Team")
    AssignmentFactory(client=outsider, worker=other_caseworker)
    closed = ClientFactory(
        family_name="Rahmanov",
        given_name="Closed",
        status="closed",
        closed_on=timezone.localdate(),
    )
    AssignmentFactory(client=closed, worker=caseworker)
    client.force_login(supervisor)

    def names(**params) -> tuple[list[str], int]:
        response = client.get(reverse("clients:list"), params)
        assert response.status_code == 200
        page = response.context["page"]
        return [c.family_name for c in page.object_list], page.paginator.count

    assert names(q="Rahma") == (["Rahman"], 1)  # closed hidden, other team unseen
    assert names(q="Rahma", status="closed") == (["Rahmanov"], 1)
    assert names(q="a", sort="-name") == (["Rahman", "Okafor", "Nguyen"], 3)
    assert names(q="a", sort="name") == (["Nguyen", "Okafor", "Rahman"], 3)
    assert names(q="Rahma", vulnerability="999999")[1] == 1  # a bad filter is ignored


def test_a_supervisors_search_pages_and_filters_like_any_list(
    client, teams, supervisor, caseworker, psychosocial_worker
):
    found = [ClientFactory(family_name=f"Zedanski{i:02d}", given_name="Paged") for i in range(30)]
    for record in found:
        AssignmentFactory(client=record, worker=caseworker)
    for record in found[::3]:  # ten of them also have the psychosocial worker
        AssignmentFactory(client=record, worker=psychosocial_worker, role="support")
    client.force_login(supervisor)

    def page(**params):
        response = client.get(reverse("clients:list"), {"q": "Zedanski", **params})
        page = response.context["page"]
        return [c.family_name for c in page.object_list], page.paginator.count

    names = sorted(c.family_name for c in found)
    assert page() == (names[:25], 30)
    assert page(page=2) == (names[25:], 30)
    assert page(sort="-name", page=2) == (names[::-1][25:], 30)
    supported = sorted(c.family_name for c in found[::3])
    assert page(worker=psychosocial_worker.pk) == (supported, 10)
