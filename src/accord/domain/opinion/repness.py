"""Statement statistics per group: representativeness, consensus, group-aware consensus, bridging.

Origin: ``math/src/polismath/math/repness.clj`` (``comment-stats``, ``add-comparitive-stats``,
``select-rep-comments``, ``select-consensus-comments``), ``math/src/polismath/math/stats.clj``
(``prop-test``, ``two-prop-test``, ``z-sig-90?``) and ``math/src/polismath/math/conversation.clj``
(``:group-aware-consensus``).

For statement c and group g (n = votes seen, a = agrees, d = disagrees, "rest" = all other groups):

* ``pa = (a + 1) / (n + 2)``, ``pd = (d + 1) / (n + 2)`` — Laplace pseudocounts.
* ``pat = 2·sqrt(n + 1)·((a + 1)/(n + 1) − ½)`` — one-proportion test against ½ (``prop-test``).
* ``ra = pa / ((a_rest + 1)/(n_rest + 2))`` — how much likelier the group agrees than the rest.
* ``rat`` — the two-proportion z-test of (a+1)/(n+1) against (a_rest+1)/(n_rest+1), pooled;
  0 where the pooled proportion is 1 (``two-prop-test``).
* significance: z above the one-sided normal quantile of ``confidence`` (0.9 → 1.2816,
  ``z-sig-90?``).
* representative: ``(rat and pat significant) or (rdt and pdt significant)``, ranked by
  ``repness · repness-test · p-success · p-test``; the group's "best agree" statement goes first,
  at most 5, agrees before disagrees; when none passes, the single best by test.
* consensus (over everyone who voted, groups ignored): ``pa > ½`` and ``pat`` significant, ranked by
  ``pa · pat`` (likewise for disagree), at most 5 each.
* group-aware consensus: ``Π_g (a_g + 1) / (n_g + 2)`` (and the same for disagree).
* **bridging** (ours, not Pol.is): ``min_g (a_g + 1) / (n_g + 2)`` — the smoothed agree rate of
  the *least* convinced group. It is at most every group's agree rate, it cannot be raised by
  piling up agreement in one big group (as a raw agree count can), and unlike the product of the
  group-aware consensus it does not shrink just because there are more groups, so scores stay
  comparable between a 2-group and a 5-group map. A statement is listed as bridging when that
  score exceeds ½: a (smoothed) majority of every group agrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

Direction = Literal["agree", "disagree"]


@dataclass(frozen=True)
class RepresentativeStatement:
    """A statement that sets a group apart (``finalize-cmt-stats`` fields)."""

    statement_id: int
    repful_for: Direction
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool


@dataclass(frozen=True)
class ConsensusStatement:
    """A statement most voters agree (or disagree) with."""

    statement_id: int
    direction: Direction
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class BridgingStatement:
    """A statement a smoothed majority of every group agrees with."""

    statement_id: int
    score: float
    agree_rate_by_group: tuple[float, ...]


@dataclass(frozen=True, eq=False)
class GroupCounts:
    """Votes per group and statement: agrees, disagrees, seen (all shape (G, m))."""

    agree: NDArray[np.int64]
    disagree: NDArray[np.int64]
    seen: NDArray[np.int64]


def count_by_group(
    rows: NDArray[np.int64],
    cols: NDArray[np.int32],
    values: NDArray[np.int8],
    row_group: NDArray[np.int64],
    n_groups: int,
    n_statements: int,
) -> GroupCounts:
    """Tally votes by (group, statement); rows whose group is -1 are not counted."""
    g = row_group[rows]
    keep = g >= 0
    key = g[keep] * n_statements + cols[keep]
    v = values[keep]
    size = n_groups * n_statements
    shape = (n_groups, n_statements)
    return GroupCounts(
        agree=np.bincount(key[v == 1], minlength=size).reshape(shape).astype(np.int64),
        disagree=np.bincount(key[v == -1], minlength=size).reshape(shape).astype(np.int64),
        seen=np.bincount(key, minlength=size).reshape(shape).astype(np.int64),
    )


def smoothed(success: NDArray[np.int64], seen: NDArray[np.int64]) -> NDArray[np.float64]:
    return np.asarray((success + 1.0) / (seen + 2.0))


def prop_test(success: NDArray[np.int64], seen: NDArray[np.int64]) -> NDArray[np.float64]:
    return np.asarray(2.0 * np.sqrt(seen + 1.0) * ((success + 1.0) / (seen + 1.0) - 0.5))


def two_prop_test(
    succ_in: NDArray[np.int64],
    succ_out: NDArray[np.int64],
    n_in: NDArray[np.int64],
    n_out: NDArray[np.int64],
) -> NDArray[np.float64]:
    s1, s2 = succ_in + 1.0, succ_out + 1.0
    n1, n2 = n_in + 1.0, n_out + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    denom = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / denom
    return np.asarray(np.where(denom > 0, z, 0.0))


def z_critical(confidence: float) -> float:
    return float(norm.ppf(confidence))


@dataclass(frozen=True, eq=False)
class RepnessStats:
    """Everything ``conv-repness`` computes, as (G, m) arrays."""

    na: NDArray[np.int64]
    nd: NDArray[np.int64]
    ns: NDArray[np.int64]
    pa: NDArray[np.float64]
    pd: NDArray[np.float64]
    pat: NDArray[np.float64]
    pdt: NDArray[np.float64]
    ra: NDArray[np.float64]
    rd: NDArray[np.float64]
    rat: NDArray[np.float64]
    rdt: NDArray[np.float64]


def repness_stats(counts: GroupCounts) -> RepnessStats:
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    na_rest = na.sum(axis=0)[None, :] - na
    nd_rest = nd.sum(axis=0)[None, :] - nd
    ns_rest = ns.sum(axis=0)[None, :] - ns
    pa, pd = smoothed(na, ns), smoothed(nd, ns)
    return RepnessStats(
        na=na,
        nd=nd,
        ns=ns,
        pa=pa,
        pd=pd,
        pat=prop_test(na, ns),
        pdt=prop_test(nd, ns),
        ra=pa / smoothed(na_rest, ns_rest),
        rd=pd / smoothed(nd_rest, ns_rest),
        rat=two_prop_test(na, na_rest, ns, ns_rest),
        rdt=two_prop_test(nd, nd_rest, ns, ns_rest),
    )


def _finalize(
    stats: RepnessStats, g: int, c: int, tid: int, best_agree: bool
) -> RepresentativeStatement:
    agree = bool(stats.rat[g, c] > stats.rdt[g, c])
    success = stats.na if agree else stats.nd
    p = stats.pa if agree else stats.pd
    pt = stats.pat if agree else stats.pdt
    r = stats.ra if agree else stats.rd
    rt = stats.rat if agree else stats.rdt
    return RepresentativeStatement(
        statement_id=tid,
        repful_for="agree" if agree else "disagree",
        n_success=int(success[g, c]),
        n_trials=int(stats.ns[g, c]),
        p_success=float(p[g, c]),
        p_test=float(pt[g, c]),
        repness=float(r[g, c]),
        repness_test=float(rt[g, c]),
        best_agree=best_agree,
    )


def select_representative(
    stats: RepnessStats,
    statement_ids: NDArray[np.int64],
    eligible: NDArray[np.bool_],
    *,
    pick_max: int = 5,
    confidence: float = 0.9,
) -> tuple[tuple[RepresentativeStatement, ...], ...]:
    """``select-rep-comments``: representative statements of each group, in Pol.is's order."""
    z = z_critical(confidence)
    cols = np.flatnonzero(eligible)
    passes = ((stats.rat > z) & (stats.pat > z)) | ((stats.rdt > z) & (stats.pdt > z))
    metric_agree = stats.ra * stats.rat * stats.pa * stats.pat
    metric_disagree = stats.rd * stats.rdt * stats.pd * stats.pdt
    result = []
    for g in range(stats.na.shape[0]):
        best_agree = _best_agree(stats, g, cols, z)
        sufficient = cols[passes[g, cols]]
        if sufficient.size == 0:
            if best_agree is not None:
                head = [_finalize(stats, g, best_agree, int(statement_ids[best_agree]), True)]
            elif cols.size:
                by_test = np.maximum(stats.rat[g, cols], stats.rdt[g, cols])
                c = int(cols[int(np.argmax(by_test))])
                head = [_finalize(stats, g, c, int(statement_ids[c]), False)]
            else:
                head = []
            result.append(tuple(head))
            continue
        if best_agree is not None:
            sufficient = sufficient[sufficient != best_agree]
        agree_side = stats.rat[g, sufficient] > stats.rdt[g, sufficient]
        metric = np.where(agree_side, metric_agree[g, sufficient], metric_disagree[g, sufficient])
        # Only the top pick_max can be shown: finalise no more than that (this runs per vote).
        ranked = sufficient[np.argsort(-metric, kind="stable")][:pick_max]
        picked = [_finalize(stats, g, int(c), int(statement_ids[c]), False) for c in ranked]
        if best_agree is not None:
            picked.insert(0, _finalize(stats, g, best_agree, int(statement_ids[best_agree]), True))
        picked = picked[:pick_max]
        ordered = [s for s in picked if s.repful_for == "agree"]
        ordered += [s for s in picked if s.repful_for == "disagree"]
        result.append(tuple(ordered))
    return tuple(result)


def _best_agree(stats: RepnessStats, g: int, cols: NDArray[np.int64], z: float) -> int | None:
    """``beats-best-agr?`` folded over statements in id order; the criterion depends on the best
    so far, so this is a sequential scan (over plain floats: it runs on the update path)."""
    na, nd = stats.na[g, cols].tolist(), stats.nd[g, cols].tolist()
    ra, rat = stats.ra[g, cols].tolist(), stats.rat[g, cols].tolist()
    pa, pat = stats.pa[g, cols].tolist(), stats.pat[g, cols].tolist()
    best = -1
    for i in range(len(na)):
        if na[i] == 0 and nd[i] == 0:
            continue
        if best < 0:
            take = pat[i] > z or (ra[i] > 1.0 and pa[i] > 0.5)
        elif ra[best] > 1.0:
            take = ra[i] * rat[i] * pa[i] * pat[i] > ra[best] * rat[best] * pa[best] * pat[best]
        else:
            take = pa[i] * pat[i] > pa[best] * pat[best]
        if take:
            best = i
    return None if best < 0 else int(cols[best])


def select_consensus(
    agree: NDArray[np.int64],
    disagree: NDArray[np.int64],
    seen: NDArray[np.int64],
    statement_ids: NDArray[np.int64],
    eligible: NDArray[np.bool_],
    *,
    pick_max: int = 5,
    confidence: float = 0.9,
) -> tuple[tuple[ConsensusStatement, ...], tuple[ConsensusStatement, ...]]:
    """``select-consensus-comments``: (agree, disagree) consensus statements over all voters."""
    z = z_critical(confidence)
    out: list[tuple[ConsensusStatement, ...]] = []
    for direction, success in (("agree", agree), ("disagree", disagree)):
        p, pt = smoothed(success, seen), prop_test(success, seen)
        cand = np.flatnonzero(eligible & (p > 0.5) & (pt > z))
        ranked = cand[np.argsort(-(p[cand] * pt[cand]), kind="stable")][:pick_max]
        out.append(
            tuple(
                ConsensusStatement(
                    statement_id=int(statement_ids[c]),
                    direction="agree" if direction == "agree" else "disagree",
                    n_success=int(success[c]),
                    n_trials=int(seen[c]),
                    p_success=float(p[c]),
                    p_test=float(pt[c]),
                )
                for c in ranked
            )
        )
    return out[0], out[1]


def group_aware_consensus(
    success: NDArray[np.int64], seen: NDArray[np.int64]
) -> NDArray[np.float64]:
    """``Π_g (success_g + 1) / (seen_g + 2)`` per statement (conversation.clj)."""
    return np.asarray(smoothed(success, seen).prod(axis=0))


def bridging_scores(agree: NDArray[np.int64], seen: NDArray[np.int64]) -> NDArray[np.float64]:
    """Smoothed agree rate of the least convinced group, per statement."""
    return np.asarray(smoothed(agree, seen).min(axis=0))


def select_bridging(
    agree: NDArray[np.int64],
    seen: NDArray[np.int64],
    statement_ids: NDArray[np.int64],
    eligible: NDArray[np.bool_],
    *,
    pick_max: int = 5,
) -> tuple[BridgingStatement, ...]:
    """Statements whose bridging score exceeds ½, best first (ties by statement order)."""
    rates = smoothed(agree, seen)
    score = rates.min(axis=0)
    cand = np.flatnonzero(eligible & (score > 0.5))
    ranked = cand[np.argsort(-score[cand], kind="stable")][:pick_max]
    return tuple(
        BridgingStatement(
            statement_id=int(statement_ids[c]),
            score=float(score[c]),
            agree_rate_by_group=tuple(float(x) for x in rates[:, c]),
        )
        for c in ranked
    )
