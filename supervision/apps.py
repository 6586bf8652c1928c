from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision and reports")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import signals  # noqa: F401
        from .models import ClientReopening, ClosureRequest, Reassignment, SupervisionNote

        # Closures, reopenings and reassignments are decisions about a client: on its trail.
        for model in (ClosureRequest, ClientReopening, Reassignment, SupervisionNote):
            auditlog.register(model)
