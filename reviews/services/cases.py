"""Review cases: the owner app opens one per submission and a new round per revision."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.notifications.services import link_for, notify
from reviews.models import Assignment, ReviewCase, Rubric

DEFAULT_REVIEW_DAYS = 21


def default_rubric(kind: str) -> Rubric:
    return Rubric.objects.get(kind=kind, is_default=True)


@transaction.atomic
def case_open(
    *,
    owner: str,
    title: str,
    language: str,
    rubric: Rubric,
    organization=None,
    submitter=None,
    blind_mode: str = "single",
    reviewers_see_reviews: bool = True,
    reviewers_see_each_other: bool = False,
    version_label: str = "",
    countries=(),
    themes=(),
    exploitation_forms=(),
) -> ReviewCase:
    case = ReviewCase.objects.create(
        owner=owner,
        title=title,
        language=language,
        rubric=rubric,
        organization=organization,
        submitter=submitter,
        blind_mode=blind_mode,
        reviewers_see_reviews=reviewers_see_reviews,
        reviewers_see_each_other=reviewers_see_each_other,
        version_label=version_label,
    )
    case.countries.set(countries)
    case.themes.set(themes)
    case.exploitation_forms.set(exploitation_forms)
    return case


@transaction.atomic
def case_new_round(*, case: ReviewCase, version_label: str, actor, due=None) -> ReviewCase:
    """A revised version: the next round re-invites the reviewers who reviewed the last one."""

    case = ReviewCase.objects.select_for_update().get(pk=case.pk)
    previous = list(
        Assignment.objects.filter(case=case, round=case.round, state=Assignment.State.SUBMITTED).select_related(
            "reviewer"
        )
    )
    case.round += 1
    case.version_label = version_label
    case.state = ReviewCase.State.OPEN
    case.save(update_fields=["round", "version_label", "state"])
    due = due or timezone.localdate() + timedelta(days=DEFAULT_REVIEW_DAYS)
    for assignment in previous:
        new = Assignment.objects.create(
            case=case, reviewer=assignment.reviewer, round=case.round, due=due, invited_by=actor
        )
        notify(recipient=new.reviewer, kind="review_invitation", context=invitation_context(new))
    return case


def invitation_context(assignment: Assignment) -> dict:

    return {
        "title": assignment.case.title,
        "due": assignment.due.isoformat(),
        "round": assignment.round,
        "assignment_id": assignment.pk,
        # Accepting or declining is one click away from the e-mail.
        "url": link_for(assignment.reviewer, "reviews:assignment", pk=assignment.pk),
    }
