"""The Admin role keeps the referral reference data: services, partners, interpreters.

Referrals, screenings and interpreter bookings are client data: no permission here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["service", "partnerorganisation", "partnercontact", "interpreter"]
ACTIONS = ["view", "add", "change", "delete"]
CODENAMES = [f"{action}_{model}" for model in MODELS for action in ACTIONS]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("referrals")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Admin")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="referrals", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Admin").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="referrals", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_seed_services"),
        ("accounts", "0002_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
