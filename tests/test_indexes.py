"""The covering indexes the supervision figures read (index-only scans), and the helpers
that build indexes without blocking the table (justicecentre/indexes.py)."""

from django.db import connection, models

from clients.models import ClientAssignment
from justicecentre.indexes import replace_index


def index_definition(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else ""


def test_the_covering_indexes_carry_their_columns(db):
    assert "INCLUDE (role)" in index_definition("assignment_current_idx")
    assert "WHERE (ended_on IS NULL)" in index_definition("assignment_current_idx")
    assert "INCLUDE (client_id)" in index_definition("deadline_open_by_assignee_idx")
    assert "(worker_id, date)" in index_definition("session_worker_date_idx")


def test_replacing_an_index_keeps_its_name_and_leaves_nothing_behind(transactional_db):
    old = ClientAssignment._meta.indexes[0]
    assert old.name == "assignment_current_idx"
    plain = models.Index(condition=old.condition, fields=old.fields, name=old.name)
    with connection.schema_editor(atomic=False) as editor:
        replace_index(editor, ClientAssignment, old, plain)
    assert "INCLUDE" not in index_definition("assignment_current_idx")
    with connection.schema_editor(atomic=False) as editor:
        replace_index(editor, ClientAssignment, plain, old)
    assert "INCLUDE (role)" in index_definition("assignment_current_idx")
    assert not index_definition("assignment_current_idx_new")
