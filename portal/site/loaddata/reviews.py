"""Review-engine rows as a real evaluation leaves them: a case, its assignments, reviews with rubric scores,
and the decision, for published practices and for the grant board.

The rows obey what the services would have checked: reviewers are approved roster members without a
conflict (another e-mail domain, no membership), one assignment per reviewer and round, submitted reviews
with a recommendation, a date and every required criterion scored, the review's weighted score computed by
reviews.scoring, and one decision for the round.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from portal.site.loaddata.copying import Batch
from portal.site.loaddata.text import Text
from reviews.models import Assignment, Decision, Review, ReviewCase, ReviewScore, Rubric
from reviews.scoring import weighted_score
from reviews.services.cases import DEFAULT_REVIEW_DAYS

# Placeholders in letters rendered once and filled in for each submission.
TITLE, AMOUNT = "@@title@@", "@@amount@@"
# The recommendation a reviewer gives for a review's weighted score.
RECOMMENDATIONS = ((3.75, "accept"), (3.0, "minor_revision"), (2.25, "major_revision"), (0, "reject"))
NOT_APPLICABLE_SHARE = 0.15


@dataclass
class RubricScale:
    pk: int
    low: int
    high: int
    weights: dict[int, float]
    allow_na: set[int]

    @classmethod
    def default(cls, kind: str) -> "RubricScale":
        rubric = Rubric.objects.prefetch_related("criteria").get(kind=kind, is_default=True)
        criteria = list(rubric.criteria.all())
        return cls(
            pk=rubric.pk,
            low=rubric.scale_min,
            high=rubric.scale_max,
            weights={criterion.pk: float(criterion.weight) for criterion in criteria},
            allow_na={criterion.pk for criterion in criteria if criterion.allow_na},
        )


class Reviewing:
    def __init__(self, batch: Batch, rng: random.Random, text: Text, now: datetime):
        self.batch, self.rng, self.text, self.now = batch, rng, text, now
        self.letters: dict[tuple[str, str], str] = {}
        self.submitted = 0

    def between(self, start: datetime, end: datetime) -> datetime:
        seconds = max(int((end - start).total_seconds()), 0)
        return start + timedelta(seconds=self.rng.randint(0, seconds))

    def open_case(
        self,
        *,
        owner: str,
        title: str,
        language: str,
        organization: int,
        submitter: int,
        rubric: RubricScale,
        created: datetime,
        countries=(),
        themes=(),
        exploitation_forms=(),
        reviewers_see_reviews: bool = True,
        state: str = ReviewCase.State.OPEN,
    ) -> int:
        case = self.batch.add(
            ReviewCase,
            owner=owner,
            title=title[:300],
            language=language,
            organization_id=organization,
            submitter_id=submitter,
            rubric_id=rubric.pk,
            blind_mode="single",
            reviewers_see_reviews=reviewers_see_reviews,
            version_label="v1",
            state=state,
            created_at=created,
        )
        self.batch.link(ReviewCase, "countries", case, countries)
        self.batch.link(ReviewCase, "themes", case, themes)
        self.batch.link(ReviewCase, "exploitation_forms", case, exploitation_forms)
        return case

    def assign(
        self,
        *,
        case: int,
        rubric: RubricScale,
        reviewer: int,
        invited_by: int,
        invited: datetime,
        state: str,
        language: str,
        quality: float = 4.0,
        submit_by: datetime | None = None,
    ) -> float | None:
        """One assignment in `state`; a submitted one gets its review (submitted before `submit_by`).

        Returns the review's weighted score when submitted.
        """
        due = (invited + timedelta(days=DEFAULT_REVIEW_DAYS)).date()
        row = {
            "case_id": case,
            "reviewer_id": reviewer,
            "round": 1,
            "due": due,
            "state": state,
            "invited_by_id": invited_by,
            "invited_at": invited,
        }
        if state == Assignment.State.DECLINED:
            row["responded_at"] = invited + timedelta(hours=self.rng.randint(1, 96))
            row["decline_reason"] = self.text.sentence("en", 8)
        elif state in (Assignment.State.ACCEPTED, Assignment.State.SUBMITTED):
            row["responded_at"] = invited + timedelta(hours=self.rng.randint(1, 72))
        assignment = self.batch.add(Assignment, **row)
        if state == Assignment.State.SUBMITTED:
            submitted = self.between(row["responded_at"], submit_by or row["responded_at"])
            return self._review(assignment, rubric, quality, language, submitted, due, submitted)
        if state == Assignment.State.ACCEPTED and self.rng.random() < 0.5:
            drafted = self.between(row["responded_at"], self.now)
            self._review(assignment, rubric, quality, language, None, due, drafted)
        return None

    def _review(self, assignment, rubric, quality, language, submitted, due, updated) -> float | None:
        """A submitted review, or (no `submitted`) a draft with some criteria scored."""
        scores = {}
        for criterion in rubric.weights:
            if submitted is None and self.rng.random() < 0.5:
                continue
            if criterion in rubric.allow_na and self.rng.random() < NOT_APPLICABLE_SHARE:
                scores[criterion] = None
            else:
                scores[criterion] = min(rubric.high, max(rubric.low, round(self.rng.gauss(quality, 0.6))))
        score = weighted_score(scores, rubric.weights)
        recommendation = next(name for floor, name in RECOMMENDATIONS if (score or 0) >= floor)
        review = self.batch.add(
            Review,
            assignment_id=assignment,
            state=Review.State.SUBMITTED if submitted else Review.State.DRAFT,
            recommendation=recommendation if submitted else "",
            comments_to_author=self.text.sentence(language, 15),
            confidential_comments=self.text.sentence("en", 10) if self.rng.random() < 0.3 else "",
            score=Decimal("%.3f" % score) if score is not None else None,
            version_label="v1" if submitted else "",
            is_late=bool(submitted) and submitted.date() > due,
            submitted_at=submitted,
            updated_at=updated,
        )
        self.submitted += bool(submitted)
        for criterion, value in scores.items():
            self.batch.add(ReviewScore, review_id=review, criterion_id=criterion, value=value)
        return score

    def decide(self, *, case: int, outcome: str, letter: str, decided_by: int, decided_at: datetime) -> None:
        self.batch.add(
            Decision,
            case_id=case,
            round=1,
            outcome=outcome,
            letter=letter,
            decided_by_id=decided_by,
            decided_at=decided_at,
        )

    def letter(self, template: str, language: str, fill: dict[str, str], **context) -> str:
        """A standard letter in the submitter's language, rendered once per template, language and `context`;
        `fill` then replaces the placeholders of what differs from letter to letter (TITLE, AMOUNT)."""
        key = (template, language, repr(context))
        if key not in self.letters:
            with translation.override(language):
                self.letters[key] = render_to_string(template, context, using="text").strip()
        letter = self.letters[key]
        for placeholder, value in fill.items():
            letter = letter.replace(placeholder, value)
        return letter
