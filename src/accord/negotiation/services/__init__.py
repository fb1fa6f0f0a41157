"""Every write of a negotiated text, one module per concept: drafts, amendments and revisions
(DESIGN §2 rule 4), and adoption (procedures, the states' acts, the chair's statement,
signatures).

Each function is one transaction: it checks who acts, applies the rule from
`accord.domain.negotiation`, saves, and ends with `accord.ledger.services.record`. A refusal
raises before anything is saved, so it changes nothing. This package's names are the public
API: callers import them from `accord.negotiation.services`.
"""

from __future__ import annotations

from .acts import (
    _act as _act,
)
from .acts import (
    _apply as _apply,
)
from .acts import (
    approve,
    approve_ad_referendum,
    attach_explanation,
    break_silence,
    close_adoption,
    confirm_ad_referendum,
    dissociate,
    object_to,
)
from .amendments import (
    AMENDMENT_WORDINGS,
    check_amendment,
    check_wordings,
    do_propose_amendment,
    oppose_amendment,
    propose_amendment,
    support_amendment,
    withdraw_amendment,
)
from .amendments import (
    _amendment_for as _amendment_for,
)
from .amendments import (
    _refuse_a_repeat as _refuse_a_repeat,
)
from .amendments import (
    _take_stance as _take_stance,
)
from .chairs_statement import (
    issue_chairs_statement,
)
from .drafts import (
    OUTCOME_KINDS,
    TITLE_LIMIT,
    CheckedDraft,
    check_draft,
    create_draft,
    do_create_draft,
    do_open_to_public,
)
from .drafts import (
    _check_title as _check_title,
)
from .drafts import (
    _current as _current,
)
from .drafts import (
    _dialogue_links as _dialogue_links,
)
from .drafts import (
    _draft_audience as _draft_audience,
)
from .drafts import (
    _require_negotiation as _require_negotiation,
)
from .drafts import (
    _segments as _segments,
)
from .procedures import (
    _locked_pending as _locked_pending,
)
from .procedures import (
    _no_pending_procedure as _no_pending_procedure,
)
from .procedures import (
    _participants as _participants,
)
from .procedures import (
    _persist_outcome as _persist_outcome,
)
from .procedures import (
    open_adoption,
    settle_procedure,
)
from .revisions import (
    REVISION_FOLLOWERS,
    IssuedRevision,
    check_revision,
    do_issue_revision,
    issue_revision,
)
from .search_index import document_terms, index_document
from .signatures import (
    CheckedSignature,
    check_signature,
    do_submit_signature,
    signature_from,
    submit_signature,
)
from .signatures import (
    _signature_fields as _signature_fields,
)
from .text_signatures import (
    CheckedTextSignature,
    check_text_signature,
    do_sign_text,
    issue_signature_challenge,
    sign_text,
)

__all__ = [
    "AMENDMENT_WORDINGS",
    "OUTCOME_KINDS",
    "REVISION_FOLLOWERS",
    "TITLE_LIMIT",
    "CheckedDraft",
    "CheckedSignature",
    "CheckedTextSignature",
    "IssuedRevision",
    "approve",
    "approve_ad_referendum",
    "attach_explanation",
    "break_silence",
    "check_amendment",
    "check_draft",
    "check_revision",
    "check_signature",
    "check_text_signature",
    "check_wordings",
    "close_adoption",
    "confirm_ad_referendum",
    "create_draft",
    "dissociate",
    "do_create_draft",
    "do_issue_revision",
    "do_open_to_public",
    "do_propose_amendment",
    "do_sign_text",
    "do_submit_signature",
    "document_terms",
    "index_document",
    "issue_chairs_statement",
    "issue_revision",
    "issue_signature_challenge",
    "object_to",
    "open_adoption",
    "oppose_amendment",
    "propose_amendment",
    "settle_procedure",
    "sign_text",
    "signature_from",
    "submit_signature",
    "support_amendment",
    "withdraw_amendment",
]
