"""What the negotiation pages say once a form has done its work: what happened, in a
sentence (never "Done.")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def done(view: str, kwargs: dict[str, Any]) -> str:
    """The success sentence of the page action `view` (a view function's name)."""
    action = kwargs.get("action")
    said = {
        "propose": _("Your amendment was proposed; the delegations can now support or oppose it."),
        "issue_revision": _("The next revision was issued to the delegations."),
        "open_adoption": _("The text was put to adoption."),
        "adoption_act": _("Your state's act was recorded."),
        "chairs_statement": _("The chair's statement was issued."),
    }
    if view == "amendment_action":
        return {
            "support": _("Your state now supports the amendment."),
            "oppose": _("Your state now opposes the amendment."),
            "withdraw": _("Your state withdrew its amendment."),
        }.get(str(action), _("Your state's position on the amendment was recorded."))
    return said.get(view, _("Your change was recorded."))
