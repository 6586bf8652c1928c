"""Building indexes in migrations without stopping the app.

A plain CREATE INDEX blocks writes to its table while it builds, and DROP INDEX takes a
lock that also blocks reads until the migration commits: replacing the index on client
assignments that way would stall every page (the access policy reads that table) for the
whole build. On PostgreSQL these helpers build CONCURRENTLY instead (the migration must
say `atomic = False`); elsewhere (SQLite, `make run`) they do the plain operation.
"""

from django.db import models


def _postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def add_index(schema_editor, model, index: models.Index) -> None:
    if _postgresql(schema_editor):
        schema_editor.add_index(model, index, concurrently=True)
    else:
        schema_editor.add_index(model, index)


def remove_index(schema_editor, model, index: models.Index) -> None:
    if _postgresql(schema_editor):
        schema_editor.remove_index(model, index, concurrently=True)
    else:
        schema_editor.remove_index(model, index)


def replace_index(schema_editor, model, old: models.Index, new: models.Index) -> None:
    """`old` becomes `new` under the same name. On PostgreSQL, `new` is built first under
    a temporary name, then `old` is dropped and `new` renamed: the table keeps an index
    throughout, and reads and writes carry on."""
    if not _postgresql(schema_editor):
        schema_editor.remove_index(model, old)
        schema_editor.add_index(model, new)
        return
    building = new.clone()
    building.name = f"{new.name}_new"
    quote = schema_editor.quote_name
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(building.name)}")
    schema_editor.add_index(model, building, concurrently=True)
    schema_editor.remove_index(model, old, concurrently=True)
    schema_editor.execute(f"ALTER INDEX {quote(building.name)} RENAME TO {quote(new.name)}")
