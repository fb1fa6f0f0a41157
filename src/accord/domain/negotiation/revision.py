"""The chair issues the next revision: `issue_revision`.

The current revision plus a decision per pending amendment (agreed text, bracketed
alternative, left out) and the brackets the chair resolves give the next revision; the current
revision is never changed. See `negotiation.amendments` for how amendments target text and
how bracketed amendments on the same words merge into one bracket.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from accord.domain.errors import InvalidInput, RuleViolation
from accord.domain.negotiation.amendments import Amendment, AmendmentKind
from accord.domain.negotiation.text import (
    Alternative,
    AmendmentRecord,
    Bracket,
    Decision,
    Paragraph,
    ParagraphKind,
    ResolutionRecord,
    Revision,
    Segment,
    Text,
    normalise_segments,
)


@dataclass(frozen=True)
class _Op:
    """A taken-in change to one segment, in the coordinates of the current revision."""

    amendment: Amendment
    decision: Decision
    start: int
    end: int
    text: str


class _Ids:
    def __init__(self, last_paragraph: int, last_bracket: int) -> None:
        self.paragraph = last_paragraph
        self.bracket = last_bracket

    def next_paragraph(self) -> int:
        self.paragraph += 1
        return self.paragraph

    def next_bracket(self) -> int:
        self.bracket += 1
        return self.bracket


def _merge_alternatives(alternatives: list[Alternative]) -> tuple[Alternative, ...]:
    """Identical wordings become one alternative that pools backers and amendment ids."""
    merged: dict[str, Alternative] = {}
    for a in alternatives:
        if a.text in merged:
            old = merged[a.text]
            ids = old.amendments + tuple(i for i in a.amendments if i not in old.amendments)
            merged[a.text] = Alternative(a.text, old.backers | a.backers, ids)
        else:
            merged[a.text] = a
    return tuple(merged.values())


def _conflict(ops: Sequence[_Op]) -> RuleViolation:
    ids = ", ".join(op.amendment.id for op in ops)
    return RuleViolation(
        f"amendments {ids} change the same words: take in at most one as agreed text, "
        "or take them all in as bracketed alternatives"
    )


def _apply_to_text(text: str, ops: list[_Op], ids: _Ids) -> list[Segment]:
    """Apply span ops (in the text's own coordinates) to one agreed segment."""
    ops.sort(key=lambda op: (op.start, op.end))
    clusters: list[list[_Op]] = []
    cluster_end = -1
    for op in ops:
        # Overlap, or the same insertion point: the two changes compete for the same words.
        overlaps = clusters and (
            op.start < cluster_end or (op.start == op.end == clusters[-1][-1].start == cluster_end)
        )
        if overlaps:
            clusters[-1].append(op)
            cluster_end = max(cluster_end, op.end)
        else:
            clusters.append([op])
            cluster_end = op.end
    out: list[Segment] = []
    position = 0
    for cluster in clusters:
        start = cluster[0].start
        end = max(op.end for op in cluster)
        out.append(Text(text[position:start]))
        agreed = [op for op in cluster if op.decision is Decision.AGREED]
        if agreed:
            if len(cluster) > 1:
                raise _conflict(cluster)
            out.append(Text(cluster[0].text))
        else:
            original = text[start:end]
            opponents = frozenset().union(*(op.amendment.opponents for op in cluster))
            alternatives = [Alternative(original, opponents)]
            for op in cluster:
                wording = text[start : op.start] + op.text + text[op.end : end]
                alternatives.append(Alternative(wording, op.amendment.backers, (op.amendment.id,)))
            out.append(Bracket(ids.next_bracket(), _merge_alternatives(alternatives)))
        position = end
    out.append(Text(text[position:]))
    return out


def _apply_to_bracket(bracket: Bracket, ops: list[_Op]) -> Segment:
    agreed = [op for op in ops if op.decision is Decision.AGREED]
    if agreed:
        if len(ops) > 1:
            raise _conflict(ops)
        return Text(ops[0].text)
    added = [Alternative(op.text, op.amendment.backers, (op.amendment.id,)) for op in ops]
    return Bracket(bracket.id, _merge_alternatives([*bracket.alternatives, *added]))


def _whole(paragraph: Paragraph, amendment: Amendment, decision: Decision) -> _Op | None:
    """A whole-paragraph change as a span op on segment 0 when the paragraph has one segment.

    That way it merges with span amendments on the same words like any other span.
    """
    if len(paragraph.segments) != 1:
        return None
    segment = paragraph.segments[0]
    end = len(segment.text) if isinstance(segment, Text) else 0
    return _Op(amendment, decision, 0, end, amendment.text)


def issue_revision(
    current: Revision,
    *,
    chair: str,
    amendments: Sequence[Amendment],
    decisions: Mapping[str, Decision],
    resolutions: Mapping[int, int] | None = None,
    ad_referendum: Mapping[int, frozenset[str]] | None = None,
    title: str | None = None,
) -> Revision:
    """The chair issues the next revision from `current`.

    `amendments` are those proposed against `current` (withdrawn ones are ignored);
    `decisions` maps the id of every pending one to a `Decision`. `resolutions` maps a
    bracket id to the index of the alternative the chair chooses. `ad_referendum` sets the
    states holding a paragraph ad referendum (an empty set clears it); otherwise a paragraph
    keeps its ad ref reservation only while its text is unchanged. `current` is never changed.
    """
    resolutions = dict(resolutions or {})
    pending = _pending(current, amendments, decisions)
    ids = _Ids(current.last_paragraph_id, current.last_bracket_id)
    changes = _sort_changes(current, pending, decisions, ids)

    resolution_records: list[ResolutionRecord] = []
    new_paragraphs: dict[int, Paragraph | None] = {}
    for paragraph in current.paragraphs:
        new_paragraphs[paragraph.id] = _revise_paragraph(
            paragraph, changes.span_ops, changes.whole_ops, resolutions, resolution_records, ids
        )
    if resolutions:
        raise InvalidInput(f"no bracket {sorted(resolutions)[0]} in {current.label}")

    ordered = _order(current, new_paragraphs, changes.inserts)
    return Revision(
        document_id=current.document_id,
        number=current.number + 1,
        title=current.title if title is None else title,
        paragraphs=_with_reservations(current, ordered, dict(ad_referendum or {})),
        issued_by=chair,
        last_paragraph_id=ids.paragraph,
        last_bracket_id=ids.bracket,
        amendments=tuple(changes.records),
        resolutions=tuple(resolution_records),
    )


@dataclass
class _Changes:
    """The taken-in amendments sorted by where they apply, and the record of every decision."""

    span_ops: dict[tuple[int, int], list[_Op]] = field(default_factory=dict)
    whole_ops: dict[int, list[_Op]] = field(default_factory=dict)
    inserts: dict[tuple[ParagraphKind, int | None], list[Paragraph]] = field(default_factory=dict)
    records: list[AmendmentRecord] = field(default_factory=list)


def _sort_changes(
    current: Revision, pending: Sequence[Amendment], decisions: Mapping[str, Decision], ids: _Ids
) -> _Changes:
    changes = _Changes()
    by_id = {p.id: p for p in current.paragraphs}
    for amendment in pending:
        decision = Decision(decisions[amendment.id])
        target = amendment.paragraph_id
        if decision is Decision.LEFT_OUT:
            changes.records.append(_record(amendment, decision, target))
            continue
        if amendment.kind is AmendmentKind.INSERT_PARAGRAPH:
            assert amendment.paragraph_kind is not None  # propose_amendment guarantees it
            new = _inserted(amendment, decision, ids)
            changes.inserts.setdefault((amendment.paragraph_kind, target), []).append(new)
            changes.records.append(_record(amendment, decision, new.id))
            continue
        assert target is not None
        changes.records.append(_record(amendment, decision, target))
        if amendment.kind is AmendmentKind.REPLACE_SPAN:
            assert amendment.span is not None
            s = amendment.span
            op = _Op(amendment, decision, s.start, s.end, amendment.text)
            changes.span_ops.setdefault((target, s.segment), []).append(op)
            continue
        whole = _whole(by_id[target], amendment, decision)
        if whole is not None:
            changes.span_ops.setdefault((target, 0), []).append(whole)
        elif decision is Decision.BRACKETED:
            raise RuleViolation(
                f"paragraph {target} holds brackets: resolve them before bracketing the whole "
                f"paragraph (amendment {amendment.id}), or take it in as agreed text"
            )
        else:
            op = _Op(amendment, decision, 0, 0, amendment.text)
            changes.whole_ops.setdefault(target, []).append(op)
    return changes


def _inserted(amendment: Amendment, decision: Decision, ids: _Ids) -> Paragraph:
    """The new paragraph an insert amendment adds: agreed text, or its own bracket."""
    assert amendment.paragraph_kind is not None
    segment: Segment = Text(amendment.text)
    pid = ids.next_paragraph()
    if decision is Decision.BRACKETED:
        segment = Bracket(
            ids.next_bracket(),
            (
                Alternative(amendment.text, amendment.backers, (amendment.id,)),
                Alternative("", amendment.opponents),
            ),
        )
    return Paragraph(pid, amendment.paragraph_kind, (segment,))


def _with_reservations(
    current: Revision, ordered: list[Paragraph], ad_referendum: dict[int, frozenset[str]]
) -> tuple[Paragraph, ...]:
    """The new paragraphs with their ad referendum reservations set or kept."""
    by_id = {p.id: p for p in current.paragraphs}
    final: list[Paragraph] = []
    for p in ordered:
        before = by_id.get(p.id)
        if p.id in ad_referendum:
            p = replace(p, ad_referendum=frozenset(ad_referendum.pop(p.id)))
        elif before is not None and before.segments == p.segments:
            p = before  # unchanged text keeps its reservation (and the very same object)
        final.append(p)
    if ad_referendum:
        raise InvalidInput(f"no paragraph {sorted(ad_referendum)[0]} in the new revision")
    return tuple(final)


def _record(amendment: Amendment, decision: Decision, pid: int | None) -> AmendmentRecord:
    return AmendmentRecord(
        amendment_id=amendment.id,
        proposer=amendment.proposer,
        supporters=amendment.supporters,
        decision=decision,
        paragraph_id=None if decision is Decision.LEFT_OUT else pid,
    )


def _pending(
    current: Revision, amendments: Sequence[Amendment], decisions: Mapping[str, Decision]
) -> list[Amendment]:
    seen: set[str] = set()
    pending: list[Amendment] = []
    for a in amendments:
        if a.id in seen:
            raise InvalidInput(f"amendment {a.id} is listed twice")
        seen.add(a.id)
        if a.document_id != current.document_id:
            raise InvalidInput(f"amendment {a.id} belongs to another document")
        if a.against != current.number:
            raise RuleViolation(
                f"amendment {a.id} was proposed against Rev.{a.against}, not {current.label}"
            )
        if a.withdrawn:
            if a.id in decisions:
                raise InvalidInput(f"amendment {a.id} was withdrawn: it takes no decision")
            continue
        if a.id not in decisions:
            raise InvalidInput(f"no decision for amendment {a.id}")
        if decisions[a.id] not in tuple(Decision):
            raise InvalidInput(f"unknown decision {decisions[a.id]!r} for amendment {a.id}")
        pending.append(a)
    unknown = set(decisions) - seen
    if unknown:
        raise InvalidInput(f"decision for unknown amendment {sorted(unknown)[0]}")
    return pending


def _revise_paragraph(
    paragraph: Paragraph,
    span_ops: dict[tuple[int, int], list[_Op]],
    whole_ops: dict[int, list[_Op]],
    resolutions: dict[int, int],
    resolution_records: list[ResolutionRecord],
    ids: _Ids,
) -> Paragraph | None:
    """The paragraph in the next revision, or None when it is deleted."""
    wholes = whole_ops.get(paragraph.id, [])
    if wholes:
        touched = [op for (pid, _), ops in span_ops.items() if pid == paragraph.id for op in ops]
        if len(wholes) > 1 or touched:
            raise _conflict(wholes + touched)
        if any(b.id in resolutions for b in paragraph.brackets):
            raise _conflict(wholes)
        text = wholes[0].text
        return Paragraph(paragraph.id, paragraph.kind, (Text(text),)) if text else None
    segments: list[Segment] = []
    for index, segment in enumerate(paragraph.segments):
        ops = span_ops.get((paragraph.id, index), [])
        if isinstance(segment, Text):
            segments.extend(_apply_to_text(segment.text, ops, ids) if ops else [segment])
            continue
        if segment.id in resolutions:
            if ops:
                raise RuleViolation(
                    f"bracket {segment.id} is both resolved and amended "
                    f"(amendment {ops[0].amendment.id})"
                )
            choice = resolutions.pop(segment.id)
            if not 0 <= choice < len(segment.alternatives):
                raise InvalidInput(f"bracket {segment.id} has no alternative {choice}")
            chosen = segment.alternatives[choice]
            resolution_records.append(ResolutionRecord(segment.id, paragraph.id, chosen))
            segments.append(Text(chosen.text))
            continue
        segments.append(_apply_to_bracket(segment, ops) if ops else segment)
    normalised = normalise_segments(segments)
    if not normalised:
        return None  # every word was deleted: the paragraph goes
    if normalised == paragraph.segments:
        return paragraph
    return Paragraph(paragraph.id, paragraph.kind, normalised)


def _order(
    current: Revision,
    revised: dict[int, Paragraph | None],
    inserts: dict[tuple[ParagraphKind, int | None], list[Paragraph]],
) -> list[Paragraph]:
    """Surviving paragraphs in their old order, inserts after their anchors."""
    out: list[Paragraph] = []
    for kind in (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE):
        out.extend(inserts.get((kind, None), []))
        for p in current.paragraphs:
            if p.kind is not kind:
                continue
            new = revised[p.id]
            if new is not None:
                out.append(new)
            # An insert anchored on a deleted paragraph still lands where it stood.
            out.extend(inserts.get((kind, p.id), []))
    return out
