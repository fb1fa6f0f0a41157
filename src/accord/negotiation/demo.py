"""The demo's negotiation: a joint statement still in negotiation with brackets (Rev.1, and
Rev.2 taking in amendments from several states), and an adopted joint statement signed by
every member with the key its ministry keeps (the demo's key folder stands in for each
ministry's own machine). Illustrative, not a record of real positions."""

from __future__ import annotations

from datetime import datetime, timedelta

from accord.negotiation import selectors, services
from accord.negotiation.demo_signing import demo_signed, demo_text_signature
from accord.site.demo import DemoScenario

IN_NEGOTIATION = [
    ("preambular", "Recalling the talks held in Guilin on 22–23 March 2021,"),
    (
        "preambular",
        "Concerned by the security situation in Afghanistan and its effects on the region,",
    ),
    (
        "operative",
        "The participants support an inclusive, Afghan-led and Afghan-owned peace process.",
    ),
    (
        "operative",
        "The participants will strengthen cooperation against terrorism and drug trafficking.",
    ),
    ("operative", "The participants oppose an arms race in outer space."),
]

ADOPTED = [
    ("preambular", "Meeting in Tashkent on 15 July 2021,"),
    ("preambular", "Reaffirming the principles of sovereign equality and non-interference,"),
    (
        "operative",
        "The participants welcome the regional security dialogue as an inclusive platform.",
    ),
    (
        "operative",
        "The participants will cooperate on biosafety, information security and climate change.",
    ),
    ("operative", "The participants will meet again within a year."),
]


def load(scenario: DemoScenario) -> None:
    chair = scenario.person("chair")
    base = scenario.now - timedelta(days=30)

    # A joint statement in negotiation: Rev.2 holds brackets from several states' amendments.
    draft = services.create_draft(
        actor=chair,
        kind="joint-statement",
        title="Joint statement on security in the region (draft)",
        paragraphs=[{"kind": k, "text": t} for k, t in IN_NEGOTIATION],
        visibility="participants",
        now=base,
    )
    moments = iter(base + timedelta(hours=h) for h in range(1, 50))
    services.propose_amendment(
        actor=scenario.person("rus-delegate"), document_id=draft.pk, against=1,
        kind="replace-span", paragraph_id=3, quote="support", text="fully support",
        now=next(moments),
    )  # fmt: skip
    services.propose_amendment(
        actor=scenario.person("ind-delegate"), document_id=draft.pk, against=1,
        kind="replace-span", paragraph_id=3, quote="support", text="encourage",
        now=next(moments),
    )  # fmt: skip
    services.propose_amendment(
        actor=scenario.person("pak-delegate"), document_id=draft.pk, against=1,
        kind="insert-paragraph", paragraph_id=4, paragraph_kind="operative",
        text="The participants call for humanitarian assistance to the Afghan people.",
        now=next(moments),
    )  # fmt: skip
    services.propose_amendment(
        actor=scenario.person("kaz-delegate"), document_id=draft.pk, against=1,
        kind="replace-span", paragraph_id=5, quote="oppose", text="are concerned about",
        now=next(moments),
    )  # fmt: skip
    services.support_amendment(
        actor=scenario.person("kgz-head"), document_id=draft.pk, code="A1", now=next(moments)
    )
    services.oppose_amendment(
        actor=scenario.person("chn-head"), document_id=draft.pk, code="A4", now=next(moments)
    )
    services.issue_revision(
        actor=chair,
        document_id=draft.pk,
        decisions={"A1": "bracketed", "A2": "bracketed", "A3": "agreed", "A4": "bracketed"},
        now=next(moments),
    )
    services.propose_amendment(
        actor=scenario.person("uzb-delegate"), document_id=draft.pk, against=2,
        kind="replace-span", paragraph_id=4, quote="strengthen", text="deepen",
        now=next(moments),
    )  # fmt: skip

    # An adopted joint statement, signed by every member.
    adopted = services.create_draft(
        actor=chair,
        kind="joint-statement",
        title="Joint statement of the Tashkent meeting",
        paragraphs=[{"kind": k, "text": t} for k, t in ADOPTED],
        visibility="public",
        now=base + timedelta(days=1),
    )
    start = base + timedelta(days=2)
    services.propose_amendment(
        actor=scenario.person("tjk-delegate"), document_id=adopted.pk, against=1,
        kind="replace-span", paragraph_id=5, quote="within a year", text="in 2022",
        now=start,
    )  # fmt: skip
    services.issue_revision(
        actor=chair, document_id=adopted.pk, decisions={"A1": "agreed"},
        now=start + timedelta(hours=1),
    )  # fmt: skip
    _in_three_languages(scenario, draft.pk, adopted.pk, start + timedelta(hours=1))
    services.open_adoption(
        actor=chair, document_id=adopted.pk, kind="consensus", now=start + timedelta(hours=2)
    )
    procedure = selectors.get_adoption(chair, adopted.pk, now=start + timedelta(hours=2))
    members = sorted(procedure.value.members)
    when = start + timedelta(hours=3)
    ind, keys = scenario.person("ind-head"), scenario.keys_dir
    services.approve(
        actor=ind, document_id=adopted.pk, now=when,
        signed=demo_signed(keys, ind, adopted.pk, "approve", when),
    )  # fmt: skip
    explanation = (
        "India joins consensus and dissociates from the paragraph on the next meeting date."
    )
    services.attach_explanation(
        actor=ind, document_id=adopted.pk, text=explanation,
        dissociate_from=["OP3"], now=when + timedelta(minutes=1),
        signed=demo_signed(
            keys, ind, adopted.pk, "explain", when + timedelta(minutes=1),
            reason=explanation, paragraphs=["OP3"],
        ),
    )  # fmt: skip
    for offset, code in enumerate(c for c in members if c != "IND"):
        head, moment = scenario.person(f"{code.lower()}-head"), when + timedelta(minutes=2 + offset)
        services.approve(
            actor=head,
            document_id=adopted.pk,
            now=moment,
            signed=demo_signed(keys, head, adopted.pk, "approve", moment),
        )
    signed_at = when + timedelta(hours=1)
    for offset, code in enumerate(members):  # each head, with a key on the roster (issue 12)
        head = scenario.person(f"{code.lower()}-head")
        demo_text_signature(keys, head, adopted.pk, signed_at + timedelta(minutes=offset))
    scenario.notes.append(
        f"Negotiation: document {draft.public_id} in negotiation (Rev.2, brackets); "
        f"document {adopted.public_id} adopted and signed: /public/documents/{adopted.public_id}/"
    )


def _in_three_languages(scenario: DemoScenario, draft: int, adopted: int, at: datetime) -> None:
    """Both statements in Chinese and Russian too (an illustrative translation)."""
    from accord.languages import demo_versions as versions
    from accord.negotiation import demo_texts as texts

    versions.add_versions(
        scenario, document_id=draft, title="Joint statement on security in the region (draft)",
        number=1, rows=texts.IN_NEGOTIATION, now=at,
    )  # fmt: skip
    versions.add_versions(
        scenario, document_id=adopted, title="Joint statement of the Tashkent meeting",
        number=2, rows=texts.adopted_rows(revision=2), now=at,
    )  # fmt: skip
    versions.verify_all(scenario, document_id=adopted, number=2, now=at)
