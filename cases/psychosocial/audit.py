def register_psychosocial_models() -> None:
    """Field-level history of psychosocial records, filed under their client (the history
    tab is for supervisors, who may read psychosocial detail)."""
    from auditlog.registry import auditlog

    from .models import (
        Assessment,
        ClientRiskFlag,
        PsychosocialSession,
        RiskAssessment,
        SessionAttendance,
    )

    for model in (
        PsychosocialSession,
        SessionAttendance,
        Assessment,
        RiskAssessment,
        ClientRiskFlag,
    ):
        auditlog.register(model)
