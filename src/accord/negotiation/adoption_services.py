"""Adoption and signatures, under the path they had before `accord.negotiation.services`
became a package (issue 16): the same names, from `procedures`, `acts`, `chairs_statement`
and `signatures` there."""

from __future__ import annotations

from accord.negotiation.services.acts import (
    _act as _act,
)
from accord.negotiation.services.acts import (
    _apply as _apply,
)
from accord.negotiation.services.acts import (
    approve,
    approve_ad_referendum,
    attach_explanation,
    break_silence,
    close_adoption,
    confirm_ad_referendum,
    dissociate,
    object_to,
)
from accord.negotiation.services.chairs_statement import (
    issue_chairs_statement,
)
from accord.negotiation.services.procedures import (
    _locked_pending as _locked_pending,
)
from accord.negotiation.services.procedures import (
    _no_pending_procedure as _no_pending_procedure,
)
from accord.negotiation.services.procedures import (
    _participants as _participants,
)
from accord.negotiation.services.procedures import (
    _persist_outcome as _persist_outcome,
)
from accord.negotiation.services.procedures import (
    open_adoption,
    settle_procedure,
)
from accord.negotiation.services.signatures import (
    _signature_fields as _signature_fields,
)
from accord.negotiation.services.signatures import (
    signature_from,
    submit_signature,
)

__all__ = [
    "approve",
    "approve_ad_referendum",
    "attach_explanation",
    "break_silence",
    "close_adoption",
    "confirm_ad_referendum",
    "dissociate",
    "issue_chairs_statement",
    "object_to",
    "open_adoption",
    "settle_procedure",
    "signature_from",
    "submit_signature",
]
