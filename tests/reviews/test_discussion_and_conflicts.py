from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.notifications.models import Notification
from reviews.models import Assignment, CaseComment, ConflictOfInterest
from reviews.services.assignments import assignment_create
from reviews.services.discussion import case_comment_post
from reviews.services.reviewing import review_save
from tests.factories import ReviewerProfileFactory, review_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(owner_callback):
    return review_case()


def assign(case, editor):
    return assignment_create(
        case=case, reviewer=ReviewerProfileFactory().user, due=timezone.localdate() + timedelta(days=9), actor=editor
    )


def submit(case, assignment):
    scores = {str(c.pk): 3 for c in case.rubric.criteria.all()}
    review_save(assignment=assignment, actor=assignment.reviewer, scores=scores, recommendation="accept", submit=True)


def test_only_reviewers_who_submitted_and_editors_discuss(case, editor, client, password):
    first, second = assign(case, editor), assign(case, editor)
    with pytest.raises(PermissionDenied):
        case_comment_post(case=case, author=first.reviewer, body="Before submitting")
    submit(case, first)
    case_comment_post(case=case, author=first.reviewer, body="The figures for 2022 look inconsistent.")
    assert Notification.objects.filter(kind="case_discussion", recipient=editor).exists()
    assert not Notification.objects.filter(kind="case_discussion", recipient=second.reviewer).exists()

    client.login(username=second.reviewer.email, password=password)
    page = client.get("/en/reviews/%s/" % second.pk).content.decode()
    assert "inconsistent" not in page  # no anchoring before one's own review
    assert client.post("/en/reviews/cases/%s/discussion/" % case.pk, {"body": "x"}).status_code == 404

    client.login(username=first.reviewer.email, password=password)
    page = client.get("/en/reviews/%s/" % first.pk).content.decode()
    assert "inconsistent" in page
    client.post("/en/reviews/cases/%s/discussion/" % case.pk, {"body": "Agreed after all.", "back": first.pk})
    assert CaseComment.objects.count() == 2

    client.login(username=editor.email, password=password)
    page = client.get("/en/reviews/cases/%s/" % case.pk).content.decode()
    assert "Agreed after all." in page and first.reviewer.get_full_name() in page


def test_reviewer_declares_a_conflict_and_the_assignment_is_declined(case, editor, client, password):
    assignment = assign(case, editor)
    client.login(username=assignment.reviewer.email, password=password)
    response = client.post(
        "/en/reviews/%s/conflict/" % assignment.pk, {"kind": "personal", "note": "My cousin works there"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == "declined" and "Personal or family relationship" in assignment.decline_reason
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.case, conflict.reviewer) == (case, assignment.reviewer)
    with pytest.raises(ValidationError, match="Conflict of interest"):
        assignment_create(case=case, reviewer=assignment.reviewer, due=timezone.localdate(), actor=editor)
    assert Assignment.objects.count() == 1
