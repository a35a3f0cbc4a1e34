"""How review scores are combined: per review, per case, and calibrated for each reviewer's habits.

Everything here works on plain numbers, so it can be tested and explained without the database.

**Score of one review.** Each criterion of the rubric has a weight. The review's score is the
weighted average of the criteria the reviewer actually scored. A criterion marked "not applicable"
is left out, never counted as zero: its weight is dropped and the other weights are scaled up so
they still add up to the whole. A review that scored no criterion has no score.

**Score of a case.** The plain average of its reviews' scores.

**Calibrated score.** Some reviewers are harsh and some lenient; some use the whole scale and some
only its middle. Once a reviewer has written at least five reviews (over all calls), we know their
habits well enough to correct for them:

1. For that reviewer we take the average and the spread (standard deviation) of all their scores.
2. Each of their scores is restated as "how many of their own spreads above or below their own
   average" it lies. A reviewer's 4 is worth more if they usually give 2 than if they usually give 4.
3. That position is put back on the common scale: the average of all reviews, plus the position
   times the common spread. The common spread is how far, on average (root mean square), a review
   lies from its own reviewer's average, over the calibrated reviewers. (We do not use the plain
   spread of all scores: it also contains the differences in leniency we are removing, and would
   push every calibrated score away from the middle.)
4. The result is kept within the scale (1 to 5).

Two guards keep this honest. A reviewer whose scores barely vary would have tiny differences blown
up into huge ones, so their spread is counted as at least half the common spread: their differences
are never magnified more than twice. A reviewer who gave every case the same score tells us nothing
about which case is better, so all their scores become the common average: neither help nor harm.
Reviewers with fewer than five reviews keep their own scores.

A case's calibrated score is the average of its reviews' calibrated scores.

**Disagreement.** A case is flagged when its highest and lowest review scores are 1.5 points or more
apart, so the editor reads the reviews before deciding.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

# A spread of 1.5 on a 1–5 scale: two careful reviewers often land on neighbouring anchors (one
# point apart) for the same work, which is normal noise. Half a point more means their weighted
# averages sit more than a whole anchor apart — typically one below the midpoint (3) and one above
# it, i.e. one would reject and the other accept — which is worth an editor's look.
DISAGREEMENT_THRESHOLD = 1.5
MIN_REVIEWS_FOR_CALIBRATION = 5
# Caps how much a near-constant reviewer's differences are magnified (see the module docstring).
MAX_STRETCH = 2.0


@dataclass(frozen=True)
class ReviewPoint:
    """One submitted review reduced to what calibration needs; `key` is whatever identifies it (a pk)."""

    key: Hashable
    reviewer_id: int
    case_id: int
    score: float


def weighted_score(scores: dict[int, float | None], weights: dict[int, float]) -> float | None:
    """Weighted mean of the scored criteria; None (N/A) drops that criterion's weight.

    `scores` and `weights` are keyed by criterion id. A criterion in `weights` but not in `scores` is
    treated as N/A too. Returns None when no criterion with a positive weight was scored.
    """
    unknown = scores.keys() - weights.keys()
    if unknown:
        # A score for a criterion outside the rubric means the caller mixed up rubrics.
        raise ValueError("scores for criteria not in the rubric: %s" % sorted(unknown))
    if any(weight < 0 for weight in weights.values()):
        raise ValueError("criterion weights must not be negative")
    scored = [(score, weights[criterion]) for criterion, score in scores.items() if score is not None]
    total_weight = sum(weight for _, weight in scored)
    if total_weight == 0:
        return None
    return sum(score * weight for score, weight in scored) / total_weight


def case_mean(review_scores: Iterable[float | None]) -> float | None:
    """Mean of a case's review scores; a review without a score (None) is skipped, not counted as 0."""
    present = [score for score in review_scores if score is not None]
    if not present:
        return None
    return statistics.fmean(present)


def calibrate(
    reviews: Iterable[ReviewPoint],
    *,
    min_reviews: int = MIN_REVIEWS_FOR_CALIBRATION,
    scale: tuple[float, float] = (1, 5),
    max_stretch: float = MAX_STRETCH,
) -> dict[Hashable, float]:
    """Each review's score with its reviewer's leniency removed, keyed by `ReviewPoint.key`.

    Pass every review the reviewers have written (not only the current call's): a reviewer's mean
    and spread are taken over whatever is passed. The formula is in the module docstring.
    """
    reviews = list(reviews)
    if min_reviews < 2:
        raise ValueError("min_reviews must be at least 2: one review has no spread")
    if max_stretch < 1:
        raise ValueError("max_stretch must be at least 1")
    low, high = scale
    if low >= high:
        raise ValueError("scale must be (low, high) with low < high")
    keys = [review.key for review in reviews]
    if len(set(keys)) != len(keys):
        raise ValueError("review keys must be unique")
    if not reviews:
        return {}

    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for review in reviews:
        by_reviewer[review.reviewer_id].append(review.score)
    # Population statistics: a calibrated reviewer's scores then have exactly the common mean and spread.
    habits = {
        reviewer: (statistics.fmean(scores), statistics.pstdev(scores))
        for reviewer, scores in by_reviewer.items()
        if len(scores) >= min_reviews
    }
    common_mean = statistics.fmean(review.score for review in reviews)
    squared_deviations = [
        (review.score - habits[review.reviewer_id][0]) ** 2 for review in reviews if review.reviewer_id in habits
    ]
    common_spread = math.sqrt(statistics.fmean(squared_deviations)) if squared_deviations else 0.0

    calibrated: dict[Hashable, float] = {}
    for review in reviews:
        if review.reviewer_id not in habits:
            calibrated[review.key] = review.score
            continue
        mean, spread = habits[review.reviewer_id]
        spread = max(spread, common_spread / max_stretch)
        position = (review.score - mean) / spread if spread > 0 else 0.0
        calibrated[review.key] = min(high, max(low, common_mean + common_spread * position))
    return calibrated


def calibrated_case_scores(
    reviews: Iterable[ReviewPoint],
    *,
    min_reviews: int = MIN_REVIEWS_FOR_CALIBRATION,
    scale: tuple[float, float] = (1, 5),
    max_stretch: float = MAX_STRETCH,
) -> dict[int, float]:
    """Mean calibrated review score per case id, for every case that appears in `reviews`."""
    reviews = list(reviews)
    calibrated = calibrate(reviews, min_reviews=min_reviews, scale=scale, max_stretch=max_stretch)
    by_case: dict[int, list[float]] = defaultdict(list)
    for review in reviews:
        by_case[review.case_id].append(calibrated[review.key])
    return {case_id: statistics.fmean(scores) for case_id, scores in by_case.items()}


def disagreement(review_scores: Iterable[float | None], *, threshold: float = DISAGREEMENT_THRESHOLD) -> bool:
    """True when a case's review scores span at least `threshold` points (reviews without a score are skipped)."""
    present = [score for score in review_scores if score is not None]
    if len(present) < 2:
        return False
    # Weighted means carry float noise (4.1 - 2.6 < 1.5); a spread that equals the threshold counts.
    return max(present) - min(present) >= threshold - 1e-9
