"""The risk banner on every client page: `{% client_risk_flag client as risk_flag %}`.

One query per page, cached on the client object for the rest of the render.
"""

from django import template

from cases.psychosocial.models import ClientRiskFlag

register = template.Library()


@register.simple_tag
def client_risk_flag(client) -> ClientRiskFlag | None:
    if client is None or getattr(client, "pk", None) is None:
        return None
    if not hasattr(client, "_risk_flag_cache"):
        client._risk_flag_cache = (
            ClientRiskFlag.objects.filter(client_id=client.pk, flagged=True)
            .only("raised_on", "flagged")
            .first()
        )
    return client._risk_flag_cache
