"""Opinion analysis: Pol.is's formulas on small matrices, hand-checked values, and invariants."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accord.domain.opinion import OpinionSettings, analyze, fit
from accord.domain.opinion.clusters import in_conversation, silhouette
from accord.domain.opinion.incremental import OpinionModel
from accord.domain.opinion.matrix import OpinionInputError, VoteMatrix
from accord.domain.opinion.pca import fit_pca, project_one, project_participants
from accord.domain.opinion.repness import (
    GroupCounts,
    prop_test,
    repness_stats,
    select_consensus,
    two_prop_test,
)

NAN = math.nan


def planted(n_per_group: int = 12, m: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two camps that vote opposite ways on every statement, with a little noise and gaps."""
    rng = np.random.default_rng(seed)
    truth = np.repeat([0, 1], n_per_group)
    base = np.where(truth[:, None] == 0, 1.0, -1.0) * np.ones((2 * n_per_group, m))
    flip = rng.random(base.shape) < 0.1
    base[flip] = -base[flip]
    base[rng.random(base.shape) < 0.1] = NAN
    base[:, 0] = 1.0  # statement 0: everybody agrees (a consensus and bridging statement)
    return base, truth


def reference_projection(dense: np.ndarray) -> np.ndarray:
    """Pol.is's recipe written out longhand: impute column means, PCA, sparsity-aware scaling."""
    means = np.nanmean(dense, axis=0)
    filled = np.where(np.isnan(dense), means, dense)
    centred = filled - means
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    comps = vt[:2]
    for k in range(2):
        if comps[k][np.argmax(np.abs(comps[k]))] < 0:
            comps[k] = -comps[k]
    n_votes = (~np.isnan(dense)).sum(axis=1)
    return (centred @ comps.T) * np.sqrt(dense.shape[1] / np.maximum(n_votes, 1))[:, None]


def test_projection_is_column_mean_imputed_pca_scaled_by_sparsity() -> None:
    dense, _ = planted()
    votes = VoteMatrix.from_dense(dense)
    analysis = analyze(votes)
    np.testing.assert_allclose(analysis.projection, reference_projection(dense), atol=1e-10)


def test_sparse_eigensolver_gives_the_dense_components() -> None:
    dense, _ = planted(n_per_group=30, m=12, seed=3)
    votes = VoteMatrix.from_dense(dense)
    moderated = np.zeros(12, dtype=bool)
    exact = fit_pca(votes, moderated)
    lanczos = fit_pca(votes, moderated, dense_max=0)
    np.testing.assert_allclose(lanczos.components, exact.components, atol=1e-8)


def test_a_pass_counts_as_a_vote_in_the_scaling() -> None:
    # Row 2 passed on statement 1 instead of skipping it: sqrt(3/2) instead of sqrt(3/1).
    dense = np.array([[1, 1, -1], [-1, -1, 1], [1, 0, NAN], [1, NAN, NAN]], dtype=float)
    votes = VoteMatrix.from_dense(dense)
    basis = fit_pca(votes, np.zeros(3, dtype=bool))
    proj = project_participants(votes, basis)
    centred = np.array([1 - basis.center[0], 0 - basis.center[1]])
    expected = basis.components[:, :2] @ centred * math.sqrt(3 / 2)
    np.testing.assert_allclose(proj[2], expected, atol=1e-12)


def test_a_moderated_out_statement_carries_no_weight_but_counts_as_voted() -> None:
    dense, _ = planted()
    votes = VoteMatrix.from_dense(dense)
    basis = fit_pca(votes, np.arange(10) == 3)
    assert basis.components[:, 3].tolist() == [0.0, 0.0]
    assert basis.center[3] == 0.0
    assert basis.zeroed.tolist() == [i == 3 for i in range(10)]
    analysis = analyze(votes, moderated_out=[3])
    assert all(r.statement_id != 3 for group in analysis.repness for r in group)
    assert analysis.extremity[3] == 0.0


def test_in_conversation_needs_seven_votes_or_all_statements_and_tops_up_to_fifteen() -> None:
    counts = np.array([7, 6, 9, 0] + [7] * 14)
    # 16 reach 7 votes: nobody needs topping up, so the one with 6 stays out.
    expected = [True, False, True, False] + [True] * 14
    assert in_conversation(counts, n_statements=40).tolist() == expected
    # Fewer than 15 in: the most active are added, never someone with no vote.
    few = np.array([7, 3, 5, 0, 2])
    assert in_conversation(few, n_statements=40).tolist() == [True, True, True, False, True]
    # Top-up ties go to the lower participant id, whatever the row order.
    many = np.array([7] * 13 + [3, 3, 3])
    ids = np.array([*list(range(13)), 50, 40, 60])
    assert in_conversation(many, 40, participant_ids=ids)[13:].tolist() == [True, True, False]
    # A conversation with 4 statements: voting on all 4 is enough.
    assert in_conversation(np.array([4] * 16), n_statements=4).all()


def test_proportion_tests_match_polis_stats_clj() -> None:
    # prop-test: 2 sqrt(n+1) ((a+1)/(n+1) - 1/2). 8 agrees of 10: 2*sqrt(11)*(9/11 - .5)
    assert prop_test(np.array([8]), np.array([10]))[0] == pytest.approx(
        2 * math.sqrt(11) * (9 / 11 - 0.5), rel=1e-12
    )
    # two-prop-test with +1 pseudocounts, pooled: 8/10 vs 2/10.
    p1, p2, pooled = 9 / 11, 3 / 11, 12 / 22
    expected = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (2 / 11))
    assert two_prop_test(np.array([8]), np.array([2]), np.array([10]), np.array([10]))[0] == (
        pytest.approx(expected, rel=1e-12)
    )
    # Everyone agrees everywhere: the pooled proportion is 1, the test is defined as 0.
    assert two_prop_test(np.array([4]), np.array([4]), np.array([4]), np.array([4]))[0] == 0.0


def test_repness_uses_laplace_pseudocounts_against_the_other_groups() -> None:
    counts = GroupCounts(
        agree=np.array([[8], [2]]), disagree=np.array([[1], [7]]), seen=np.array([[10], [10]])
    )
    stats = repness_stats(counts)
    assert stats.pa[0, 0] == pytest.approx(9 / 12)
    assert stats.pd[1, 0] == pytest.approx(8 / 12)
    assert stats.ra[0, 0] == pytest.approx((9 / 12) / (3 / 12))
    assert stats.rd[1, 0] == pytest.approx((8 / 12) / (2 / 12))


def test_consensus_needs_a_smoothed_majority_and_a_significant_test() -> None:
    ids = np.array([10, 11, 12])
    agree, cons_disagree = select_consensus(
        agree=np.array([9, 1, 20]),
        disagree=np.array([0, 9, 0]),
        seen=np.array([10, 10, 20]),
        statement_ids=ids,
        eligible=np.array([True, True, True]),
    )
    # 12: pa=21/22, pat=2*sqrt(21)*(21/21-.5); 10: pa=10/12 — ranked by pa*pat.
    assert [c.statement_id for c in agree] == [12, 10]
    # 11: pd = 10/12 and pdt = 2*sqrt(11)*(10/11 - 1/2) = 2.71 > 1.2816.
    assert [c.statement_id for c in cons_disagree] == [11]
    assert agree[0].p_success == pytest.approx(21 / 22)
    assert agree[0].n_success == 20 and agree[0].n_trials == 20


def test_planted_camps_are_found_with_their_statements() -> None:
    dense, truth = planted()
    analysis = analyze(VoteMatrix.from_dense(dense))
    assert len(analysis.groups) == 2
    assert [g.size for g in analysis.groups] == [12, 12]
    # Same partition as the planted one, whichever camp is called 0.
    assert len(set(zip(analysis.group_ids.tolist(), truth.tolist(), strict=True))) == 2
    # Statement 0 is agreed by all: consensus, bridging, and the product of both groups' rates.
    assert analysis.consensus_agree[0].statement_id == 0
    assert analysis.bridging_statements[0].statement_id == 0
    rates = analysis.agree_rate_by_group[:, 0]
    assert analysis.group_aware_consensus[0] == pytest.approx(rates.prod())
    assert analysis.bridging[0] == pytest.approx(rates.min())
    assert rates.tolist() == [13 / 14, 13 / 14]
    # Every group gets representative statements, and they split agree/disagree by camp.
    assert all(len(reps) > 0 for reps in analysis.repness)


def test_results_are_read_only() -> None:
    analysis = analyze(VoteMatrix.from_dense(planted()[0]))
    with pytest.raises(ValueError):
        analysis.projection[0, 0] = 1.0


def test_silhouette_of_two_tight_far_clusters_is_near_one_and_singletons_score_zero() -> None:
    pts = np.array([[0.0, 0.0], [0.0, 0.1], [10.0, 0.0], [10.0, 0.1]])
    assert silhouette(pts, np.array([0, 0, 1, 1])) == pytest.approx(1 - 0.1 / 10.00025, abs=1e-4)
    assert silhouette(pts[:3], np.array([0, 0, 1])) == pytest.approx(
        (2 / 3) * (1 - 0.1 / 10.0), abs=1e-3
    )


def test_bad_votes_are_refused() -> None:
    with pytest.raises(OpinionInputError, match="1 \\(agree\\)"):
        VoteMatrix.from_coo([0], [0], [2])
    with pytest.raises(OpinionInputError, match="two votes"):
        VoteMatrix.from_coo([0, 0], [1, 1], [1, -1])


def test_nobody_voting_gives_no_groups_and_neutral_scores() -> None:
    analysis = analyze(VoteMatrix.from_dense(np.full((3, 2), NAN)))
    assert analysis.groups == ()
    assert analysis.group_ids.tolist() == [-1, -1, -1]
    assert analysis.bridging.tolist() == [0.5, 0.5]


# --- incremental update -------------------------------------------------------------------------


def test_a_new_vote_updates_the_voters_projection_and_the_tallies() -> None:
    dense, _ = planted(n_per_group=20, m=10)
    votes = VoteMatrix.from_dense(dense)
    model = OpinionModel.fit(votes)
    before = model.analysis
    row = int(np.flatnonzero(np.isnan(dense[:, 5]))[0])
    after = model.record_vote(int(votes.participant_ids[row]), 5, 1)

    cols, vals = model.row_votes(row)
    assert 5 in cols.tolist()
    np.testing.assert_allclose(after.projection[row], project_one(cols, vals, fit(votes).basis))
    others = np.arange(len(dense)) != row
    np.testing.assert_array_equal(after.projection[others], before.projection[others])
    # The tallies are what a recount of the new matrix by the current groups gives.
    updated = dense.copy()
    updated[row, 5] = 1
    for g in range(len(after.groups)):
        members = after.group_ids == g
        col = updated[members, 5]
        n, a = int((~np.isnan(col)).sum()), int((col == 1).sum())
        assert after.agree_rate_by_group[g, 5] == pytest.approx((a + 1) / (n + 2))


def test_a_repeated_vote_replaces_the_earlier_one() -> None:
    dense, _ = planted(n_per_group=20, m=10)
    votes = VoteMatrix.from_dense(dense)
    model = OpinionModel.fit(votes)
    row = int(np.flatnonzero(dense[:, 4] == 1)[0])
    pid = int(votes.participant_ids[row])
    group = int(model.analysis.group_ids[row])
    before = model.analysis.agree_rate_by_group[group, 4]
    model.record_vote(pid, 4, -1)
    after = model.record_vote(pid, 4, -1)  # twice: still one vote
    cols, vals = model.row_votes(row)
    assert vals[cols.tolist().index(4)] == -1
    if after.group_ids[row] == group:
        n = int((after.group_ids == group).sum()) - int(
            np.isnan(dense[after.group_ids == group, 4]).sum()
        )
        assert after.agree_rate_by_group[group, 4] == pytest.approx(before - 1 / (n + 2))


def test_a_new_participant_joins_a_group_after_seven_votes() -> None:
    dense, _ = planted(n_per_group=20, m=10)
    model = OpinionModel.fit(VoteMatrix.from_dense(dense))
    for tid in range(6):
        analysis = model.record_vote(999, tid, 1)
    assert analysis.group_of(999) == -1
    analysis = model.record_vote(999, 6, 1)
    # Agreeing with everything puts them with the camp that agrees (row 0's camp).
    assert analysis.group_of(999) == analysis.group_ids[0]
    with pytest.raises(OpinionInputError, match="full recompute"):
        model.record_vote(999, 77, 1)


# --- invariants ---------------------------------------------------------------------------------

cells = st.sampled_from([1.0, -1.0, 0.0, NAN])


@st.composite
def vote_matrices(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(min_value=4, max_value=30))
    m = draw(st.integers(min_value=3, max_value=12))
    return np.array(draw(st.lists(st.lists(cells, min_size=m, max_size=m), min_size=n, max_size=n)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vote_matrices(), st.integers(min_value=0, max_value=3))
def test_same_input_and_seed_give_the_same_analysis(dense: np.ndarray, seed: int) -> None:
    a = analyze(VoteMatrix.from_dense(dense), seed=seed)
    b = analyze(VoteMatrix.from_dense(dense), seed=seed)
    np.testing.assert_array_equal(a.projection, b.projection)
    np.testing.assert_array_equal(a.group_ids, b.group_ids)
    assert a.repness == b.repness
    assert a.consensus_agree == b.consensus_agree
    assert a.bridging_statements == b.bridging_statements


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vote_matrices())
def test_bridging_never_exceeds_any_groups_agree_rate(dense: np.ndarray) -> None:
    a = analyze(VoteMatrix.from_dense(dense))
    assert (a.bridging[None, :] <= a.agree_rate_by_group + 1e-15).all()
    assert ((a.bridging > 0) & (a.bridging < 1)).all()
    if a.groups:
        assert np.allclose(a.group_aware_consensus, a.agree_rate_by_group.prod(axis=0))


# Deterministic (derandomized, the permutation drawn by Hypothesis itself): the same examples
# every run, so a failure is reproduced rather than a flake.
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(vote_matrices(), st.data())
def test_permuting_participants_permutes_projection_and_groups(
    dense: np.ndarray, data: st.DataObject
) -> None:
    votes = VoteMatrix.from_dense(dense)
    base_fit = fit(votes)
    # A tie between the top two eigenvalues leaves the axes undetermined: no order is "right".
    z = np.where(np.isnan(dense), 0.0, dense - np.nan_to_num(base_fit.basis.center))
    z[:, ~base_fit.basis.active] = 0.0
    eig = np.sort(np.linalg.eigvalsh(z.T @ z))[::-1]
    assume(len(eig) < 3 or (eig[0] - eig[1] > 1e-6 and eig[1] - eig[2] > 1e-6))
    perm = np.array(data.draw(st.permutations(range(len(dense)))))
    a = base_fit.analysis
    b = analyze(VoteMatrix.from_dense(dense[perm], participant_ids=perm.tolist()))
    np.testing.assert_allclose(b.projection, a.projection[perm], atol=1e-8)
    # Groups are numbered by size, so the same partition gets the same ids.
    np.testing.assert_array_equal(b.group_ids, a.group_ids[perm])


def test_an_axis_with_two_equal_loadings_keeps_its_sign_when_participants_are_reordered() -> None:
    # Statements 2 and 3 load the first axis equally and oppositely (±0.7071): which of the two
    # is "largest" is floating-point noise, and reordering participants changes that noise.
    dense = np.array(
        [
            [0.0, 0.0, 0.0, 0.0],
            [-1.0, 1.0, 0.0, np.nan],
            [-1.0, 0.0, 1.0, 0.0],
            [-1.0, 0.0, 1.0, 0.0],
            [-1.0, 1.0, 0.0, np.nan],
        ]
    )
    a = analyze(VoteMatrix.from_dense(dense))
    for perm in itertools.permutations(range(len(dense))):
        order = np.array(perm)
        b = analyze(VoteMatrix.from_dense(dense[order], participant_ids=list(perm)))
        np.testing.assert_allclose(b.projection, a.projection[order], atol=1e-12)
    # The first of the tied loadings, in statement order, is the positive one.
    assert a.statement_projection[1, 0] > 0 > a.statement_projection[2, 0]


def test_settings_default_to_polis() -> None:
    s = OpinionSettings()
    assert (s.min_votes, s.base_k, s.max_k, s.pick_max, s.confidence) == (7, 100, 5, 5, 0.9)
