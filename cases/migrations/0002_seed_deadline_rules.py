"""Seed the Hong Kong default deadline rules. Admins edit them afterwards.

None of this is legal advice: every rule says what to verify with counsel, and none is
marked verified until a lawyer ticks it in the admin.
"""

from django.db import migrations

RULES = [
    {
        "code": "claim-form-return",
        "trigger": "claim_form_issued",
        "title": "Return the non-refoulement claim form",
        "period": 28,
        "unit": "days",
        "legal_source": "Immigration Ordinance (Cap. 115) s.37Y",
        "description": (
            "The completed claim form is due back at the Immigration Department within 28 "
            "days after it is issued. Extensions and deemed withdrawal for a late form are "
            "unverified. Verify with counsel."
        ),
    },
    {
        "code": "tcab-appeal",
        "trigger": "decision_served",
        "title": "Lodge the appeal to the Torture Claims Appeal Board",
        "period": 14,
        "unit": "days",
        "legal_source": "Immigration Ordinance (Cap. 115) s.37ZS",
        "description": (
            "Notice of appeal to the Torture Claims Appeal Board / Non-refoulement Claims "
            "Petition Office within 14 days after the Immigration Department's decision is "
            "served. Late appeals only in special circumstances (s.37ZT). Verify with counsel."
        ),
    },
    {
        "code": "jr-leave",
        "trigger": "appeal_decision",
        "title": "Apply for leave for judicial review",
        "period": 3,
        "unit": "months",
        "legal_source": "Rules of the High Court (Cap. 4A) O.53 r.4",
        "description": (
            "Leave to apply for judicial review at the Court of First Instance: promptly, "
            "and in any event within 3 months from the date the grounds first arose (here: "
            "the appeal decision). Verify with counsel."
        ),
    },
    {
        "code": "legal-aid-registrar-appeal",
        "trigger": "legal_aid_refused",
        "title": "Appeal to the Registrar against the refusal of legal aid",
        "period": 14,
        "unit": "days",
        "legal_source": "Legal Aid Ordinance (Cap. 91) s.26",
        "description": (
            "An appeal against the Legal Aid Department's refusal goes to the Registrar of "
            "the High Court within 14 days after the refusal. Verify with counsel."
        ),
    },
    {
        "code": "court-of-appeal",
        "trigger": "jr_leave_decision",
        "title": "Appeal to the Court of Appeal against the refusal of leave",
        "period": 14,
        "unit": "days",
        "legal_source": "Rules of the High Court (Cap. 4A) O.53 r.3 (unverified)",
        "description": (
            "Only if leave was refused. The 14-day period is unverified. Verify with counsel."
        ),
    },
    {
        "code": "cfa-leave",
        "trigger": "court_of_appeal",
        "title": "Apply for leave to appeal to the Court of Final Appeal",
        "period": 28,
        "unit": "days",
        "legal_source": "Hong Kong Court of Final Appeal Ordinance (Cap. 484) s.24 (partly verified)",
        "description": (
            "Leave to appeal to the Court of Final Appeal within 28 days after the Court of "
            "Appeal's judgment; the period is partly verified. Verify with counsel."
        ),
    },
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for rule in RULES:
        DeadlineRule.objects.update_or_create(code=rule["code"], defaults=rule)


def unseed(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    DeadlineRule.objects.filter(code__in=[r["code"] for r in RULES], deadlines=None).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
