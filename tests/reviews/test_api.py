from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.services.assignments import assignment_create
from tests.factories import MembershipFactory, ReviewerProfileFactory, review_case

pytestmark = pytest.mark.django_db

DUE = (timezone.localdate() + timedelta(days=14)).isoformat()


@pytest.fixture
def case(owner_callback):
    membership = MembershipFactory(organization__name="Coastal Shelter Network")
    return review_case(organization=membership.organization, submitter=membership.user, blind_mode="double")


def scores(case, value=4):
    return {str(criterion.pk): value for criterion in case.rubric.criteria.all()}


def test_editor_assigns_reviewer_reviews_and_editor_decides_over_the_api(api_client, case, editor):
    reviewer = ReviewerProfileFactory().user
    api_client.force_authenticate(editor)
    response = api_client.post(
        "/api/v1/review-cases/%s/assignments/" % case.pk, {"reviewer": reviewer.pk, "due": DUE}, format="json"
    )
    assert response.status_code == 201
    assignment_id = response.json()["id"]

    api_client.force_authenticate(reviewer)
    mine = api_client.get("/api/v1/assignments/").json()
    assert [item["id"] for item in mine["results"]] == [assignment_id]
    # Double-blind: nothing names the submitting organisation.
    assert mine["results"][0]["case"]["organisation"] is None
    assert "Coastal Shelter" not in str(mine)
    assert api_client.post("/api/v1/assignments/%s/accept/" % assignment_id).json()["state"] == "accepted"
    response = api_client.post(
        "/api/v1/assignments/%s/review/" % assignment_id,
        {"scores": scores(case), "recommendation": "accept", "comments_to_author": "Well documented."},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["score"] == "4.000"
    again = api_client.post(
        "/api/v1/assignments/%s/review/" % assignment_id,
        {"scores": scores(case), "recommendation": "accept"},
        format="json",
    )
    assert again.status_code == 409
    assert again.json() == {"detail": "This review was already submitted.", "state": "submitted"}

    api_client.force_authenticate(editor)
    detail = api_client.get("/api/v1/review-cases/%s/" % case.pk).json()
    assert detail["mean_score"] == 4.0 and detail["calibrated_score"] == 4.0 and detail["disagreement"] is False
    assert detail["reviews"][0]["comments_to_author"] == "Well documented."
    response = api_client.post(
        "/api/v1/review-cases/%s/decision/" % case.pk, {"outcome": "accept", "letter": "Accepted."}, format="json"
    )
    assert response.status_code == 201


def test_bad_review_input_is_400_with_the_reasons(api_client, case, editor):
    assignment = assignment_create(
        case=case, reviewer=ReviewerProfileFactory().user, due=timezone.localdate(), actor=editor
    )
    api_client.force_authenticate(assignment.reviewer)
    bad = scores(case)
    bad[next(iter(bad))] = 9
    response = api_client.post(
        "/api/v1/assignments/%s/review/" % assignment.pk, {"scores": bad, "recommendation": "maybe"}, format="json"
    )
    assert response.status_code == 400
    assert "whole number from 1 to 5" in response.json()["scores"][0]


def test_reviewers_cannot_touch_others_assignments_or_manage_cases(api_client, case, editor):
    assignment = assignment_create(
        case=case, reviewer=ReviewerProfileFactory().user, due=timezone.localdate(), actor=editor
    )
    intruder = ReviewerProfileFactory().user
    api_client.force_authenticate(intruder)
    response = api_client.post("/api/v1/assignments/%s/review/" % assignment.pk, {"scores": {}}, format="json")
    assert response.status_code == 403 and "assigned reviewer" in response.json()["detail"]
    assert api_client.post("/api/v1/assignments/%s/accept/" % assignment.pk).status_code == 403
    assert api_client.get("/api/v1/assignments/%s/" % assignment.pk).status_code == 404
    assert api_client.get("/api/v1/review-cases/%s/" % case.pk).status_code == 403
    assert api_client.get("/api/v1/review-cases/%s/suggestions/" % case.pk).status_code == 403
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/assignments/").status_code == 401


def test_assigning_a_conflicted_reviewer_is_400_with_the_reason(api_client, case, editor):
    conflicted = ReviewerProfileFactory()
    MembershipFactory(user=conflicted.user, organization=case.organization)
    api_client.force_authenticate(editor)
    response = api_client.post(
        "/api/v1/review-cases/%s/assignments/" % case.pk, {"reviewer": conflicted.user.pk, "due": DUE}, format="json"
    )
    assert response.status_code == 400
    assert "member of the submitting organisation" in response.json()["reviewer"][0]


def test_suggestions_list_reasons(api_client, case, editor):
    ReviewerProfileFactory(languages=["en"])
    api_client.force_authenticate(editor)
    results = api_client.get("/api/v1/review-cases/%s/suggestions/" % case.pk).json()["results"]
    assert results and "reads the submission's language" in results[0]["reasons"]


def test_decision_without_review_is_400_and_state_conflict_is_409(api_client, case, editor):
    api_client.force_authenticate(editor)
    url = "/api/v1/review-cases/%s/decision/" % case.pk
    response = api_client.post(url, {"outcome": "accept", "letter": "ok"}, format="json")
    assert response.status_code == 400 and "No review of this round" in response.json()["detail"]
    assert (
        api_client.post(
            url, {"outcome": "reject", "letter": "no", "force_note": "withdrawn by phone"}, format="json"
        ).status_code
        == 201
    )
    response = api_client.post(url, {"outcome": "reject", "letter": "no", "force_note": "x"}, format="json")
    assert response.status_code == 409 and response.json()["state"] == "decided"
