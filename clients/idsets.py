"""Computing a large set of client ids once, for pages that ask many questions of it.

The supervision dashboard and the reports ask a dozen questions of the same scope ("the
clients this supervisor may see", 50,000 ids at 100,000 clients). Left as a subquery, the
access policy's UNION is computed again inside every one of those queries. `materialised`
computes it once into a temporary table that lives only in this database session's
current transaction, and hands back a subquery over that table.

It keeps no state outside the transaction (several app servers, pgbouncer in transaction
mode and connection reuse are all fine), and on databases other than PostgreSQL it simply
hands the subquery back unchanged.
"""

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

_names = itertools.count()


@contextmanager
def materialised(ids: QuerySet, *, indexed: bool = False) -> Iterator[QuerySet | RawSQL]:
    """`ids` is a one-column queryset of ids (`values("pk")`, `values("client_id")`, or
    a union of those). Inside the block, use what it yields wherever `ids` would go:
    `filter(client__in=...)`, `filter(pk__in=...)`.

    `indexed` adds an index on the ids, for queries that probe the table row by row
    rather than hash it whole: a page of deadlines walked in due-date order looks each
    client up (the supervision dashboard's overdue list: 90 -> 10 ms). Built after the
    rows are in, it costs about 10 ms over 50,000 ids (a primary key filled row by row
    cost 40-100 ms), which queries that hash the table (the reports) do not win back."""
    if connection.vendor != "postgresql":
        yield ids
        return
    try:
        sql, params = ids.order_by().query.sql_with_params()
    except EmptyResultSet:  # .none(): nothing to compute, Django filters it out itself
        yield ids
        return
    table = f"idset_{next(_names)}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {table} (id bigint) ON COMMIT DROP")
        cursor.execute(
            f"INSERT INTO {table} (id) SELECT x.id FROM ({sql}) AS x (id)",  # noqa: S608
            params,
        )
        if indexed:
            cursor.execute(f"CREATE INDEX ON {table} (id)")
        # The planner needs the row count to choose a hash join over a nested loop.
        cursor.execute(f"ANALYZE {table}")
        yield RawSQL(f"SELECT id FROM {table}", ())  # noqa: S608, S611
        # On an error the savepoint's rollback takes the table away instead.
        cursor.execute(f"DROP TABLE {table}")
