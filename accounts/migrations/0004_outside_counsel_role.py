"""The Outside counsel role: a pro bono lawyer who sees only what a grant opens."""

from django.db import migrations

NAME = "Outside counsel"


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=NAME)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="clients", codename__in=["view_client", "view_document"]
        )
    )


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_access_grants")]

    operations = [migrations.RunPython(create, remove)]
