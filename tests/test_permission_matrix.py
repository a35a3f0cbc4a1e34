"""Every role × practice state × page and API endpoint: allowed, or refused, and nothing leaks.

Expected outcomes are written as rules (who may see, who may edit), not as a second implementation:
a cell that disagrees with the rule fails with its coordinates.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from practices.services import practice_publish, practice_send_to_review, practice_submit
from reviews.services.assignments import assignment_create
from reviews.services.decisions import decision_make
from reviews.services.reviewing import review_save
from tests.factories import MembershipFactory, ReviewerProfileFactory, UserFactory, complete_practice, practice_call

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other_submitter", "submitter", "reviewer_not_assigned", "reviewer_assigned", "editor"]
STATES = ["draft", "submitted", "in_review", "published"]
SECRET = "CONFIDENTIAL-7Q"
ORGANISATION = "Collectif Atlas pour les droits"


@pytest.fixture
def world():
    own = MembershipFactory(organization__name=ORGANISATION)
    editor = UserFactory(roles=["editor"])
    assigned = ReviewerProfileFactory(languages=["fr"]).user
    people = {
        "anonymous": None,
        "other_submitter": MembershipFactory().user,
        "submitter": own.user,
        "reviewer_not_assigned": ReviewerProfileFactory(languages=["fr"]).user,
        "reviewer_assigned": assigned,
        "editor": editor,
    }
    call = practice_call(blind_mode="double")
    practices, assignments = {}, {}
    for state in STATES:
        practice = complete_practice(membership=own, call=call, title="Pratique %s" % state)
        if state != "draft":
            practice_submit(practice=practice, actor=own.user)
        if state in ("in_review", "published"):
            practice_send_to_review(practice=practice, actor=editor)
            practice.refresh_from_db()
            assignment = assignment_create(
                case=practice.review_case, reviewer=assigned, due=timezone.localdate() + timedelta(days=9), actor=editor
            )
            scores = {str(c.pk): 4 for c in practice.review_case.rubric.criteria.all()}
            review_save(
                assignment=assignment,
                actor=assigned,
                scores=scores,
                recommendation="accept",
                comments_to_author="Useful.",
                confidential_comments=SECRET,
                submit=True,
            )
            assignments[state] = assignment
        if state == "published":
            decision_make(case=practice.review_case, outcome="accept", letter="Yes", actor=editor)
            practice_publish(practice=practice, actor=editor)
        practice.refresh_from_db()
        practices[state] = practice
    return people, practices, assignments


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def may_view(role, state):
    return state == "published" or role in ("submitter", "editor")


def test_practice_pages_and_api_follow_the_rules_and_leak_nothing(world):
    people, practices, _assignments = world
    failures = []
    for role in ROLES:
        client = client_for(people[role])
        for state in STATES:
            practice = practices[state]
            page = client.get("/en/practices/%s/" % practice.pk)
            expected = 200 if may_view(role, state) else 404
            if page.status_code != expected:
                failures.append(("page", role, state, page.status_code, expected))
            api = client.get("/api/v1/practices/%s/" % practice.pk)
            if api.status_code != expected:
                failures.append(("api", role, state, api.status_code, expected))
            for response in (page, api):
                if SECRET in response.content.decode():
                    failures.append(("confidential comment leaked", role, state))
            patch = client.patch("/api/v1/practices/%s/" % practice.pk, {"title": "Changed"}, format="json")
            if role == "anonymous":
                expected_patch = 401
            elif not may_view(role, state):
                expected_patch = 404
            elif role == "submitter":
                expected_patch = 200 if state == "draft" else 409
            else:
                expected_patch = 403
            if patch.status_code != expected_patch:
                failures.append(("patch", role, state, patch.status_code, expected_patch))
            publish = client.post("/api/v1/practices/%s/publish/" % practice.pk)
            if role == "anonymous":
                expected_publish = 401
            elif not may_view(role, state):
                expected_publish = 404
            elif role == "editor":
                expected_publish = 409  # none of these states is "accepted"
            else:
                expected_publish = 403
            if publish.status_code != expected_publish:
                failures.append(("publish", role, state, publish.status_code, expected_publish))
    assert failures == []


def test_review_cases_are_for_editors_only(world):
    people, practices, _assignments = world
    failures = []
    for role in ROLES:
        client = client_for(people[role])
        for state in ("in_review", "published"):
            case_id = practices[state].review_case_id
            page = client.get("/en/reviews/cases/%s/" % case_id)
            expected_page = 200 if role == "editor" else (302 if role == "anonymous" else 404)
            api = client.get("/api/v1/review-cases/%s/" % case_id)
            expected_api = 200 if role == "editor" else (401 if role == "anonymous" else 403)
            if (page.status_code, api.status_code) != (expected_page, expected_api):
                failures.append((role, state, page.status_code, api.status_code))
    assert failures == []


def test_assigned_reviewer_never_sees_who_submitted_in_double_blind(world):
    people, practices, assignments = world
    client = client_for(people["reviewer_assigned"])
    responses = [
        client.get("/en/reviews/"),
        client.get("/en/reviews/%s/" % assignments["in_review"].pk),
        client.get("/api/v1/assignments/"),
        client.get("/api/v1/assignments/%s/" % assignments["in_review"].pk),
    ]
    for response in responses:
        assert response.status_code == 200
        body = response.content.decode()
        assert ORGANISATION not in body and people["submitter"].email not in body
    other = client_for(people["reviewer_not_assigned"])
    assert other.get("/en/reviews/%s/" % assignments["in_review"].pk).status_code == 404
    assert other.get("/api/v1/assignments/%s/" % assignments["in_review"].pk).status_code == 404


CAMPAIGN_ROLES = ["anonymous", "member", "editor", "campaign_manager"]


@pytest.fixture
def campaigns():
    from campaigns.models import Campaign, CampaignPartner
    from tests.campaigns.factories import CampaignFactory, CampaignManagerFactory

    people = {
        "anonymous": None,
        "member": MembershipFactory().user,
        "editor": UserFactory(roles=["editor"]),
        "campaign_manager": CampaignManagerFactory(),
    }
    published = CampaignFactory(published_now=True, name_en="Published campaign")
    unpublished = CampaignFactory(name_en="Unpublished campaign")
    requester = MembershipFactory()
    CampaignPartner.objects.create(campaign=published, organization=requester.organization)
    return people, {"published": published, "unpublished": unpublished}, requester.organization, Campaign


def test_campaign_pages_and_api_follow_the_rules(campaigns):
    """Anyone reads published campaigns; only campaign managers see unpublished ones and change anything."""
    people, items, requester, _model = campaigns
    failures = []
    for role in CAMPAIGN_ROLES:
        client = client_for(people[role])
        manager = role == "campaign_manager"
        for state, campaign in items.items():
            visible = state == "published" or manager
            expected = 200 if visible else 404
            for kind, path in (
                ("page", "/en/campaigns/%s/" % campaign.pk),
                ("api", "/api/v1/campaigns/%s/" % campaign.pk),
                ("ics", "/api/v1/campaigns/%s/calendar.ics" % campaign.pk),
            ):
                status = client.get(path).status_code
                if status != expected:
                    failures.append((kind, role, state, status, expected))
            for kind, path in (("edit page", "/en/campaigns/%s/edit/" % campaign.pk),):
                status = client.get(path).status_code
                expected_edit = 200 if manager else (302 if role == "anonymous" else 404)
                if status != expected_edit:
                    failures.append((kind, role, state, status, expected_edit))
            patch = client.patch("/api/v1/campaigns/%s/" % campaign.pk, {"hashtag": "#Changed"}, format="json")
            expected_patch = 401 if role == "anonymous" else (404 if not visible else (200 if manager else 403))
            if patch.status_code != expected_patch:
                failures.append(("patch", role, state, patch.status_code, expected_patch))
            reach = client.post(
                "/api/v1/campaigns/%s/reach/" % campaign.pk,
                {"metric": "broadcasts", "value": 1, "period_start": "2030-01-01", "period_end": "2030-01-01"},
                format="json",
            )
            expected_reach = 401 if role == "anonymous" else (404 if not visible else (201 if manager else 403))
            if reach.status_code != expected_reach:
                failures.append(("reach", role, state, reach.status_code, expected_reach))
        approve = client.post("/api/v1/campaigns/%s/partners/%s/approve/" % (items["published"].pk, requester.pk))
        expected_approve = {"anonymous": 401, "member": 403, "editor": 403, "campaign_manager": 200}[role]
        if approve.status_code != expected_approve:
            failures.append(("approve", role, approve.status_code, expected_approve))
        listed = client.get("/api/v1/campaigns/").json()["count"]
        if listed != (2 if manager else 1):
            failures.append(("list", role, listed))
        page = client.get("/en/campaigns/").content.decode()
        if ("Unpublished campaign" in page) != manager:
            failures.append(("list page", role))
    assert failures == []


RESOURCE_ROLES = ["anonymous", "other_member", "submitter", "editor"]
RESOURCE_STATES = ["draft", "in_review", "published"]


@pytest.fixture
def resources_world():
    from resources.services import resource_publish, resource_submit
    from tests.resources.helpers import new_resource

    own = MembershipFactory(organization__verified=True)
    editor = UserFactory(roles=["editor"])
    people = {"anonymous": None, "other_member": MembershipFactory().user, "submitter": own.user, "editor": editor}
    items = {}
    for state in RESOURCE_STATES:
        resource = new_resource(own.user, title="Ресурс %s" % state)
        if state != "draft":
            resource = resource_submit(resource=resource, actor=own.user)
        if state == "published":
            from reviews.services.decisions import decision_make

            decision_make(case=resource.review_case, outcome="accept", letter="", actor=editor, force_note="test")
            resource.refresh_from_db()
            resource = resource_publish(resource=resource, actor=editor)
        items[state] = resource
    return people, items, own.organization


def test_resource_and_network_pages_follow_the_rules(resources_world):
    """Anyone reads published resources; drafts only their submitter and editors; moderation is for editors."""
    from network.services import thread_start

    people, items, organization = resources_world
    thread = thread_start(
        item=items["published"], actor=people["submitter"], title="Q", body="A question.", language="en"
    )
    post = thread.posts.get()
    failures = []
    for role in RESOURCE_ROLES:
        client = client_for(people[role])
        for state, resource in items.items():
            expected = 200 if state == "published" or role in ("submitter", "editor") else 404
            for kind, path in (
                ("page", "/en/resources/%s/" % resource.pk),
                ("api", "/api/v1/resources/%s/" % resource.pk),
            ):
                status = client.get(path).status_code
                if status != expected:
                    failures.append((kind, role, state, status, expected))
            publish = client.post("/api/v1/resources/%s/publish/" % resource.pk).status_code
            if role == "anonymous":
                expected_publish = 401
            elif expected == 404:
                expected_publish = 404
            elif role == "editor":
                expected_publish = 409  # none of these states is "accepted", none is curated
            else:
                expected_publish = 403
            if publish != expected_publish:
                failures.append(("publish", role, state, publish, expected_publish))
        for path, allowed in (
            ("/en/organisations/%s/" % organization.pk, True),
            ("/api/v1/organisations/%s/" % organization.pk, True),
            ("/en/discussions/%s/" % thread.pk, True),
            ("/en/discussions/moderation/", role == "editor"),
        ):
            status = client.get(path).status_code
            expected = 200 if allowed else (302 if role == "anonymous" else 404)
            if status != expected:
                failures.append(("get", path, role, status, expected))
        hide = client.post("/en/discussions/posts/%s/hide/" % post.pk)
        post.refresh_from_db()
        if post.hidden != (role == "editor") or (role == "anonymous" and hide.status_code != 302):
            failures.append(("hide", role, post.hidden))
    assert failures == []
