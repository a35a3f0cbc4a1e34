from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.models import Assignment, Review
from reviews.services.assignments import assignment_create
from reviews.services.reviewing import review_save
from tests.factories import ReviewerProfileFactory, UserFactory, review_case

pytestmark = pytest.mark.django_db


def reviewed(editor, reviewer, *, late=False):
    case = review_case()
    assignment = assignment_create(
        case=case, reviewer=reviewer, due=timezone.localdate() + timedelta(days=5), actor=editor
    )
    if late:
        Assignment.objects.filter(pk=assignment.pk).update(due=timezone.localdate() - timedelta(days=1))
    scores = {str(c.pk): 3 for c in case.rubric.criteria.all()}
    review = review_save(assignment=assignment, actor=reviewer, scores=scores, recommendation="accept", submit=True)
    Review.objects.filter(pk=review.pk).update(submitted_at=assignment.invited_at + timedelta(days=4))
    return review


def test_reviewer_sees_own_statistics_and_downloads_a_certificate(client, password, editor, owner_callback):
    reviewer = ReviewerProfileFactory(user__full_name="Rita Reviewer").user
    reviewed(editor, reviewer)
    reviewed(editor, reviewer, late=True)
    client.login(username=reviewer.email, password=password)
    page = client.get("/en/reviews/statistics/").content.decode()
    assert "Rita Reviewer" in page and "4.0" in page and "50 %" in page
    certificate = client.get("/en/reviews/certificate/?download=1")
    assert certificate["Content-Disposition"] == 'attachment; filename="review-certificate.html"'
    assert "Rita Reviewer completed 2 expert reviews" in certificate.content.decode()


def test_editors_see_every_reviewer_and_others_only_themselves(client, password, editor, owner_callback):
    first = ReviewerProfileFactory(user__full_name="First Expert").user
    ReviewerProfileFactory(user__full_name="Second Expert")
    reviewed(editor, first)
    client.login(username=editor.email, password=password)
    page = client.get("/en/reviews/statistics/").content.decode()
    assert "First Expert" in page and "Second Expert" in page
    client.login(username=first.email, password=password)
    assert "Second Expert" not in client.get("/en/reviews/statistics/").content.decode()
    nobody = UserFactory()
    client.login(username=nobody.email, password=password)
    assert client.get("/en/reviews/certificate/").status_code == 404
