# A worker's latest notes, for the dashboard. Built without blocking the notes table:
# see justicecentre/indexes.py.

from django.db import migrations, models

from justicecentre.indexes import add_index, remove_index

INDEX = models.Index(fields=["author", "-created_at"], name="note_author_recent_idx")


def forwards(apps, schema_editor):
    add_index(schema_editor, apps.get_model("clients", "CaseNote"), INDEX)


def backwards(apps, schema_editor):
    remove_index(schema_editor, apps.get_model("clients", "CaseNote"), INDEX)


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("clients", "0009_assignment_covering_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="casenote", index=INDEX)],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
