"""Reads that shape the editor's and the reviewer's pages."""

from dataclasses import dataclass, field
from statistics import median

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.conflicts import conflict_pairs
from reviews.models import Assignment, Review, ReviewCase, ReviewerProfile
from reviews.registry import get_owner
from reviews.scoring import ReviewPoint, calibrated_case_scores, case_mean, disagreement


@dataclass
class Suggestion:
    reviewer: object
    score: float
    reasons: list[str] = field(default_factory=list)
    open_load: int = 0
    max_load: int = 0


def reviewer_suggestions(case: ReviewCase, *, limit: int = 20) -> list[Suggestion]:
    """Approved, unconflicted reviewers not yet on this round, best match first, with the reasons."""
    themes = set(case.themes.values_list("pk", flat=True))
    forms = set(case.exploitation_forms.values_list("pk", flat=True))
    regions = set()
    for subregion_id, region_id in case.countries.values_list("subregion_id", "subregion__parent_id"):
        regions.update(pk for pk in (subregion_id, region_id) if pk)
    taken = set(Assignment.objects.filter(case=case, round=case.round).values_list("reviewer_id", flat=True))
    pool = ReviewerProfile.objects.filter(state=ReviewerProfile.State.APPROVED, user__is_active=True)
    reviewer_role = get_owner(case.owner).reviewer_role
    if reviewer_role:
        pool = pool.filter(user__groups__name=reviewer_role)
    profiles = (
        pool.exclude(user_id__in=taken)
        .select_related("user")
        .prefetch_related("themes", "exploitation_forms", "regions")
        .annotate(open_load=Count("user__assignments", filter=Q(user__assignments__state__in=["invited", "accepted"])))
    )
    profiles = list(profiles)
    conflicted = {reviewer_id for _case_id, reviewer_id in conflict_pairs([case], [p.user for p in profiles])}
    suggestions = []
    for profile in profiles:
        if profile.user_id in conflicted:
            continue
        reasons, score = [], 0.0
        if case.language in profile.languages:
            score += 3
            reasons.append(_("reads the submission's language"))
        shared = len(themes & {t.pk for t in profile.themes.all()}) + len(
            forms & {f.pk for f in profile.exploitation_forms.all()}
        )
        if shared:
            score += shared
            reasons.append(_("%(count)s shared areas of expertise") % {"count": shared})
        if regions & {r.pk for r in profile.regions.all()}:
            score += 1
            reasons.append(_("knows the region"))
        free = profile.max_load - profile.open_load
        reasons.append(_("%(open)s of %(max)s reviews open") % {"open": profile.open_load, "max": profile.max_load})
        if free <= 0:
            score -= 10
        else:
            score += free / profile.max_load
        suggestions.append(Suggestion(profile.user, score, reasons, profile.open_load, profile.max_load))
    suggestions.sort(key=lambda suggestion: (-suggestion.score, suggestion.reviewer.pk))
    return suggestions[:limit]


@dataclass
class CaseScores:
    mean: float | None
    calibrated: float | None
    disagreement: bool
    reviews: list[Review]


def case_scores(case: ReviewCase) -> CaseScores:
    """Raw and calibrated scores of the current round, with its submitted reviews."""
    reviews = list(
        Review.objects.filter(assignment__case=case, assignment__round=case.round, state=Review.State.SUBMITTED)
        .select_related("assignment__reviewer")
        .order_by("submitted_at")
    )
    summary = cases_summary([case])[case.pk]
    return CaseScores(summary.mean, summary.calibrated, summary.disagreement, reviews)


def _calibrated_by_case(cases) -> dict[int, float]:
    """Calibrated case scores, one population per kind of rubric and on that rubric's scale.

    The population is every review scored on the same kind of rubric: a reviewer is lenient or harsh
    relative to everyone else, not to the two colleagues on this case.
    """
    calibrated: dict[int, float] = {}
    for kind, scale in {(case.rubric.kind, (case.rubric.scale_min, case.rubric.scale_max)) for case in cases}:
        history = Review.objects.filter(
            assignment__case__rubric__kind=kind, state=Review.State.SUBMITTED, score__isnull=False
        ).values_list("pk", "assignment__reviewer_id", "assignment__case_id", "score")
        points = [ReviewPoint(pk, reviewer_id, case_id, float(score)) for pk, reviewer_id, case_id, score in history]
        if points:
            calibrated.update(calibrated_case_scores(points, scale=scale))
    return calibrated


@dataclass
class CaseSummary:
    invited: int = 0
    submitted: int = 0
    overdue: int = 0
    mean: float | None = None
    calibrated: float | None = None
    disagreement: bool = False


def cases_summary(cases: list[ReviewCase], *, today=None) -> dict[int, CaseSummary]:
    """The editor's dashboard numbers for many cases in a fixed number of queries."""

    today = today or timezone.localdate()
    summaries = {case.pk: CaseSummary() for case in cases}
    rounds = {case.pk: case.round for case in cases}
    assignments = Assignment.objects.filter(case_id__in=summaries).exclude(state__in=["declined", "withdrawn"])
    for case_id, round_, state, due in assignments.values_list("case_id", "round", "state", "due"):
        if round_ != rounds[case_id]:
            continue
        summary = summaries[case_id]
        summary.invited += 1
        if state == "submitted":
            summary.submitted += 1
        elif due < today:
            summary.overdue += 1
    scores: dict[int, list[float]] = {}
    for case_id, round_, score in Review.objects.filter(
        assignment__case_id__in=summaries, state=Review.State.SUBMITTED, score__isnull=False
    ).values_list("assignment__case_id", "assignment__round", "score"):
        if round_ == rounds[case_id]:
            scores.setdefault(case_id, []).append(float(score))
    calibrated = _calibrated_by_case(cases)
    for case_id, summary in summaries.items():
        values = scores.get(case_id, [])
        summary.mean = case_mean(values)
        summary.calibrated = calibrated.get(case_id) if values else None
        summary.disagreement = disagreement(values)
    return summaries


@dataclass
class ReviewerStatistics:
    reviewer: object
    completed: int
    median_turnaround_days: float | None
    on_time_share: float | None
    first: object = None
    last: object = None


def reviewer_statistics(reviewers) -> list[ReviewerStatistics]:
    """Reviews completed, median days from invitation to submission, and the share submitted on time."""

    by_reviewer: dict[int, list[tuple]] = {reviewer.pk: [] for reviewer in reviewers}
    rows = Review.objects.filter(assignment__reviewer_id__in=by_reviewer, state=Review.State.SUBMITTED).values_list(
        "assignment__reviewer_id", "assignment__invited_at", "submitted_at", "is_late"
    )
    for reviewer_id, invited_at, submitted_at, is_late in rows:
        by_reviewer[reviewer_id].append((invited_at, submitted_at, is_late))
    statistics = []
    for reviewer in reviewers:
        done = by_reviewer[reviewer.pk]
        turnarounds = [(submitted - invited).total_seconds() / 86400 for invited, submitted, _late in done]
        statistics.append(
            ReviewerStatistics(
                reviewer=reviewer,
                completed=len(done),
                median_turnaround_days=round(median(turnarounds), 1) if turnarounds else None,
                on_time_share=sum(1 for *_dates, late in done if not late) / len(done) if done else None,
                first=min((submitted for _i, submitted, _l in done), default=None),
                last=max((submitted for _i, submitted, _l in done), default=None),
            )
        )
    return statistics


def roster_profiles(*, state: str = "") -> QuerySet:
    """The roster as editors list it: by state, newest application first; `state`: only that one."""
    profiles = ReviewerProfile.objects.select_related("user", "organization").order_by("state", "-applied_at", "-pk")
    return profiles.filter(state=state) if state else profiles


def roster_states() -> list[tuple[str, str, int]]:
    """(state, label, number of profiles) for every state of the roster, in one statement."""
    counts = dict(ReviewerProfile.objects.order_by().values_list("state").annotate(n=Count("pk")))
    return [(value, label, counts.get(value, 0)) for value, label in ReviewerProfile.State.choices]
