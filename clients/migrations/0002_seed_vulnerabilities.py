"""Seed the vulnerability list intake uses; admins edit it afterwards."""

from django.db import migrations

VULNERABILITIES = [
    "Survivor of torture",
    "Survivor of sexual or gender-based violence",
    "Victim of trafficking or forced labour",
    "Unaccompanied or separated child",
    "Disability",
    "Serious medical condition",
    "Mental health concern",
    "LGBTIQ+",
    "Older person",
    "Single parent",
    "Pregnant",
    "Homeless or at risk of homelessness",
]


def seed(apps, schema_editor):
    Vulnerability = apps.get_model("clients", "Vulnerability")
    for name in VULNERABILITIES:
        Vulnerability.objects.get_or_create(name=name)


def unseed(apps, schema_editor):
    apps.get_model("clients", "Vulnerability").objects.filter(name__in=VULNERABILITIES).delete()


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
