"""Give the staff roles their permissions on this app's models.

Admin edits the reference data (deadline rules, closure days) and nothing else here.
Casework roles may view claim data in the Django admin, which filters it through the
access policy and is read-only; the app's forms are where claim data changes.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CLIENT_DATA = [
    "protectionclaim",
    "claimevent",
    "deadline",
    "legalaidapplication",
    "reportingcondition",
]
CASEWORK = [("cases", model, ["view"]) for model in CLIENT_DATA] + [
    ("cases", "deadlinerule", ["view"]),
    ("cases", "closureday", ["view"]),
]
GRANTS = {
    "Legal caseworker": CASEWORK,
    "Psychosocial caseworker": CASEWORK,
    "Supervisor": CASEWORK,
    "Admin": [
        ("cases", "deadlinerule", ["view", "add", "change"]),
        ("cases", "closureday", ["view", "add", "change", "delete"]),
    ],
}


def _permissions(apps, app_label, model, actions):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label=app_label,
        content_type__model=model,
        codename__in=[f"{action}_{model}" for action in actions],
    )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, grants in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            group.permissions.add(*_permissions(apps, app_label, model, actions))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, grants in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, model, actions in grants:
            group.permissions.remove(*_permissions(apps, app_label, model, actions))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_seed_deadline_rules"),
        ("accounts", "0002_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
