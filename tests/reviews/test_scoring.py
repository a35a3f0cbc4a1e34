"""Aggregation of review scores: plain numbers in, no database."""

import pytest

from reviews.scoring import (
    ReviewPoint,
    calibrate,
    calibrated_case_scores,
    case_mean,
    disagreement,
    weighted_score,
)

WEIGHTS = {1: 2.0, 2: 1.0, 3: 1.0}


def points(reviewer_id, scores_by_case):
    return [
        ReviewPoint((reviewer_id, case_id), reviewer_id, case_id, score) for case_id, score in scores_by_case.items()
    ]


# weighted_score


def test_weighted_score_is_the_weighted_mean():
    assert weighted_score({1: 4, 2: 2, 3: 5}, WEIGHTS) == pytest.approx((8 + 2 + 5) / 4)


def test_not_applicable_drops_the_weight_instead_of_counting_zero():
    # With N/A read as 0 this would be (8 + 0 + 5) / 4 = 3.25; renormalised over weights 2 + 1 it is 13 / 3.
    assert weighted_score({1: 4, 2: None, 3: 5}, WEIGHTS) == pytest.approx(13 / 3)


def test_a_criterion_left_out_counts_as_not_applicable():
    assert weighted_score({1: 4, 3: 5}, WEIGHTS) == weighted_score({1: 4, 2: None, 3: 5}, WEIGHTS)


def test_all_criteria_not_applicable_gives_no_score():
    assert weighted_score({1: None, 2: None, 3: None}, WEIGHTS) is None
    assert weighted_score({}, WEIGHTS) is None


def test_only_zero_weight_criteria_scored_gives_no_score():
    assert weighted_score({1: None, 4: 5}, {1: 1.0, 4: 0.0}) is None


def test_a_score_for_a_criterion_outside_the_rubric_is_refused():
    with pytest.raises(ValueError, match="not in the rubric"):
        weighted_score({1: 4, 9: 3}, WEIGHTS)


def test_negative_weights_are_refused():
    with pytest.raises(ValueError):
        weighted_score({1: 4}, {1: -1.0})


# case_mean


def test_case_mean():
    assert case_mean([2.0, 3.0, 4.5]) == pytest.approx(3.1666666)
    assert case_mean([]) is None


def test_case_mean_skips_reviews_without_a_score():
    assert case_mean([4.0, None, 2.0]) == pytest.approx(3.0)
    assert case_mean([None]) is None


# calibrate

# True quality of six cases; the harsh reviewer sits 0.75 below it, the lenient one 0.75 above.
QUALITY = {1: 1.8, 2: 2.4, 3: 3.0, 4: 3.2, 5: 3.6, 6: 4.2}
HARSH = {case: quality - 0.75 for case, quality in QUALITY.items()}
LENIENT = {case: quality + 0.75 for case, quality in QUALITY.items()}


def test_harsh_and_lenient_reviewers_agree_after_calibration():
    reviews = points(1, HARSH) + points(2, LENIENT)
    raw_gap = [LENIENT[case] - HARSH[case] for case in QUALITY]
    assert raw_gap == pytest.approx([1.5] * 6)

    calibrated = calibrate(reviews)

    for case, quality in QUALITY.items():
        assert calibrated[(1, case)] == pytest.approx(calibrated[(2, case)], abs=0.05)
        # When reviewers differ only by an offset, calibration gives back the cases' own quality.
        assert calibrated[(1, case)] == pytest.approx(quality, abs=0.05)


def test_reviewers_who_differ_in_offset_and_spread_agree_after_calibration():
    # The lenient reviewer also squeezes everything into the top of the scale.
    squeezed = {case: 3.8 + (quality - 3.0) * 0.6 for case, quality in QUALITY.items()}
    wide = {case: 1.0 + (quality - 1.8) * 1.2 for case, quality in QUALITY.items()}
    reviews = points(1, wide) + points(2, squeezed)

    calibrated = calibrate(reviews)

    assert max(abs(wide[case] - squeezed[case]) for case in QUALITY) >= 1.5
    for case in QUALITY:
        assert calibrated[(1, case)] == pytest.approx(calibrated[(2, case)], abs=0.05)


def test_calibration_keeps_each_reviewers_order_of_preference():
    reviews = points(1, HARSH) + points(2, LENIENT) + points(3, {1: 5, 2: 4, 3: 4, 4: 2, 5: 1})
    calibrated = calibrate(reviews)
    for reviewer, raw in ((1, HARSH), (2, LENIENT)):
        by_raw = sorted(raw, key=raw.get)
        assert [calibrated[(reviewer, case)] for case in by_raw] == sorted(calibrated[(reviewer, case)] for case in raw)


@pytest.mark.parametrize("own_reviews, calibrated_expected", [(4, False), (5, True)])
def test_calibration_starts_at_the_fifth_review(own_reviews, calibrated_expected):
    lenient = points(1, dict.fromkeys(range(1, own_reviews), 4.5) | {own_reviews: 5.0})
    others = points(2, dict(enumerate([1, 2, 3, 2, 1, 2], start=10)))
    calibrated = calibrate(lenient + others)
    # With four reviews their scores stay as given; with five they are restated on the common scale.
    raw_kept = all(calibrated[review.key] == review.score for review in lenient)
    assert raw_kept is not calibrated_expected
    if calibrated_expected:
        assert calibrated[(1, own_reviews)] < 5.0


def test_min_reviews_is_a_parameter():
    reviews = points(1, {1: 4.5, 2: 5.0}) + points(2, {3: 1.0, 4: 2.0})
    assert calibrate(reviews) == {review.key: review.score for review in reviews}
    assert calibrate(reviews, min_reviews=2) != {review.key: review.score for review in reviews}


def test_min_reviews_below_two_is_refused():
    with pytest.raises(ValueError):
        calibrate([], min_reviews=1)


def test_calibrated_scores_are_clipped_to_the_scale():
    # Reviewer 1 almost always gives 1, so their single 5 is far above their own habit.
    outlier = points(1, {1: 1, 2: 1, 3: 1, 4: 1, 5: 5})
    newcomer = points(2, {6: 5, 7: 5, 8: 5})  # too few reviews to calibrate, but moves the common mean to 3
    calibrated = calibrate(outlier + newcomer)

    # common mean 3, common spread 1.6 (reviewer 1's own), position of the 5 is +2 -> 6.2 before clipping.
    assert calibrated[(1, 5)] == 5.0
    assert calibrated[(1, 1)] == pytest.approx(3 - 1.6 * 0.5)
    assert calibrate(outlier + newcomer, scale=(0, 10))[(1, 5)] == pytest.approx(6.2)


def test_calibrated_scores_are_clipped_at_the_bottom_too():
    outlier = points(1, {1: 5, 2: 5, 3: 5, 4: 5, 5: 1})
    newcomer = points(2, {6: 1, 7: 1, 8: 1})
    assert calibrate(outlier + newcomer)[(1, 5)] == 1.0


def test_a_reviewer_who_gives_everything_the_same_score_becomes_neutral():
    flat = points(1, dict.fromkeys(range(1, 6), 5.0))
    varied = points(2, dict(enumerate([1, 2, 3, 4, 5], start=1)))
    reviews = flat + varied
    calibrated = calibrate(reviews)
    common_mean = sum(review.score for review in reviews) / len(reviews)
    assert all(calibrated[review.key] == pytest.approx(common_mean) for review in flat)


def test_a_near_constant_reviewer_is_stretched_at_most_twice():
    almost_flat = points(1, {1: 4.0, 2: 4.0, 3: 4.0, 4: 4.0, 5: 4.2})
    varied = points(2, dict(enumerate([1, 2, 3, 4, 5], start=1)))
    reviews = almost_flat + varied
    calibrated = calibrate(reviews)
    spread_after = calibrated[(1, 5)] - calibrated[(1, 1)]
    # Without the floor on their spread, 0.2 raw would become about 2.5 points (their pstdev is 0.08).
    assert spread_after == pytest.approx(0.4)


def test_calibrate_refuses_duplicate_keys():
    review = ReviewPoint(1, 1, 1, 3.0)
    with pytest.raises(ValueError):
        calibrate([review, review])


def test_calibrate_of_nothing_is_empty():
    assert calibrate([]) == {}
    assert calibrated_case_scores([]) == {}


def test_calibrated_case_scores_average_each_cases_calibrated_reviews():
    reviews = points(1, HARSH) + points(2, LENIENT) + points(3, {1: 2.0, 7: 4.0})
    calibrated = calibrate(reviews)
    by_case = calibrated_case_scores(reviews)
    assert set(by_case) == set(QUALITY) | {7}
    assert by_case[1] == pytest.approx((calibrated[(1, 1)] + calibrated[(2, 1)] + 2.0) / 3)
    assert by_case[7] == 4.0  # reviewer 3 has two reviews: raw


# disagreement


@pytest.mark.parametrize(
    "scores, expected",
    [
        ([2.5, 4.0], True),
        ([1.0, 3.0, 3.5], True),
        ([4.1, 2.6], True),  # exactly 1.5 apart, despite float noise
        ([3.0, 4.4], False),
        ([3.0, 3.5, 4.0], False),
        ([1.0], False),
        ([], False),
        ([1.0, None], False),
    ],
)
def test_disagreement(scores, expected):
    assert disagreement(scores) is expected


def test_disagreement_threshold_is_a_parameter():
    assert disagreement([3.0, 4.0], threshold=1.0) is True
    assert disagreement([2.5, 4.0], threshold=2.0) is False
