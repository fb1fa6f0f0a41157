"""The redline: what changed between any two revisions of a draft, and who proposed it.

Each paragraph is compared as a sequence of tokens: a word with the whitespace after it, or
a whole bracket (a bracket whose wordings or backers changed is a different token). Word-level
hunks come from `difflib.SequenceMatcher`. Paragraphs are matched by their stable id, so an
inserted or deleted paragraph shows as such, never as a shifted diff of its neighbours.

The redline is complete: `apply_redline(m, redline(m, n)) == n` for every m < n. It carries
the header of revision n (title, provenance, id counters) for exactly that reason.

Attribution: a changed paragraph lists the amendments taken in (as agreed text or as a
bracketed alternative) between the two revisions that targeted it, their proposers, and the
brackets the chair resolved in it. Attribution is per paragraph: a word-level hunk is not
traced back to a single amendment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from enum import StrEnum
from typing import TypeAlias

from accord.domain.errors import InvalidInput
from accord.domain.negotiation.text import (
    AmendmentRecord,
    Bracket,
    Decision,
    Paragraph,
    ResolutionRecord,
    Revision,
    Segment,
    Text,
    normalise_segments,
    render_bracket,
)

Token: TypeAlias = str | Bracket

# A word and the whitespace after it; leading whitespace is a token of its own. Lossless:
# "".join(tokens) == text.
_WORD = re.compile(r"\S+\s*|\s+")


class ChangeKind(StrEnum):
    """How a paragraph differs between the two revisions."""

    INSERTED = "inserted"
    DELETED = "deleted"
    CHANGED = "changed"


@dataclass(frozen=True)
class Hunk:
    """Tokens `old[old_start:old_end]` of the earlier paragraph became `new`."""

    tag: str  # "replace" | "delete" | "insert"
    old_start: int
    old_end: int
    old: tuple[Token, ...]
    new: tuple[Token, ...]


@dataclass(frozen=True)
class ParagraphChange:
    """One paragraph that differs, with who proposed the change."""

    paragraph_id: int
    change: ChangeKind
    label_from: str | None  # `OP3` in the earlier revision, None if inserted
    label_to: str | None  # `OP4` in the later revision, None if deleted
    hunks: tuple[Hunk, ...]  # word-level, for a changed paragraph
    inserted: Paragraph | None  # the whole new paragraph, for an inserted one
    ad_referendum: frozenset[str]  # the later revision's ad ref reservations
    amendments: tuple[str, ...]  # ids of the amendments taken in on this paragraph
    proposers: tuple[str, ...]  # their proposing states, sorted
    resolved_brackets: tuple[int, ...]  # brackets the chair resolved here
    removed: Paragraph | None = None  # the paragraph as it was, for a deleted one

    def markup(self) -> str:
        """Plain-text redline: `[-deleted-]{+inserted+}` inline."""
        if self.change is ChangeKind.INSERTED:
            assert self.inserted is not None
            return "{+" + self.inserted.render() + "+}"
        if self.change is ChangeKind.DELETED:
            return "[-" + self.removed.render() + "-]" if self.removed is not None else ""
        parts: list[str] = []
        for hunk in self.hunks:
            if hunk.tag == "equal":
                parts.append(_join(hunk.old))
                continue
            if hunk.old:
                parts.append("[-" + _join(hunk.old) + "-]")
            if hunk.new:
                parts.append("{+" + _join(hunk.new) + "+}")
        return "".join(parts)


@dataclass(frozen=True)
class Redline:
    """Every difference from revision `from_number` to revision `to_number`."""

    document_id: str
    from_number: int
    to_number: int
    title_from: str
    title_to: str
    changes: tuple[ParagraphChange, ...]  # in the later revision's order, deletions last
    order: tuple[int, ...]  # paragraph ids of the later revision, in order
    target_issued_by: str
    target_amendments: tuple[AmendmentRecord, ...]
    target_resolutions: tuple[ResolutionRecord, ...]
    target_last_paragraph_id: int
    target_last_bracket_id: int


def _join(tokens: Sequence[Token]) -> str:
    return "".join(t if isinstance(t, str) else render_bracket(t) for t in tokens)


def tokens(paragraph: Paragraph) -> list[Token]:
    """The paragraph as redline tokens (words with trailing whitespace, whole brackets)."""
    out: list[Token] = []
    for segment in paragraph.segments:
        if isinstance(segment, Text):
            out.extend(_WORD.findall(segment.text))
        else:
            out.append(segment)
    return out


def _segments(tokens_: Sequence[Token]) -> tuple[Segment, ...]:
    segments: list[Segment] = [Text(t) if isinstance(t, str) else t for t in tokens_]
    return normalise_segments(segments)


def _hunks(old: list[Token], new: list[Token]) -> tuple[Hunk, ...]:
    # autojunk off: it would treat frequent words ("the") as junk and give odd hunks.
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return tuple(
        Hunk(tag, i1, i2, tuple(old[i1:i2]), tuple(new[j1:j2]) if tag != "equal" else ())
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def redline(revisions: Sequence[Revision], from_number: int, to_number: int) -> Redline:
    """The redline from one revision to a later one.

    `revisions` is the document's revision history (at least the revisions between the two,
    for attribution), in any order. InvalidInput unless `from_number < to_number` and both
    revisions are present.
    """
    by_number = _history(revisions, from_number, to_number)
    old_rev, new_rev = by_number[from_number], by_number[to_number]
    amendments, resolved = _attribution(by_number, from_number, to_number)

    changes = _paragraph_changes(old_rev, new_rev, amendments, resolved)

    return Redline(
        document_id=new_rev.document_id,
        from_number=from_number,
        to_number=to_number,
        title_from=old_rev.title,
        title_to=new_rev.title,
        changes=changes,
        order=tuple(p.id for p in new_rev.paragraphs),
        target_issued_by=new_rev.issued_by,
        target_amendments=new_rev.amendments,
        target_resolutions=new_rev.resolutions,
        target_last_paragraph_id=new_rev.last_paragraph_id,
        target_last_bracket_id=new_rev.last_bracket_id,
    )


def _paragraph_changes(
    old_rev: Revision,
    new_rev: Revision,
    amendments: dict[int, list[AmendmentRecord]],
    resolved: dict[int, list[int]],
) -> tuple[ParagraphChange, ...]:
    """Each inserted, changed or deleted paragraph, with who changed it."""
    old_by_id = {p.id: p for p in old_rev.paragraphs}
    new_ids = {p.id for p in new_rev.paragraphs}
    old_labels, new_labels = old_rev.labels(), new_rev.labels()
    changes: list[ParagraphChange] = []

    def change(
        pid: int, kind: ChangeKind, hunks: tuple[Hunk, ...], after: Paragraph | None
    ) -> None:
        # `after` is the paragraph in the later revision (None when deleted).
        records = amendments.get(pid, [])
        changes.append(
            ParagraphChange(
                paragraph_id=pid,
                change=kind,
                label_from=old_labels.get(pid),
                label_to=new_labels.get(pid),
                hunks=hunks,
                inserted=after if kind is ChangeKind.INSERTED else None,
                ad_referendum=after.ad_referendum if after is not None else frozenset(),
                amendments=tuple(r.amendment_id for r in records),
                proposers=tuple(sorted({r.proposer for r in records})),
                resolved_brackets=tuple(resolved.get(pid, [])),
            )
        )

    for p in new_rev.paragraphs:
        before = old_by_id.get(p.id)
        if before is None:
            change(p.id, ChangeKind.INSERTED, (), p)
        elif before != p:  # unchanged paragraphs are skipped without tokenising them
            change(p.id, ChangeKind.CHANGED, _hunks(tokens(before), tokens(p)), p)
    for p in old_rev.paragraphs:
        if p.id not in new_ids:
            change(p.id, ChangeKind.DELETED, (), None)
            changes[-1] = replace(changes[-1], removed=p)
    return tuple(changes)


def _history(
    revisions: Sequence[Revision], from_number: int, to_number: int
) -> dict[int, Revision]:
    """The revisions by number; InvalidInput unless every one between the two is there."""
    by_number = {r.number: r for r in revisions}
    if not from_number < to_number:
        raise InvalidInput("a redline goes from an earlier revision to a later one")
    # Stops at the first gap: the range can never be walked further than the revisions
    # there are, whatever numbers the caller asked for (issue 11: to=10**12 ate the memory).
    for number in range(from_number, to_number + 1):
        if number not in by_number:
            raise InvalidInput(f"Rev.{number} does not exist")
    if by_number[from_number].document_id != by_number[to_number].document_id:
        raise InvalidInput("the two revisions belong to different documents")
    return by_number


def _attribution(
    by_number: dict[int, Revision], from_number: int, to_number: int
) -> tuple[dict[int, list[AmendmentRecord]], dict[int, list[int]]]:
    """Per paragraph: the amendments taken in, and the brackets resolved, after `from_number`."""
    amendments: dict[int, list[AmendmentRecord]] = {}
    resolved: dict[int, list[int]] = {}
    for number in range(from_number + 1, to_number + 1):
        for record in by_number[number].amendments:
            if record.decision is not Decision.LEFT_OUT and record.paragraph_id is not None:
                amendments.setdefault(record.paragraph_id, []).append(record)
        for resolution in by_number[number].resolutions:
            resolved.setdefault(resolution.paragraph_id, []).append(resolution.bracket_id)
    return amendments, resolved


def _apply_hunks(before: Paragraph, hunks: Sequence[Hunk]) -> tuple[Segment, ...]:
    old = tokens(before)
    out: list[Token] = []
    position = 0
    for hunk in hunks:
        if hunk.old_start != position or tuple(old[hunk.old_start : hunk.old_end]) != hunk.old:
            raise InvalidInput(f"the redline does not apply to paragraph {before.id}")
        out.extend(hunk.old if hunk.tag == "equal" else hunk.new)
        position = hunk.old_end
    if position != len(old):
        raise InvalidInput(f"the redline does not apply to paragraph {before.id}")
    return _segments(out)


def apply_redline(base: Revision, line: Redline) -> Revision:
    """Rebuild the later revision from the earlier one and the redline between them."""
    if base.document_id != line.document_id or base.number != line.from_number:
        raise InvalidInput(f"this redline starts from Rev.{line.from_number}, not {base.label}")
    old_by_id = {p.id: p for p in base.paragraphs}
    changed = {c.paragraph_id: c for c in line.changes}
    paragraphs: list[Paragraph] = []
    for pid in line.order:
        c = changed.get(pid)
        if c is None:
            if pid not in old_by_id:
                raise InvalidInput(f"the redline does not apply: no paragraph {pid}")
            paragraphs.append(old_by_id[pid])
        elif c.change is ChangeKind.INSERTED:
            assert c.inserted is not None
            paragraphs.append(c.inserted)
        elif c.change is ChangeKind.CHANGED and pid in old_by_id:
            before = old_by_id[pid]
            segments = _apply_hunks(before, c.hunks)
            paragraphs.append(Paragraph(pid, before.kind, segments, c.ad_referendum))
        else:
            raise InvalidInput(f"the redline does not apply: paragraph {pid} is deleted")
    return Revision(
        document_id=base.document_id,
        number=line.to_number,
        title=line.title_to,
        paragraphs=tuple(paragraphs),
        issued_by=line.target_issued_by,
        last_paragraph_id=line.target_last_paragraph_id,
        last_bracket_id=line.target_last_bracket_id,
        amendments=line.target_amendments,
        resolutions=line.target_resolutions,
    )
