# Covering indexes for the supervision caseload: open deadlines by assignee also carry the
# client; sessions by worker and date. Built without blocking the tables: see
# justicecentre/indexes.py.

from django.conf import settings
from django.db import migrations, models

from justicecentre.indexes import add_index, remove_index, replace_index

OPEN = models.Q(("done_at__isnull", True), ("voided_at__isnull", True))
OLD_DEADLINE = models.Index(
    condition=OPEN, fields=["assignee", "due_on"], name="deadline_open_by_assignee_idx"
)
NEW_DEADLINE = models.Index(
    condition=OPEN,
    fields=["assignee", "due_on"],
    include=("client",),
    name="deadline_open_by_assignee_idx",
)
SESSION = models.Index(fields=["worker", "date"], name="session_worker_date_idx")


def forwards(apps, schema_editor):
    deadline = apps.get_model("cases", "Deadline")
    replace_index(schema_editor, deadline, OLD_DEADLINE, NEW_DEADLINE)
    add_index(schema_editor, apps.get_model("cases", "PsychosocialSession"), SESSION)


def backwards(apps, schema_editor):
    remove_index(schema_editor, apps.get_model("cases", "PsychosocialSession"), SESSION)
    deadline = apps.get_model("cases", "Deadline")
    replace_index(schema_editor, deadline, NEW_DEADLINE, OLD_DEADLINE)


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("cases", "0008_evidenceitem_updated_at"),
        ("clients", "0008_phone_digits_trigram_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="deadline", name=OLD_DEADLINE.name),
                migrations.AddIndex(model_name="deadline", index=NEW_DEADLINE),
                migrations.AddIndex(model_name="psychosocialsession", index=SESSION),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
