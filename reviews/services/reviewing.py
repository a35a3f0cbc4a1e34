from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import audit_record
from portal.errors import InvalidTransition
from portal.notifications.services import link_for, notify
from reviews.models import Assignment, Review, ReviewScore
from reviews.permissions import can_review
from reviews.scoring import weighted_score


def _clean_scores(rubric, scores: dict, *, complete: bool) -> dict[int, int | None]:
    """Scores by criterion id; None is N/A. Raises ValidationError naming every problem."""
    criteria = {criterion.pk: criterion for criterion in rubric.criteria.all()}
    errors, cleaned = [], {}
    for key, value in scores.items():
        try:
            criterion = criteria[int(key)]
        except (KeyError, TypeError, ValueError):
            errors.append(_("“%(key)s” is not a criterion of this rubric.") % {"key": key})
            continue
        if value is None or value == "":
            if not criterion.allow_na:
                errors.append(_("“%(criterion)s” needs a score (N/A is not allowed).") % {"criterion": criterion.label})
                continue
            cleaned[criterion.pk] = None
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or str(number) != str(value).strip() or not rubric.scale_min <= number <= rubric.scale_max:
            errors.append(
                _("“%(criterion)s”: the score must be a whole number from %(min)s to %(max)s.")
                % {"criterion": criterion.label, "min": rubric.scale_min, "max": rubric.scale_max}
            )
            continue
        cleaned[criterion.pk] = number
    if complete:
        for criterion in criteria.values():
            if criterion.pk not in cleaned and not criterion.allow_na and criterion.pk not in scores:
                errors.append(_("“%(criterion)s” needs a score.") % {"criterion": criterion.label})
    if errors:
        raise ValidationError({"scores": errors})
    return cleaned


@transaction.atomic
def review_save(
    *,
    assignment: Assignment,
    actor,
    scores: dict,
    recommendation: str = "",
    comments_to_author: str = "",
    confidential_comments: str = "",
    submit: bool = False,
) -> Review:
    """Save the reviewer's draft, or submit it (then it is final)."""
    assignment = Assignment.objects.select_for_update().select_related("case__rubric").get(pk=assignment.pk)
    if not can_review(actor, assignment):
        raise PermissionDenied(_("Only the assigned reviewer can write this review."))
    if assignment.state == Assignment.State.SUBMITTED:
        raise InvalidTransition(_("This review was already submitted."), state=assignment.state)
    if assignment.state not in (Assignment.State.INVITED, Assignment.State.ACCEPTED):
        raise InvalidTransition(
            _("This assignment is %(state)s.") % {"state": assignment.get_state_display().lower()},
            state=assignment.state,
        )
    case = assignment.case
    cleaned = _clean_scores(case.rubric, scores, complete=submit)
    if submit and recommendation not in Review.Recommendation.values:
        raise ValidationError({"recommendation": [_("Choose a recommendation.")]})
    if recommendation and recommendation not in Review.Recommendation.values:
        raise ValidationError({"recommendation": [_("Unknown recommendation.")]})

    review, _created = Review.objects.get_or_create(assignment=assignment)
    ReviewScore.objects.filter(review=review).delete()
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion_id=criterion_id, value=value) for criterion_id, value in cleaned.items()
    )
    weights = {criterion.pk: float(criterion.weight) for criterion in case.rubric.criteria.all()}
    score = weighted_score(cleaned, weights)
    review.score = Decimal("%.3f" % score) if score is not None else None
    review.recommendation = recommendation
    review.comments_to_author = comments_to_author
    review.confidential_comments = confidential_comments
    if submit:
        now = timezone.now()
        review.state = Review.State.SUBMITTED
        review.submitted_at = now
        review.version_label = case.version_label
        review.is_late = timezone.localdate() > assignment.due
        from_state = assignment.state
        assignment.state = Assignment.State.SUBMITTED
        assignment.responded_at = assignment.responded_at or now
        assignment.save(update_fields=["state", "responded_at"])
        audit_record(
            actor=actor,
            verb="review.submit",
            target=assignment,
            from_state=from_state,
            to_state=assignment.state,
            note="late" if review.is_late else "",
        )
        if assignment.invited_by is not None:
            notify(
                recipient=assignment.invited_by,
                kind="review_submitted",
                context={
                    "title": case.title,
                    "case_id": case.pk,
                    "late": review.is_late,
                    "url": link_for(assignment.invited_by, "reviews:case", pk=case.pk),
                },
            )
    review.save()
    return review
