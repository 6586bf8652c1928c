"""Create the four staff roles as groups, with the permissions each job needs.

The Admin role manages accounts and reference data and gets no permission on client
records: access to case files follows the casework roles (least privilege).
Later apps add their own reference-data permissions to Admin in their migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CASEWORK = [
    ("clients", "client", ["view", "add", "change"]),
    ("clients", "clientalias", ["view", "add", "change", "delete"]),
    ("clients", "dependant", ["view", "add", "change", "delete"]),
    ("clients", "consent", ["view", "add"]),
    ("clients", "casenote", ["view", "add", "change"]),
    ("clients", "document", ["view", "add"]),
    ("clients", "clientassignment", ["view"]),
]
ROLES = {
    "Legal caseworker": CASEWORK,
    "Psychosocial caseworker": CASEWORK,
    "Supervisor": [*CASEWORK, ("clients", "clientassignment", ["view", "add", "change"])],
    "Admin": [
        ("accounts", "user", ["view", "add", "change"]),
        ("accounts", "team", ["view", "add", "change", "delete"]),
        ("auth", "group", ["view"]),
        ("clients", "vulnerability", ["view", "add", "change", "delete"]),
    ],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("clients", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
