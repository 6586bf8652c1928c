"""Let psychosocial caseworkers and supervisors view psychosocial records in the admin.

Need to know: legal caseworkers get no permission on these models, so the admin does not
even list them; the admin pages filter rows through the access policy and are read-only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PSYCHOSOCIAL = [
    "psychosocialsession",
    "sessionattendance",
    "assessment",
    "riskassessment",
    "clientriskflag",
]
GRANTS = {
    "Psychosocial caseworker": [("cases", model, ["view"]) for model in PSYCHOSOCIAL],
    "Supervisor": [("cases", model, ["view"]) for model in PSYCHOSOCIAL],
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
        ("cases", "0004_psychosocial_sessions_measures_risk_notifications"),
        ("accounts", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
