"""The extractive drafter: candidate wordings taken from the states' own words.

Candidates are the bracket alternatives, the amendments' wordings, the consultation
statements and the sentences and clauses of the interventions, each with the spans it
comes from. Identical wordings (after normalising case, spaces and final punctuation)
are one candidate whose evidence is the union of its sources': the states backed that
very text. Near-duplicates found by embedding similarity are merged for display only:
similarity cannot tell "we support X" from "we oppose X", so a merged variant's backers
are never counted for the wording it was merged into.

Every ordering here uses the wordings' texts and the sources' ids, never state names,
so that renaming or reordering the states changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from accord.domain.mediation.language import CLAUSE_SEPARATORS, SENTENCE_END, markers, tokens
from accord.domain.mediation.language import word_count as _word_count
from accord.domain.mediation.model import (
    Embedder,
    Origin,
    Positions,
    ProposedWording,
    SimilarWording,
    SourceKind,
    Span,
    Subject,
)

# A clause shorter than this is a greeting or a fragment, not a wording.
MIN_CLAUSE_WORDS = 4
# An LLM wording is said to reuse a state's words when it shares this many in a row.
MIN_OVERLAP_WORDS = 4
# Intervention clauses whose similarity to the subject falls below this fraction of the
# best one are dropped: interventions hold thanks and procedure as well as proposals.
# Relevance only filters; it never counts as support.
RELEVANCE_FRACTION = 0.5

# Words that flip or bind a wording's meaning (not / 不 / не, shall / 应 / обязуются,
# may / 可以 / могут…) are in `modality.toml`: embeddings of "shall" and "may", or of
# "support" and "oppose", are close; in a negotiated text they are opposites. Two
# wordings that differ in these are never merged, however similar.

_TRIM = " \t\r\n\"'“”‘’()[]（）「」《》"


@dataclass
class Candidate:
    """A wording being assembled, with its evidence (mutable while drafting)."""

    text: str
    origin: Origin
    spans: list[Span] = field(default_factory=list)
    statement_ids: set[str] = field(default_factory=set)
    backers: set[str] = field(default_factory=set)
    opposers: set[str] = field(default_factory=set)
    # States that back a different alternative of the same bracket: a stated preference
    # for another wording, weaker than opposing this one.
    rivals: set[str] = field(default_factory=set)
    similar: list[SimilarWording] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The normalised text: two candidates with one key are the same wording."""
        return normalise(self.text)

    @property
    def candidate_id(self) -> str:
        """A stable id derived from the wording alone."""
        return "w-" + hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:12]

    @property
    def evidence_count(self) -> int:
        """How many pieces of direct evidence the wording has (used to pick representatives)."""
        return len(self.backers) + len(self.opposers) + len(self.statement_ids)


def normalise(text: str) -> str:
    """Lower-case, collapse spaces, drop surrounding quotes and final punctuation."""
    collapsed = " ".join(text.split()).lower()
    return collapsed.strip(_TRIM).rstrip(".;:,。；：，").strip(_TRIM)


def word_count(text: str) -> int:
    """Number of words in a text (Chinese segmented into words)."""
    return _word_count(text)


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of a text and of their ';'-separated clauses
    (Chinese 。！？ end sentences, ； separates clauses).

    Each range is trimmed of spaces and quotes. Pieces under MIN_CLAUSE_WORDS words are
    left out. A sentence with several clauses gives the sentence and each clause.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    for match in [*SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        pieces = [(start, end)]
        sentence = text[start:end]
        if CLAUSE_SEPARATORS.search(sentence):
            offset = start
            for part in CLAUSE_SEPARATORS.split(sentence):
                pieces.append((offset, offset + len(part)))
                offset += len(part) + 1
        for lo, hi in pieces:
            lo2, hi2 = _trimmed(text, lo, hi)
            if word_count(text[lo2:hi2]) >= MIN_CLAUSE_WORDS and (lo2, hi2) not in ranges:
                ranges.append((lo2, hi2))
        if match:
            start = match.end()
    return ranges


def _trimmed(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo] in _TRIM:
        lo += 1
    while hi > lo and text[hi - 1] in _TRIM:
        hi -= 1
    return lo, hi


def _whole(kind: SourceKind, source_id: str, state: str | None, text: str) -> Span:
    return Span(kind, source_id, state, 0, len(text), 0, len(text))


def draft_candidates(
    subject: Subject,
    positions: Positions,
    extra: Sequence[ProposedWording],
    embedder: Embedder,
) -> list[Candidate]:
    """All candidate wordings with their direct evidence, identical wordings joined.

    Backers and opposers are restricted to member states; the caller has validated them.
    """
    pieces = _extractive(subject, positions)
    pieces.extend(_relevant_clauses(subject, positions, embedder))

    sources = _source_texts(subject, positions)
    for proposed in extra:
        text = proposed.text.strip()
        if not text:
            continue
        pieces.append(
            Candidate(
                text=text,
                origin=proposed.origin,
                spans=[_whole("llm", "llm", None, text), *overlap_spans(text, sources)],
            )
        )
    return _join_identical(pieces)


def _extractive(subject: Subject, positions: Positions) -> list[Candidate]:
    """The states' own wordings taken whole: alternatives, amendments, statements."""
    members = positions.states
    pieces: list[Candidate] = []

    all_backers = frozenset().union(*(a.backers for a in subject.alternatives)) & members
    for index, alternative in enumerate(subject.alternatives):
        text = alternative.text.strip()
        pieces.append(
            Candidate(
                text=text,
                origin="extractive",
                spans=[_whole("alternative", f"alternative-{index + 1}", None, text)],
                backers=set(alternative.backers & members),
                rivals=set(all_backers - alternative.backers),
            )
        )
    for amendment in positions.amendments:
        text = amendment.text.strip()
        backers = ({amendment.proposer} | amendment.supporters) & members
        pieces.append(
            Candidate(
                text=text,
                origin="extractive",
                spans=[_whole("amendment", amendment.id, amendment.proposer, text)],
                backers=set(backers),
                opposers=set(amendment.opposers & members),
            )
        )
    for statement in positions.statements:
        text = statement.text.strip()
        if not text:
            continue
        # An author is taken to agree with the statement they wrote, as Pol.is does.
        author = {statement.author} & members if statement.author else set()
        pieces.append(
            Candidate(
                text=text,
                origin="extractive",
                spans=[_whole("statement", statement.id, statement.author, text)],
                statement_ids={statement.id},
                backers=set(author),
            )
        )
    return pieces


def _relevant_clauses(
    subject: Subject, positions: Positions, embedder: Embedder
) -> list[Candidate]:
    clauses: list[Candidate] = []
    for intervention in positions.interventions:
        speaker = {intervention.state} & positions.states
        for lo, hi in split_clauses(intervention.text):
            text = intervention.text[lo:hi]
            span = Span("intervention", intervention.id, intervention.state, lo, hi, 0, hi - lo)
            clauses.append(Candidate(text, "extractive", [span], backers=set(speaker)))
    reference = " ".join([subject.text, *(a.text for a in subject.alternatives)]).strip()
    if len(clauses) < 2 or not reference:
        return clauses
    vectors = embedder.embed([reference, *(c.text for c in clauses)])
    relevance = vectors[1:] @ vectors[0]
    floor = RELEVANCE_FRACTION * float(relevance.max())
    return [c for c, r in zip(clauses, relevance, strict=True) if float(r) >= floor]


def _join_identical(pieces: Iterable[Candidate]) -> list[Candidate]:
    joined: dict[str, Candidate] = {}
    for piece in pieces:
        found = joined.get(piece.key)
        if found is None:
            joined[piece.key] = piece
            continue
        found.spans.extend(piece.spans)
        found.statement_ids |= piece.statement_ids
        found.backers |= piece.backers
        found.opposers |= piece.opposers
        found.rivals |= piece.rivals
        if piece.origin == found.origin:
            # Same wording, differently cased or punctuated: pick one independent of order.
            found.text = min(found.text, piece.text)
        elif piece.origin == "extractive":
            # The states' own text outranks a model's identical output as the source.
            found.origin, found.text = "extractive", piece.text
    ordered = sorted(joined.values(), key=lambda c: (c.key, c.text))
    for candidate in ordered:
        candidate.spans.sort(key=_span_key)
    return ordered


def _span_key(span: Span) -> tuple[str, str, int, int]:
    # State names are deliberately left out of the key: provenance order must not move
    # when states are renamed.
    return (span.source_kind, span.source_id, span.source_start, span.source_end)


def merge_near_duplicates(
    candidates: list[Candidate], embedder: Embedder, threshold: float
) -> list[Candidate]:
    """Fold wordings whose embeddings are within `threshold` cosine into one candidate.

    The representative is the wording with the most direct evidence (then the shorter,
    then alphabetical). Merged variants are listed under it as similar wordings; their
    backers, opposers and votes are NOT added to it. Wordings that differ in polarity
    or modal words (not, shall, may, oppose...) are never merged.
    """
    texts = [c for c in candidates if c.text]
    if len(texts) < 2:
        return candidates
    vectors = embedder.embed([c.text for c in texts])
    index = {id(c): i for i, c in enumerate(texts)}
    order = sorted(candidates, key=lambda c: (-c.evidence_count, len(c.key), c.key))
    representatives: list[Candidate] = []
    for candidate in order:
        host = None
        if candidate.text:
            row = vectors[index[id(candidate)]]
            for rep in representatives:
                if not rep.text or _polarity(rep.text) != _polarity(candidate.text):
                    continue
                similarity = float(vectors[index[id(rep)]] @ row)
                if similarity >= threshold:
                    host = rep
                    break
        if host is None:
            representatives.append(candidate)
            continue
        host.similar.append(
            SimilarWording(
                text=candidate.text,
                similarity=round(float(vectors[index[id(host)]] @ row), 4),
                provenance=tuple(candidate.spans),
            )
        )
    for rep in representatives:
        rep.similar.sort(key=lambda s: (normalise(s.text), s.text))
    return sorted(representatives, key=lambda c: (c.key, c.text))


def _polarity(text: str) -> frozenset[str]:
    return markers(text)


def _source_texts(
    subject: Subject, positions: Positions
) -> list[tuple[SourceKind, str, str | None, str]]:
    sources: list[tuple[SourceKind, str, str | None, str]] = []
    for index, alternative in enumerate(subject.alternatives):
        sources.append(("alternative", f"alternative-{index + 1}", None, alternative.text))
    sources += [("amendment", a.id, a.proposer, a.text) for a in positions.amendments]
    sources += [("intervention", i.id, i.state, i.text) for i in positions.interventions]
    sources += [("statement", s.id, s.author, s.text) for s in positions.statements]
    # Canonical order (kind, id) so that overlaps are attributed the same way every run.
    return sorted(sources, key=lambda s: (s[0], s[1]))


def overlap_spans(
    text: str, sources: Sequence[tuple[SourceKind, str, str | None, str]]
) -> list[Span]:
    """Runs of at least MIN_OVERLAP_WORDS words that `text` shares with a source text.

    Walks the text left to right and takes, at each position, the longest run found in
    any source (first source in canonical order on a tie).
    """
    words = list(tokens(text))
    n = MIN_OVERLAP_WORDS
    index: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    source_words: list[list[tuple[str, int, int]]] = []
    for s, (_, _, _, source_text) in enumerate(sources):
        found = list(tokens(source_text))
        source_words.append(found)
        for p in range(len(found) - n + 1):
            index.setdefault(tuple(t[0] for t in found[p : p + n]), []).append((s, p))
    spans: list[Span] = []
    i = 0
    while i <= len(words) - n:
        best: tuple[int, int, int] | None = None  # (length, source, position)
        for s, p in index.get(tuple(w[0] for w in words[i : i + n]), []):
            length = n
            source = source_words[s]
            while (
                i + length < len(words)
                and p + length < len(source)
                and words[i + length][0] == source[p + length][0]
            ):
                length += 1
            if best is None or length > best[0]:
                best = (length, s, p)
        if best is None:
            i += 1
            continue
        length, s, p = best
        kind, source_id, state, _ = sources[s]
        source = source_words[s]
        spans.append(
            Span(
                kind, source_id, state,
                source[p][1], source[p + length - 1][2],
                words[i][1], words[i + length - 1][2],
            )
        )  # fmt: skip
        i += length
    return spans
