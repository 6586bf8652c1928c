# The current-assignment index also carries the role (a covering index for the supervision
# caseload). Rebuilt without blocking the table: see justicecentre/indexes.py.

from django.conf import settings
from django.db import migrations, models

from justicecentre.indexes import replace_index

OLD = models.Index(
    condition=models.Q(("ended_on__isnull", True)),
    fields=["worker", "client"],
    name="assignment_current_idx",
)
NEW = models.Index(
    condition=models.Q(("ended_on__isnull", True)),
    fields=["worker", "client"],
    include=("role",),
    name="assignment_current_idx",
)


def forwards(apps, schema_editor):
    replace_index(schema_editor, apps.get_model("clients", "ClientAssignment"), OLD, NEW)


def backwards(apps, schema_editor):
    replace_index(schema_editor, apps.get_model("clients", "ClientAssignment"), NEW, OLD)


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("clients", "0008_phone_digits_trigram_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="clientassignment", name=OLD.name),
                migrations.AddIndex(model_name="clientassignment", index=NEW),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
