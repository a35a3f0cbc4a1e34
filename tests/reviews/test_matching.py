"""Bulk reviewer assignment: every hard constraint, fill first, then balance, then affinity."""

import random
import time
from collections import Counter

import numpy as np
import pytest
from scipy import sparse
from scipy.sparse.csgraph import maximum_flow

from reviews.matching import Candidate, CaseNeed, Proposal, propose_assignment

LANGUAGES = ["en", "fr", "es", "ar", "ru", "pt"]


def generate_call(seed, *, n_cases=200, n_reviewers=40, capacity=(4, 8)):
    """A call like a real one: 4-6 languages, readers of 1-3 of them, ~5% conflicts, 2-3 reviewers a case."""
    rng = random.Random(seed)
    languages = LANGUAGES[: rng.randint(4, 6)]
    candidates = [
        Candidate(reviewer_id, frozenset(rng.sample(languages, rng.randint(1, 3))), rng.randint(*capacity))
        for reviewer_id in range(1, n_reviewers + 1)
    ]
    cases = []
    for case_id in range(1001, 1001 + n_cases):
        # One case in five already has a reviewer from an earlier round of invitations.
        already = frozenset(rng.sample(range(1, n_reviewers + 1), 1)) if rng.random() < 0.2 else frozenset()
        cases.append(CaseNeed(case_id, rng.choice(languages), rng.randint(2, 3), already))
    conflicts = {(case.case_id, c.reviewer_id) for case in cases for c in candidates if rng.random() < 0.05}
    affinity = {
        (case.case_id, c.reviewer_id): round(rng.random(), 2)
        for case in cases
        for c in candidates
        if rng.random() < 0.3
    }
    return cases, candidates, conflicts, affinity


def is_eligible(case, candidate, conflicts):
    return (
        case.language in candidate.languages
        and candidate.reviewer_id not in case.already_assigned
        and (case.case_id, candidate.reviewer_id) not in conflicts
    )


def slots(case):
    return max(0, case.reviewers_needed - len(case.already_assigned))


def max_fill(cases, candidates, conflicts):
    """The most slots any assignment can fill, by an independent max-flow computation."""
    source, sink = 0, 1 + len(cases) + len(candidates)
    case_node = {case.case_id: 1 + i for i, case in enumerate(cases)}
    reviewer_node = {c.reviewer_id: 1 + len(cases) + i for i, c in enumerate(candidates)}
    edges = [(source, case_node[case.case_id], slots(case)) for case in cases]
    edges += [(reviewer_node[c.reviewer_id], sink, max(0, c.capacity)) for c in candidates]
    edges += [
        (case_node[case.case_id], reviewer_node[c.reviewer_id], 1)
        for case in cases
        for c in candidates
        if is_eligible(case, c, conflicts)
    ]
    tails, heads, caps = zip(*edges, strict=True)
    graph = sparse.csr_array((np.array(caps, dtype=np.int32), (tails, heads)), shape=(sink + 1, sink + 1))
    return maximum_flow(graph, source, sink).flow_value


def assert_valid(proposal: Proposal, cases, candidates, conflicts):
    case_by_id = {case.case_id: case for case in cases}
    candidate_by_id = {c.reviewer_id: c for c in candidates}

    assert proposal.pairs == sorted(proposal.pairs)
    assert len(set(proposal.pairs)) == len(proposal.pairs), "a reviewer proposed twice for one case"
    for case_id, reviewer_id in proposal.pairs:
        case, candidate = case_by_id[case_id], candidate_by_id[reviewer_id]
        assert case.language in candidate.languages, "reviewer cannot read the case"
        assert (case_id, reviewer_id) not in conflicts, "conflicted pair proposed"
        assert reviewer_id not in case.already_assigned, "reviewer already on the case"

    per_case = Counter(case_id for case_id, _ in proposal.pairs)
    for case in cases:
        assert per_case[case.case_id] <= slots(case), "case over-filled"
        assert proposal.unfilled.get(case.case_id, 0) == slots(case) - per_case[case.case_id]
    assert all(missing > 0 for missing in proposal.unfilled.values())

    per_reviewer = Counter(reviewer_id for _, reviewer_id in proposal.pairs)
    assert proposal.loads == {c.reviewer_id: per_reviewer[c.reviewer_id] for c in candidates}
    for candidate in candidates:
        assert proposal.loads[candidate.reviewer_id] <= max(0, candidate.capacity), "reviewer over capacity"


def assert_no_single_move_evens_loads(proposal, cases, candidates, conflicts):
    """No case can move from a reviewer to one with two or more fewer new cases who could take it."""
    case_by_id = {case.case_id: case for case in cases}
    loads = proposal.loads
    taken = set(proposal.pairs)
    for case_id, busy in proposal.pairs:
        for other in candidates:
            if (
                loads[other.reviewer_id] < other.capacity
                and (case_id, other.reviewer_id) not in taken
                and is_eligible(case_by_id[case_id], other, conflicts)
            ):
                assert loads[busy] - loads[other.reviewer_id] <= 1, (case_id, busy, other.reviewer_id)


def could_take_work(cases, candidates, conflicts):
    return [
        c
        for c in candidates
        if c.capacity > 0 and any(slots(case) and is_eligible(case, c, conflicts) for case in cases)
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_generated_call_meets_every_constraint(seed, capsys):
    cases, candidates, conflicts, affinity = generate_call(seed)

    started = time.perf_counter()
    proposal = propose_assignment(cases, candidates, conflicts=conflicts, affinity=affinity)
    elapsed = time.perf_counter() - started

    assert_valid(proposal, cases, candidates, conflicts)
    assert len(proposal.pairs) == max_fill(cases, candidates, conflicts)
    # With 2-3 reviewers a case and capacities of 4-8, demand exceeds what 40 reviewers can take, so
    # filling first leaves no one idle who could have taken an unfilled case.
    for candidate in candidates:
        if proposal.loads[candidate.reviewer_id] < candidate.capacity:
            assert not any(
                case.case_id in proposal.unfilled
                and is_eligible(case, candidate, conflicts)
                and (case.case_id, candidate.reviewer_id) not in proposal.pairs
                for case in cases
            )
    assert_no_single_move_evens_loads(proposal, cases, candidates, conflicts)
    with capsys.disabled():
        print("\n200 cases x 40 reviewers (seed %d): %d pairs in %.3f s" % (seed, len(proposal.pairs), elapsed))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_when_capacity_is_ample_the_load_is_spread_evenly(seed):
    cases, candidates, conflicts, affinity = generate_call(seed, capacity=(15, 20))

    proposal = propose_assignment(cases, candidates, conflicts=conflicts, affinity=affinity)

    assert_valid(proposal, cases, candidates, conflicts)
    assert len(proposal.pairs) == max_fill(cases, candidates, conflicts)
    assert_no_single_move_evens_loads(proposal, cases, candidates, conflicts)
    loads = [proposal.loads[c.reviewer_id] for c in could_take_work(cases, candidates, conflicts)]
    assert max(loads) - min(loads) <= 1


def test_capacity_is_respected_and_the_rest_is_spread():
    # Three reviewers can take one case each; the other two share what remains equally.
    candidates = [Candidate(r, frozenset({"en"}), 1) for r in (1, 2, 3)] + [
        Candidate(r, frozenset({"en"}), 10) for r in (4, 5)
    ]
    cases = [CaseNeed(c, "en", 1) for c in range(1, 10)]
    proposal = propose_assignment(cases, candidates)
    assert proposal.loads == {1: 1, 2: 1, 3: 1, 4: 3, 5: 3}
    assert proposal.unfilled == {}


def test_a_language_nobody_reads_is_reported_unfilled():
    candidates = [Candidate(1, frozenset({"en", "fr"}), 5), Candidate(2, frozenset({"fr"}), 5)]
    cases = [
        CaseNeed(1, "en", 2),  # one reader only
        CaseNeed(2, "ar", 3),  # no reader at all
        CaseNeed(3, "fr", 2),
    ]
    proposal = propose_assignment(cases, candidates)
    assert proposal.unfilled == {1: 1, 2: 3}
    assert proposal.pairs == [(1, 1), (3, 1), (3, 2)]


def test_nobody_eligible_at_all_needs_no_solver():
    proposal = propose_assignment([CaseNeed(1, "ar", 2)], [Candidate(1, frozenset({"en"}), 3)])
    assert proposal == Proposal(pairs=[], unfilled={1: 2}, loads={1: 0})
    assert propose_assignment([], []) == Proposal()


def test_conflicts_and_existing_reviewers_are_never_proposed():
    candidates = [Candidate(r, frozenset({"en"}), 5) for r in (1, 2, 3)]
    cases = [CaseNeed(1, "en", 3, already_assigned=frozenset({1}))]
    proposal = propose_assignment(cases, candidates, conflicts={(1, 2)})
    assert proposal.pairs == [(1, 3)]
    assert proposal.unfilled == {1: 1}


def test_a_case_with_all_its_reviewers_gets_none():
    candidates = [Candidate(r, frozenset({"en"}), 5) for r in (1, 2, 3)]
    cases = [CaseNeed(1, "en", 2, already_assigned=frozenset({1, 2}))]
    assert propose_assignment(cases, candidates) == Proposal(pairs=[], unfilled={}, loads={1: 0, 2: 0, 3: 0})


def test_no_capacity_means_no_new_work():
    candidates = [Candidate(1, frozenset({"en"}), 0), Candidate(2, frozenset({"en"}), -2)]
    proposal = propose_assignment([CaseNeed(1, "en", 1)], candidates)
    assert proposal.pairs == []
    assert proposal.unfilled == {1: 1}


def test_filling_comes_before_balance():
    # Only reviewer 1 reads English, so all three English cases go to them while reviewer 2 gets one.
    candidates = [Candidate(1, frozenset({"en", "fr"}), 3), Candidate(2, frozenset({"fr"}), 3)]
    cases = [CaseNeed(1, "en", 1), CaseNeed(2, "en", 1), CaseNeed(3, "en", 1), CaseNeed(4, "fr", 1)]
    proposal = propose_assignment(cases, candidates)
    assert proposal.pairs == [(1, 1), (2, 1), (3, 1), (4, 2)]


@pytest.mark.parametrize("expert", [1, 2])
def test_affinity_breaks_ties(expert):
    candidates = [Candidate(1, frozenset({"en"}), 3), Candidate(2, frozenset({"en"}), 3)]
    proposal = propose_assignment([CaseNeed(1, "en", 1)], candidates, affinity={(1, expert): 0.9})
    assert proposal.pairs == [(1, expert)]


def test_affinity_does_not_outweigh_balance():
    # Reviewer 1 is the better match for both cases, but each reviewer still gets one; affinity
    # decides which: reviewer 2 gets the case they match somewhat.
    candidates = [Candidate(1, frozenset({"en"}), 3), Candidate(2, frozenset({"en"}), 3)]
    cases = [CaseNeed(1, "en", 1), CaseNeed(2, "en", 1)]
    affinity = {(1, 1): 1.0, (2, 1): 1.0, (1, 2): 0.5}
    proposal = propose_assignment(cases, candidates, affinity=affinity)
    assert proposal.pairs == [(1, 2), (2, 1)]


def test_open_load_counts_towards_balance():
    # Reviewer 2 already carries three open reviews, so reviewer 1 takes all three new cases.
    candidates = [Candidate(1, frozenset({"en"}), 5), Candidate(2, frozenset({"en"}), 5, open_load=3)]
    cases = [CaseNeed(c, "en", 1) for c in (1, 2, 3)]
    assert propose_assignment(cases, candidates).loads == {1: 3, 2: 0}


def test_the_same_call_always_gets_the_same_proposal():
    cases, candidates, conflicts, affinity = generate_call(4)
    first = propose_assignment(cases, candidates, conflicts=conflicts, affinity=affinity)
    rng = random.Random(0)
    rng.shuffle(cases)
    rng.shuffle(candidates)
    again = propose_assignment(cases, candidates, conflicts=conflicts, affinity=affinity)
    assert again == first


@pytest.mark.parametrize(
    "cases, candidates, affinity",
    [
        ([CaseNeed(1, "en", 1), CaseNeed(1, "fr", 1)], [], None),
        ([], [Candidate(1, frozenset({"en"}), 1), Candidate(1, frozenset({"fr"}), 1)], None),
        ([CaseNeed(1, "en", 1)], [Candidate(1, frozenset({"en"}), 1)], {(1, 1): 1.5}),
    ],
)
def test_bad_input_is_refused(cases, candidates, affinity):
    with pytest.raises(ValueError):
        propose_assignment(cases, candidates, affinity=affinity)
