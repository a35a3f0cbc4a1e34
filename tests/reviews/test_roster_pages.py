import pytest

from reviews.models import ReviewerProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_expert_applies_on_the_site_and_an_editor_approves(client, password):
    expert = UserFactory(full_name="Ana Expert")
    client.login(username=expert.email, password=password)
    response = client.post(
        "/en/reviews/roster/apply/",
        {"bio": "Labour inspector for 12 years.", "languages": ["es", "pt"], "max_load": 3, "themes": []},
    )
    assert response.status_code == 302
    profile = ReviewerProfile.objects.get(user=expert)
    assert (profile.state, profile.languages, profile.max_load) == ("applied", ["es", "pt"], 3)
    assert "Applied" in client.get("/en/reviews/roster/apply/").content.decode()
    assert client.get("/en/reviews/roster/").status_code == 404

    editor = UserFactory(roles=["editor"])
    client.login(username=editor.email, password=password)
    assert "Ana Expert" in client.get("/en/reviews/roster/").content.decode()
    client.post("/en/reviews/roster/%s/approve/" % profile.pk)
    profile.refresh_from_db()
    assert profile.state == "approved"


def test_application_without_languages_is_refused(client, password):
    expert = UserFactory()
    client.login(username=expert.email, password=password)
    response = client.post("/en/reviews/roster/apply/", {"bio": "x", "max_load": 3})
    assert response.status_code == 200
    assert not ReviewerProfile.objects.exists()


def test_declared_partners_and_funders_become_conflicts(client, password, owner_callback):
    from datetime import date

    from django.core.exceptions import ValidationError

    from reviews.services.assignments import assignment_create
    from reviews.services.roster import reviewer_approve
    from tests.factories import MembershipFactory, review_case

    partner, funder, unrelated = (MembershipFactory() for _ in range(3))
    expert = UserFactory()
    client.login(username=expert.email, password=password)
    client.post(
        "/en/reviews/roster/apply/",
        {
            "bio": "Researcher.",
            "languages": ["en"],
            "max_load": 3,
            "partners": [partner.organization.pk],
            "funders": [funder.organization.pk],
        },
    )
    editor = UserFactory(roles=["editor"])
    reviewer_approve(profile=ReviewerProfile.objects.get(user=expert), actor=editor)
    for membership in (partner, funder):
        case = review_case(organization=membership.organization, submitter=membership.user)
        with pytest.raises(ValidationError, match="declared a relationship"):
            assignment_create(case=case, reviewer=expert, due=date.today(), actor=editor)
    case = review_case(organization=unrelated.organization, submitter=unrelated.user)
    assert assignment_create(case=case, reviewer=expert, due=date.today(), actor=editor)


def test_the_roster_comes_in_pages_by_state_and_a_decision_returns_to_the_same_list(client, password, monkeypatch):
    from tests.factories import ReviewerProfileFactory

    monkeypatch.setattr("reviews.views.ROSTER_PER_PAGE", 1)
    applied = [ReviewerProfileFactory(state="applied") for _ in range(2)]
    ReviewerProfileFactory(state="approved")
    editor = UserFactory(roles=["editor"])
    client.login(username=editor.email, password=password)
    page = client.get("/en/reviews/roster/?state=applied").content.decode()
    assert "All (3)" in page and "Applied (2)" in page and "Approved (1)" in page
    assert "Page 1 of 2" in page
    response = client.post("/en/reviews/roster/%s/approve/?state=applied&page=2" % applied[0].pk)
    assert response.status_code == 302 and response["Location"] == "/en/reviews/roster/?state=applied&page=2"
    assert ReviewerProfile.objects.filter(state="approved").count() == 2
    assert "Applied (1)" in client.get(response["Location"]).content.decode()
