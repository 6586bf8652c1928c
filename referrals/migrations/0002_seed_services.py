"""The services partners offer, as a starting list admins can edit."""

from django.db import migrations

SERVICES = [
    ("shelter", "Shelter and housing", "Emergency and longer-term accommodation."),
    ("food", "Food and essentials", "Food, clothing, hygiene items."),
    ("rent-utilities", "Rent, utilities and transport", "Humanitarian assistance top-ups."),
    ("medical", "Medical care", "Clinics, hospitals, medication."),
    ("counselling", "Counselling and trauma support", "Mental health and trauma services."),
    ("legal-representation", "Legal representation", "Duty lawyers and pro bono firms."),
    ("resettlement", "UNHCR and resettlement", "Refugee status, resettlement, family links."),
    ("faith-community", "Faith and community support", "Congregations and volunteer groups."),
    ("refugee-led", "Refugee-led community groups", "Peer support run by refugees."),
    ("education", "School and education support", "School places, tutoring, fees."),
    ("anti-trafficking", "Anti-trafficking support", "Victims of trafficking and forced labour."),
    ("labour-rights", "Labour rights and wage claims", "Claims against employers and agencies."),
]


def seed(apps, schema_editor):
    Service = apps.get_model("referrals", "Service")
    for slug, name, description in SERVICES:
        Service.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )


def unseed(apps, schema_editor):
    Service = apps.get_model("referrals", "Service")
    Service.objects.filter(slug__in=[slug for slug, _n, _d in SERVICES], referrals=None).delete()


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_partners_referrals_screening_interpreters")]

    operations = [migrations.RunPython(seed, unseed)]
