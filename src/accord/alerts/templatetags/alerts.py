"""`{% alert_deliveries user %}`: the delivery state of recent alerts, for any page."""

from __future__ import annotations

from typing import Any

from django import template

from accord.alerts import selectors
from accord.members.models import User

register = template.Library()


@register.inclusion_tag("alerts/_deliveries.html")
def alert_deliveries(user: Any, limit: int = 10) -> dict[str, Any]:
    alerts = selectors.alerts_for(user)[:limit] if isinstance(user, User) else []
    return {"alerts": alerts}
