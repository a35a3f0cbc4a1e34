"""Propose reviewers for a whole call at once, as an optimisation problem.

Plain data in, a `Proposal` out: the caller turns it into invitations. Nothing here touches the
database.

The problem is a min-cost flow: each case offers as many slots as it still needs, each reviewer
takes at most their spare capacity, and a reviewer–case pair is allowed only if the reviewer reads
the case's language, has no conflict with it and is not already on it. The goals, in strict order:

1. Fill as many slots as possible.
2. Among those, spread the work evenly: the k-th case given to a reviewer costs `open_load + k`, so
   each extra case costs more than the one before. Minimising that convex cost makes the loads as
   even as the eligibility allows (it also minimises the heaviest load).
3. Among those, prefer reviewers whose expertise matches the case (affinity 0..1).

Goal 1 is solved first and then fixed as a constraint. Goals 2 and 3 share one objective: load
costs are whole numbers, and the affinity term is scaled so that its total stays below 1, so no
amount of affinity can outweigh one step of load balance.

Because the constraint matrix is that of a network flow, the linear relaxation already has
integral optimal vertices; `milp` with integrality is used anyway so that a fractional answer can
never come back. Inputs are sorted by id before the model is built and HiGHS is deterministic, so
the same call always gets the same proposal, whatever order the inputs come in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp


@dataclass(frozen=True)
class CaseNeed:
    case_id: int
    language: str
    reviewers_needed: int
    already_assigned: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Candidate:
    reviewer_id: int
    languages: frozenset[str]
    # How many more cases this reviewer can take now: maximum load minus open assignments.
    capacity: int
    # Open assignments they already carry, so balancing counts them; 0 balances new cases only.
    open_load: int = 0


@dataclass
class Proposal:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (case_id, reviewer_id), sorted
    unfilled: dict[int, int] = field(default_factory=dict)  # case_id -> slots nobody could take
    loads: dict[int, int] = field(default_factory=dict)  # reviewer_id -> new cases, every candidate


class MatchingError(RuntimeError):
    """The solver failed on a problem that is always feasible (assigning nobody is a solution)."""


def propose_assignment(
    cases: Iterable[CaseNeed],
    candidates: Iterable[Candidate],
    *,
    conflicts: Iterable[tuple[int, int]] = frozenset(),
    affinity: Mapping[tuple[int, int], float] | None = None,
) -> Proposal:
    """Assign new reviewers to `cases` from `candidates`; see the module docstring for the goals.

    `conflicts` holds (case_id, reviewer_id) pairs that must never be proposed; `affinity` maps
    (case_id, reviewer_id) to an expertise match in 0..1, missing pairs counting as 0. A case that
    cannot get all its reviewers is reported in `unfilled` with the number missing.
    """
    cases = sorted(cases, key=lambda case: case.case_id)
    candidates = sorted(candidates, key=lambda candidate: candidate.reviewer_id)
    _check_unique([case.case_id for case in cases], "case")
    _check_unique([candidate.reviewer_id for candidate in candidates], "reviewer")
    conflicts = set(conflicts)
    affinity = affinity or {}
    if any(not 0 <= value <= 1 for value in affinity.values()):
        raise ValueError("affinity values must lie in 0..1")

    slots = {case.case_id: max(0, case.reviewers_needed - len(case.already_assigned)) for case in cases}
    # A negative capacity (already over the maximum) simply means no new work.
    capacity = {candidate.reviewer_id: max(0, candidate.capacity) for candidate in candidates}
    eligible = [
        (case.case_id, candidate.reviewer_id)
        for case in cases
        if slots[case.case_id]
        for candidate in candidates
        if capacity[candidate.reviewer_id]
        and case.language in candidate.languages
        and candidate.reviewer_id not in case.already_assigned
        and (case.case_id, candidate.reviewer_id) not in conflicts
    ]

    chosen = _solve(eligible, slots, candidates, capacity, affinity) if eligible else []

    given = dict.fromkeys(slots, 0)
    loads = {candidate.reviewer_id: 0 for candidate in candidates}
    for case_id, reviewer_id in chosen:
        given[case_id] += 1
        loads[reviewer_id] += 1
    unfilled = {case_id: slots[case_id] - given[case_id] for case_id in slots if slots[case_id] > given[case_id]}
    return Proposal(pairs=chosen, unfilled=unfilled, loads=loads)


def _check_unique(ids: list[int], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError("each %s may appear only once" % what)


def _solve(
    eligible: list[tuple[int, int]],
    slots: dict[int, int],
    candidates: list[Candidate],
    capacity: dict[int, int],
    affinity: Mapping[tuple[int, int], float],
) -> list[tuple[int, int]]:
    """Lexicographic optimum over the eligible pairs; returns the chosen pairs in `eligible` order."""
    n_pairs = len(eligible)
    case_ids = sorted({case_id for case_id, _ in eligible})
    reviewer_ids = sorted({reviewer_id for _, reviewer_id in eligible})
    case_row = {case_id: row for row, case_id in enumerate(case_ids)}
    reviewer_row = {reviewer_id: row for row, reviewer_id in enumerate(reviewer_ids)}
    pair_index = np.arange(n_pairs)
    per_case = sparse.csr_array(
        (np.ones(n_pairs), ([case_row[c] for c, _ in eligible], pair_index)), shape=(len(case_ids), n_pairs)
    )
    per_reviewer = sparse.csr_array(
        (np.ones(n_pairs), ([reviewer_row[r] for _, r in eligible], pair_index)),
        shape=(len(reviewer_ids), n_pairs),
    )
    case_slots = np.array([slots[case_id] for case_id in case_ids], dtype=float)
    eligible_count = np.asarray(per_reviewer.sum(axis=1)).ravel()
    # More than the cases they are eligible for can never be used, so the load steps stop there.
    usable = {r: int(min(capacity[r], eligible_count[reviewer_row[r]])) for r in reviewer_ids}
    reviewer_capacity = np.array([usable[r] for r in reviewer_ids], dtype=float)

    # Goal 1: the largest number of slots that can be filled.
    fill = _milp(
        -np.ones(n_pairs),
        [LinearConstraint(per_case, 0, case_slots), LinearConstraint(per_reviewer, 0, reviewer_capacity)],
    )
    filled = round(-fill.fun)
    if filled == 0:
        return []

    # Goals 2 and 3: load steps y[r, k] (1 when reviewer r gets a k-th case) priced open_load + k.
    open_load = {candidate.reviewer_id: candidate.open_load for candidate in candidates}
    step_owner: list[int] = []
    step_cost: list[float] = []
    for reviewer_id in reviewer_ids:
        for k in range(1, usable[reviewer_id] + 1):
            step_owner.append(reviewer_row[reviewer_id])
            step_cost.append(open_load[reviewer_id] + k)
    n_steps = len(step_owner)
    steps = sparse.csr_array((-np.ones(n_steps), (step_owner, np.arange(n_steps))), shape=(len(reviewer_ids), n_steps))
    # Total affinity is at most `filled`, so this weight keeps it below one unit of load cost.
    affinity_weight = 1.0 / (filled + 1)
    pair_cost = np.array([-affinity_weight * affinity.get(pair, 0.0) for pair in eligible])
    zeros_for_steps = sparse.csr_array((len(case_ids), n_steps))
    constraints = [
        LinearConstraint(sparse.hstack([per_case, zeros_for_steps]), 0, case_slots),
        # Each reviewer's load equals the number of load steps they use.
        LinearConstraint(sparse.hstack([per_reviewer, steps]), 0, 0),
        LinearConstraint(
            sparse.csr_array(np.concatenate([np.ones(n_pairs), np.zeros(n_steps)])[np.newaxis, :]), filled, filled
        ),
    ]
    balanced = _milp(np.concatenate([pair_cost, np.array(step_cost)]), constraints)
    return [pair for pair, value in zip(eligible, balanced.x[:n_pairs], strict=True) if value > 0.5]


def _milp(cost: np.ndarray, constraints: list[LinearConstraint]) -> OptimizeResult:
    result = milp(
        cost,
        constraints=constraints,
        integrality=np.ones(len(cost)),
        bounds=Bounds(0, 1),
        # The default relative gap (1e-4) could stop before the small affinity term is optimised.
        options={"mip_rel_gap": 0},
    )
    if not result.success:
        raise MatchingError("assignment solver failed: %s" % result.message)
    return result
