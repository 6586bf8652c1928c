"""clients/idsets.py: a scope computed once answers exactly like the policy's subquery."""

import pytest
from django.db import connection

from clients.access import visible_client_ids
from clients.idsets import materialised
from clients.models import Client, ClientAssignment

from .factories import AssignmentFactory, ClientFactory


def temporary_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relpersistence = 't' AND relkind = 'r'")
        return {name for (name,) in cursor.fetchall()}


def test_materialised_scope_answers_like_the_subquery(supervisor, caseworker, other_client):
    team_clients = [ClientFactory() for _ in range(4)]
    for client in team_clients:
        AssignmentFactory(client=client, worker=caseworker)
    expected = set(
        Client.objects.filter(pk__in=visible_client_ids(supervisor)).values_list("pk", flat=True)
    )
    assert expected >= {c.pk for c in team_clients}
    assert other_client.pk not in expected

    before = temporary_tables()
    with materialised(visible_client_ids(supervisor)) as scope:
        assert temporary_tables() - before, "the scope lives in a temporary table"
        got = set(Client.objects.filter(pk__in=scope).values_list("pk", flat=True))
        # Computed once: a client assigned now is not in this snapshot.
        late = ClientFactory()
        AssignmentFactory(client=late, worker=caseworker)
        assert not Client.objects.filter(pk__in=scope, pk=late.pk).exists()
    assert got == expected
    assert temporary_tables() == before, "and is dropped at the end of the block"


def test_an_error_inside_the_block_leaves_no_table_behind(supervisor):
    before = temporary_tables()
    with pytest.raises(ZeroDivisionError), materialised(visible_client_ids(supervisor)):
        1 / 0  # noqa: B018
    assert temporary_tables() == before


def test_nobody_without_casework_gets_an_empty_scope(admin, client_record):
    with materialised(visible_client_ids(admin)) as scope:
        assert not Client.objects.filter(pk__in=scope).exists()


def test_an_indexed_scope_answers_the_same_and_has_its_index(caseworker, psychosocial_worker):
    shared = ClientFactory()
    AssignmentFactory(client=shared, worker=caseworker)
    AssignmentFactory(client=shared, worker=psychosocial_worker, role="support")
    both = ClientAssignment.objects.filter(client=shared).values("client_id")
    assert both.count() == 2  # the same id twice: still one client
    with materialised(both, indexed=True) as scope:
        table = scope.sql.split()[-1]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = %s", [table])
            assert cursor.fetchone() == (1,)
        assert list(Client.objects.filter(pk__in=scope).values_list("pk", flat=True)) == [shared.pk]
