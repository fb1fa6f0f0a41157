"""The opinion map of a consultation: votes from the database into the domain's analysis,
and the analysis into the JSON that is stored and served.

The analysis itself is `accord.domain.opinion` (full fit) and
`accord.domain.opinion.OpinionModel` (vote-by-vote updates); this module only adapts. Rows
are seats (`Participant.number`), columns statements (`Statement.number`), so the ids the
domain sees are the same as in a Pol.is export of the consultation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.consultations.models import Consultation, Statement, Vote
from accord.domain.opinion import ConsensusStatement, OpinionAnalysis, VoteMatrix

# The map is drawn from at most this many points (a deterministic stride through the seats);
# the group sizes and statement statistics always count everyone.
MAX_POINTS = 20_000
RESULT_SCHEMA = 1


@dataclass(frozen=True)
class ConsultationVotes:
    matrix: VoteMatrix
    moderated_out: tuple[int, ...]  # statement numbers: rejected, and meta (as Pol.is's is_meta)


def load_votes(consultation_id: int) -> ConsultationVotes:
    """Every current vote of the consultation as a vote matrix (ids are numbers)."""
    statements = list(
        Statement.objects.filter(consultation_id=consultation_id).values_list(
            "pk", "number", "status"
        )
    )
    number_of_statement = {pk: number for pk, number, _ in statements}
    moderated_out = tuple(
        sorted(
            number
            for _, number, status in statements
            if status in (Statement.Status.REJECTED, Statement.Status.META)
        )
    )
    rows = Vote.objects.filter(consultation_id=consultation_id).values_list(
        "participant__number", "statement_id", "value"
    )
    data = np.array(list(rows), dtype=np.int64).reshape(-1, 3)
    pids = np.unique(data[:, 0])
    tids = np.array(sorted(number_of_statement.values()), dtype=np.int64)
    statement_numbers = np.array(
        [number_of_statement[pk] for pk in data[:, 1].tolist()], dtype=np.int64
    )
    matrix = VoteMatrix.from_coo(
        np.searchsorted(pids, data[:, 0]),
        np.searchsorted(tids, statement_numbers),
        data[:, 2],
        participant_ids=pids,
        statement_ids=tids,
    )
    return ConsultationVotes(matrix=matrix, moderated_out=moderated_out)


def to_result(analysis: OpinionAnalysis, *, vote_count: int) -> dict[str, Any]:
    """The stored form of an analysis (JSON), everything the API and the page show."""
    points, stride = _points(analysis)
    return {
        "schema": RESULT_SCHEMA,
        "participants": len(analysis.participant_ids),
        "participants_grouped": int(analysis.in_conversation.sum()),
        "vote_count": vote_count,
        "groups": _groups(analysis),
        "consensus": {
            "agree": [_consensual(c) for c in analysis.consensus_agree],
            "disagree": [_consensual(c) for c in analysis.consensus_disagree],
        },
        "bridging": [
            {
                "number": b.statement_id,
                "score": round(b.score, 4),
                "agree_by_group": [round(x, 4) for x in b.agree_rate_by_group],
            }
            for b in analysis.bridging_statements
        ],
        "statements": _statements(analysis),
        "points": points,
        "points_stride": stride,
    }


def _points(analysis: OpinionAnalysis) -> tuple[list[list[Any]], int]:
    """The map's points, [participant, x, y, group], every `stride`-th participant so that
    no map holds more than MAX_POINTS."""
    n = len(analysis.participant_ids)
    stride = max(1, -(-n // MAX_POINTS))  # ceiling division
    points = [
        [
            int(analysis.participant_ids[i]),
            round(float(analysis.projection[i, 0]), 4),
            round(float(analysis.projection[i, 1]), 4),
            int(analysis.group_ids[i]),
        ]
        for i in range(0, n, stride)
    ]
    return points, stride


def _groups(analysis: OpinionAnalysis) -> list[dict[str, Any]]:
    """The opinion groups, labelled A, B, … with their representative statements."""
    return [
        {
            "id": g.group_id,
            "label": chr(ord("A") + g.group_id),
            "size": g.size,
            "center": [round(g.center[0], 4), round(g.center[1], 4)],
            "representative": [
                {
                    "number": r.statement_id,
                    "repful_for": r.repful_for,
                    "p_success": round(r.p_success, 4),
                    "n_trials": r.n_trials,
                }
                for r in analysis.repness[g.group_id]
            ],
        }
        for g in analysis.groups
    ]


def _consensual(statement: ConsensusStatement) -> dict[str, Any]:
    """One statement of the consensus, agreed or disagreed."""
    return {
        "number": statement.statement_id,
        "p_success": round(statement.p_success, 4),
        "n_trials": statement.n_trials,
    }


def _statements(analysis: OpinionAnalysis) -> list[dict[str, Any]]:
    """Every statement's share of agreement by group and its scores."""
    n_groups = len(analysis.groups)
    rates = analysis.agree_rate_by_group
    return [
        {
            "number": int(tid),
            "agree_by_group": [round(float(rates[g, j]), 4) for g in range(n_groups)],
            "bridging": round(float(analysis.bridging[j]), 4),
            "group_aware_consensus": round(float(analysis.group_aware_consensus[j]), 6),
            "moderated_out": bool(analysis.moderated_out[j]),
        }
        for j, tid in enumerate(analysis.statement_ids.tolist())
    ]


def empty_result() -> dict[str, Any]:
    """Before anyone has voted: nothing to map."""
    return {
        "schema": RESULT_SCHEMA,
        "participants": 0,
        "participants_grouped": 0,
        "vote_count": 0,
        "groups": [],
        "consensus": {"agree": [], "disagree": []},
        "bridging": [],
        "statements": [],
        "points": [],
        "points_stride": 1,
    }


def is_stale(consultation: Consultation, at_seq: int | None) -> bool:
    """Votes or statements changed after the stored analysis was computed."""
    if at_seq is None:
        return consultation.changed_seq > 0
    return consultation.changed_seq > at_seq
