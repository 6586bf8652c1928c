from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Claims and casework")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import signals  # noqa: F401
        from .models import (
            ClaimEvent,
            Deadline,
            EvidenceItem,
            LegalAidApplication,
            ProtectionClaim,
            ReportingCondition,
        )

        # Corrections and removals stay answerable: field-level history, per client.
        for model in (
            ProtectionClaim,
            ClaimEvent,
            Deadline,
            LegalAidApplication,
            ReportingCondition,
            EvidenceItem,
        ):
            auditlog.register(model)

        from .psychosocial.audit import register_psychosocial_models

        register_psychosocial_models()
