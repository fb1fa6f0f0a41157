"""``accord opinion analyze PATH [--format json]``: analyse a Pol.is export folder.

PATH is a folder holding ``comments.csv`` and ``votes.csv`` (Pol.is export format). The output —
groups, representative, consensus and bridging statements — is a readable table by default, or
JSON whose schema is documented in ``docs/opinion-analysis.md``. Exit status 0 on success, 2 when
the input cannot be read (the message, naming file, line and column, goes to stderr).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Any, Literal, TextIO

from accord.domain.opinion import OpinionAnalysis, OpinionInputError, analyze
from accord.domain.opinion.polis import PolisExport, PolisFormatError, read_export

TEXT_WIDTH = 70
JSON_SCHEMA_VERSION = 1


def analyze_command(
    path: Path,
    fmt: Literal["table", "json"],
    out: TextIO,
    seed: int = 0,
    err: TextIO | None = None,
) -> int:
    """Read the export at ``path``, analyse it and print the result to ``out``."""
    err = err if err is not None else sys.stderr
    try:
        export = read_export(path)
        analysis = analyze(
            export.vote_matrix(), moderated_out=export.rejected_statement_ids, seed=seed
        )
    except (PolisFormatError, OpinionInputError) as exc:
        print(f"error: {exc}", file=err)
        return 2
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror or exc}", file=err)
        return 2
    if fmt == "json":
        json.dump(to_json(path, export, analysis, seed), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(to_table(path, export, analysis))
    return 0


def group_label(group_id: int) -> str:
    """Groups are shown as A, B, C … (Pol.is's convention); ids are 0-based, largest first."""
    return chr(ord("A") + group_id)


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def truncate(text: str, width: int = TEXT_WIDTH) -> str:
    """One line of at most ``width`` terminal columns, cut at a word boundary where there is one
    in the second half, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if display_width(flat) <= width:
        return flat
    used, end = 0, 0
    for end, ch in enumerate(flat):  # noqa: B007 - `end` is used after the loop
        used += display_width(ch)
        if used > width - 1:
            break
    cut = flat[:end]
    space = cut.rfind(" ")
    if space >= len(cut) // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def to_json(path: Path, export: PolisExport, a: OpinionAnalysis, seed: int) -> dict[str, Any]:
    """The JSON output, schema in ``docs/opinion-analysis.md``."""
    texts = {c.statement_id: c.body for c in export.comments}
    return {
        "schema": JSON_SCHEMA_VERSION,
        "source": str(path),
        "seed": seed,
        "participants": len(a.participant_ids),
        "participants_clustered": int(a.in_conversation.sum()),
        "participant_groups": _participant_groups(a),
        "statements": len(a.statement_ids),
        "statements_moderated_out": list(export.rejected_statement_ids),
        "votes": len(export.votes),
        "vote_events": export.vote_events,
        "silhouettes": {str(k): s for k, s in a.silhouettes},
        "groups": _groups(a, texts),
        "consensus": _consensus(a, texts),
        "bridging": _bridging(a, texts),
        "statement_scores": _statement_scores(a),
    }


def _participant_groups(a: OpinionAnalysis) -> list[dict[str, Any]]:
    """Every participant, as Pol.is's participants-votes.csv gives the group id: so that an
    analysis can be compared with another tool's, participant by participant."""
    return [
        {
            "participant_id": int(pid),
            "group_id": int(a.group_ids[i]) if a.group_ids[i] >= 0 else None,
            "group_label": group_label(int(a.group_ids[i])) if a.group_ids[i] >= 0 else None,
            "in_conversation": bool(a.in_conversation[i]),
            "projection": [float(x) for x in a.projection[i]],
        }
        for i, pid in enumerate(a.participant_ids.tolist())
    ]


def _groups(a: OpinionAnalysis, texts: dict[int, str]) -> list[dict[str, Any]]:
    """The opinion groups, each with the statements that set it apart."""
    return [
        {
            "id": g.group_id,
            "label": group_label(g.group_id),
            "size": g.size,
            "center": list(g.center),
            "representative": [
                {
                    "statement_id": r.statement_id,
                    "text": texts.get(r.statement_id, ""),
                    "repful_for": r.repful_for,
                    "n_success": r.n_success,
                    "n_trials": r.n_trials,
                    "p_success": r.p_success,
                    "p_test": r.p_test,
                    "repness": r.repness,
                    "repness_test": r.repness_test,
                    "best_agree": r.best_agree,
                }
                for r in a.repness[g.group_id]
            ],
        }
        for g in a.groups
    ]


def _consensus(a: OpinionAnalysis, texts: dict[int, str]) -> dict[str, list[dict[str, Any]]]:
    """The statements the whole conversation agrees (or disagrees) on."""
    return {
        direction: [
            {
                "statement_id": c.statement_id,
                "text": texts.get(c.statement_id, ""),
                "n_success": c.n_success,
                "n_trials": c.n_trials,
                "p_success": c.p_success,
                "p_test": c.p_test,
            }
            for c in items
        ]
        for direction, items in (
            ("agree", a.consensus_agree),
            ("disagree", a.consensus_disagree),
        )
    }


def _bridging(a: OpinionAnalysis, texts: dict[int, str]) -> list[dict[str, Any]]:
    """The statements that groups apart from each other agree on."""
    index = {int(t): j for j, t in enumerate(a.statement_ids.tolist())}
    return [
        {
            "statement_id": b.statement_id,
            "text": texts.get(b.statement_id, ""),
            "score": b.score,
            "agree_rate_by_group": list(b.agree_rate_by_group),
            "group_aware_consensus": float(a.group_aware_consensus[index[b.statement_id]]),
        }
        for b in a.bridging_statements
    ]


def _statement_scores(a: OpinionAnalysis) -> list[dict[str, Any]]:
    """Every statement's scores, moderated-out ones included."""
    return [
        {
            "statement_id": int(tid),
            "moderated_out": bool(a.moderated_out[j]),
            "group_aware_consensus": float(a.group_aware_consensus[j]),
            "group_aware_consensus_disagree": float(a.group_aware_consensus_disagree[j]),
            "bridging": float(a.bridging[j]),
            "extremity": float(a.extremity[j]),
            "projection": [float(x) for x in a.statement_projection[j]],
        }
        for j, tid in enumerate(a.statement_ids.tolist())
    ]


def to_table(path: Path, export: PolisExport, a: OpinionAnalysis) -> str:
    texts = {c.statement_id: c.body for c in export.comments}
    lines: list[str] = []
    add = lines.append
    k = len(a.groups)
    sil = dict(a.silhouettes).get(k)
    add(f"Opinion analysis of {path}")
    add(
        f"{len(a.participant_ids)} participants ({int(a.in_conversation.sum())} grouped), "
        f"{len(a.statement_ids)} statements ({len(export.rejected_statement_ids)} rejected), "
        f"{len(export.votes)} votes"
    )
    add("")
    add(f"Groups: {k}" + (f" (silhouette {sil:.2f})" if sil is not None else ""))
    for g in a.groups:
        add(f"  {group_label(g.group_id)}  {g.size:>7} participants")
    add("")
    add("Representative statements")
    add(f"  {'group':<5} {'vote':<8} {'share':>5} {'of':>5}  {'#':>5}  statement")
    for g in a.groups:
        for r in a.repness[g.group_id]:
            add(
                f"  {group_label(g.group_id):<5} {r.repful_for:<8} {r.p_success:>5.0%} "
                f"{r.n_trials:>5}  {r.statement_id:>5}  {truncate(texts.get(r.statement_id, ''))}"
            )
    add("")
    add("Consensus statements")
    add(f"  {'vote':<8} {'share':>5} {'of':>5}  {'#':>5}  statement")
    for c in (*a.consensus_agree, *a.consensus_disagree):
        add(
            f"  {c.direction:<8} {c.p_success:>5.0%} {c.n_trials:>5}  {c.statement_id:>5}  "
            f"{truncate(texts.get(c.statement_id, ''))}"
        )
    if not (a.consensus_agree or a.consensus_disagree):
        add("  (none)")
    add("")
    add("Bridging statements (agreed by a majority of every group)")
    labels = " ".join(f"{group_label(g.group_id):>4}" for g in a.groups)
    add(f"  {'score':>5}  {labels}  {'#':>5}  statement")
    for b in a.bridging_statements:
        rates = " ".join(f"{x:>4.0%}" for x in b.agree_rate_by_group)
        add(
            f"  {b.score:>5.2f}  {rates}  {b.statement_id:>5}  "
            f"{truncate(texts.get(b.statement_id, ''))}"
        )
    if not a.bridging_statements:
        add("  (none)")
    return "\n".join(lines) + "\n"
