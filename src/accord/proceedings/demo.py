"""The procedure part of the demo: the ministerial series' rules of procedure, the Guilin
meeting's summary record issued, corrected by a state and made final, a Friends of the Chair
group on the draft joint statement, a non-paper, and the implementation matrix of the
adopted Tashkent statement (one commitment overdue). An illustrative exercise.
"""

from __future__ import annotations

from datetime import date, timedelta

from accord.dialogue.models import Intervention, Meeting
from accord.negotiation.models import Document
from accord.site.demo import DemoScenario

from . import chairing, follow_up, informal, records, series

WEEKS_3 = timedelta(days=20)
MINISTERIAL_RULES = {
    "consent": "no-objection",
    "quorum": 5,
    "absent_window": 24 * 3600,
    "statement_time": 300,
    "reply_time": 180,
    "replies_per_item": 2,
    "amendment_breaks_silence": True,
    "correction_window": 7 * 86400,
}


def _record(scenario: DemoScenario, guilin: Meeting) -> None:
    said = Intervention.objects.filter(
        meeting=guilin, state__isnull=False, as_chair=False, visibility=guilin.visibility
    ).order_by("delivered_at", "id")
    first = said.first()
    if first is None:
        return
    issued = guilin.ends_at + timedelta(days=1)
    records.issue_draft(actor=scenario.person("secretariat"), meeting_id=guilin.pk, now=issued)
    speaker = next(
        (p for p in scenario.people.values() if p.state_id == first.state_id and p.is_head),
        None,
    )
    if speaker is not None:
        records.submit_correction(
            actor=speaker, meeting_id=guilin.pk, ref=first.public_id,
            text=first.text + " (The delegation stressed that dialogue must be inclusive.)",
            now=issued + timedelta(days=2),
        )  # fmt: skip
    records.approve_record(
        actor=scenario.person("chair"), meeting_id=guilin.pk, now=issued + timedelta(days=8)
    )


def load(scenario: DemoScenario) -> None:
    secretariat, chair = scenario.person("secretariat"), scenario.person("chair")
    series.adopt_rules(
        actor=secretariat, code="ministerial", name="Ministerial meetings of the region",
        rules=MINISTERIAL_RULES,
    )  # fmt: skip
    meetings = Meeting.objects.filter(sidelines_of__isnull=True).exclude(kind="bilateral")
    for meeting in meetings:
        series.hold_under(actor=secretariat, code="ministerial", meeting_id=meeting.pk)
    guilin = meetings.filter(title__startswith="Ministerial meeting, Guilin").first()
    if guilin is not None:
        _record(scenario, guilin)
    upcoming = meetings.filter(title__startswith="Working group").first()
    if upcoming is not None:
        informal.circulate_non_paper(
            actor=chair, meeting_id=upcoming.pk, title="Elements for a work plan",
            body="Ideas for discussion only: a points of contact list; a yearly table-top "
            "exercise; a shared glossary of terms in the three languages.",
        )  # fmt: skip
    draft = Document.objects.filter(status=Document.Status.NEGOTIATION).first()
    if draft is not None:
        numbers = chairing.paragraph_numbers(draft)
        paragraph = next((n for n in numbers if n.startswith("OP")), numbers[0])
        group = informal.convene_friends(
            actor=chair, document_id=draft.pk, paragraph=paragraph, states=["IND", "PAK", "RUS"]
        )
        informal.report_friends(
            actor=chair, group_id=group.pk,
            outcome="The Friends propose “support and encourage”, with no bracket left.",
        )  # fmt: skip
    adopted = Document.objects.filter(status=Document.Status.ADOPTED).first()
    if adopted is not None:
        operative = [n for n in chairing.paragraph_numbers(adopted) if n.startswith("OP")]
        today = scenario.now.date()
        plan = [
            ("Hold a working group on information security", ["KAZ", "UZB"], today - WEEKS_3),
            ("Exchange national points of contact", ["CHN", "RUS"], today + timedelta(days=60)),
            ("Report on humanitarian assistance", ["PAK"], date(2022, 7, 15)),
        ]  # fmt: skip
        made = [
            follow_up.add_commitment(
                actor=secretariat,
                document_id=adopted.pk,
                paragraph=operative[i % len(operative)],
                description=text,
                lead_states=leads,
                due=due,
            )
            for i, (text, leads, due) in enumerate(plan)
        ]
        follow_up.update_commitment(
            actor=secretariat, document_id=adopted.pk, commitment_id=made[2].pk,
            status="done", evidence="Report circulated to all members (illustrative).",
        )  # fmt: skip
        scenario.notes.append(
            f"Procedure: rules at /rules/, the Guilin record at "
            f"/meetings/{guilin.pk if guilin else 0}/record/, the implementation matrix at "
            f"/documents/{adopted.pk}/implementation/."
        )
