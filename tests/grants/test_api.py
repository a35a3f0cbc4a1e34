"""The grants API of API.md: paths, fields, statuses and who may do what."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grants.models import Grant, Proposal
from grants.services.evaluation import proposal_award
from grants.services.followup import report_accept
from tests.factories import MembershipFactory, UserFactory
from tests.grants.helpers import (
    board_member,
    grant_call,
    grant_manager,
    pdf_upload,
    proposal_with_board,
    submitted_proposal,
)

pytestmark = pytest.mark.django_db


def test_calls_are_public_and_open_ones_come_first(api_client):
    manager = grant_manager()
    closed = grant_call(manager, opens=timezone.now() - timedelta(days=60), closes=timezone.now() - timedelta(days=30))
    open_ = grant_call(manager)
    response = api_client.get("/api/v1/grant-calls/")
    assert response.status_code == 200
    assert [call["id"] for call in response.json()["results"]] == [open_.pk, closed.pk]
    first = response.json()["results"][0]
    assert first["is_open"] is True and first["budget"] == "50000.00" and first["currency"] == "USD"


def test_a_grant_manager_opens_a_call_over_the_api(api_client):
    api_client.force_authenticate(grant_manager())
    now = timezone.now()
    payload = {
        "title": "Emergency assistance to victims 2027",
        "description": "Shelter, health care and legal aid.",
        "programme_type": "emergency",
        "budget": "100000",
        "currency": "EUR",
        "max_award": "20000",
        "opens": now.isoformat(),
        "closes": (now + timedelta(days=30)).isoformat(),
        "eligible_org_kinds": ["ngo"],
        "eligible_countries": ["MA", "NA"],
        "reviewers_per_proposal": 3,
    }
    response = api_client.post("/api/v1/grant-calls/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["eligible_countries"] == ["MA", "NA"] or sorted(response.json()["eligible_countries"]) == [
        "MA",
        "NA",
    ]
    bad = api_client.post("/api/v1/grant-calls/", {**payload, "max_award": "200000"}, format="json")
    assert bad.status_code == 400 and "max_award" in bad.json()


def test_others_cannot_open_calls(api_client):
    api_client.force_authenticate(UserFactory(roles=["editor"]))
    response = api_client.post("/api/v1/grant-calls/", {}, format="json")
    assert response.status_code in (400, 403)
    api_client.force_authenticate(UserFactory(roles=["editor"]))
    now = timezone.now()
    full = {
        "title": "x",
        "description": "x",
        "programme_type": "research",
        "budget": "10",
        "max_award": "5",
        "opens": now.isoformat(),
        "closes": (now + timedelta(days=1)).isoformat(),
    }
    assert api_client.post("/api/v1/grant-calls/", full, format="json").status_code == 403


def test_an_applicant_drafts_attaches_and_submits_over_the_api(api_client):
    call = grant_call()
    membership = MembershipFactory(organization__verified=True)
    api_client.force_authenticate(membership.user)
    payload = {
        "call": call.pk,
        "title": "Shelter beds for survivors",
        "summary": "Twelve beds.",
        "problem": "No shelter in the district.",
        "activities": "Rent and staff a shelter.",
        "timeline": "Twelve months.",
        "countries": ["NA"],
        "duration_months": 12,
        "budget_lines": [
            {"category": "victim_support", "description": "Beds and meals", "amount": "9000"},
            {"category": "staff", "description": "Night staff", "amount": "6000.50"},
        ],
        "results": [{"result": "Survivors sheltered", "indicator": "people sheltered", "target": "60"}],
    }
    response = api_client.post("/api/v1/proposals/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["requested_amount"] == "15000.50" and body["state"] == "draft"
    proposal_id = body["id"]
    upload = api_client.post(
        "/api/v1/proposals/%s/attachments/" % proposal_id,
        {"file": pdf_upload(), "kind": "workplan"},
        format="multipart",
    )
    assert upload.status_code == 201
    patched = api_client.patch(
        "/api/v1/proposals/%s/" % proposal_id, {"summary": "Twelve beds, all year."}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["summary"] == "Twelve beds, all year."
    submitted = api_client.post("/api/v1/proposals/%s/submit/" % proposal_id)
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    again = api_client.post("/api/v1/proposals/%s/submit/" % proposal_id)
    assert again.status_code == 409 and again.json()["state"] == "submitted"
    assert "checks" not in submitted.json()["screening"]


def test_budget_lines_that_do_not_add_up_are_a_400(api_client):
    call = grant_call()
    membership = MembershipFactory(organization__verified=True)
    api_client.force_authenticate(membership.user)
    response = api_client.post(
        "/api/v1/proposals/",
        {
            "call": call.pk,
            "title": "Numbers",
            "budget_lines": [{"category": "staff", "description": "Coordinator", "amount": "1000"}],
            "requested_amount": "2000",
        },
        format="json",
    )
    assert response.status_code == 400 and "requested_amount" in response.json()
    assert not Proposal.objects.exists()


def test_an_unverified_organisation_gets_a_clear_400(api_client):
    call = grant_call()
    membership = MembershipFactory(organization__verified=False)
    api_client.force_authenticate(membership.user)
    response = api_client.post("/api/v1/proposals/", {"call": call.pk, "title": "Too early"}, format="json")
    assert response.status_code == 400 and "verified" in response.json()["detail"]


def test_an_applicant_never_sees_another_organisations_proposal(api_client):
    proposal = submitted_proposal(grant_call())
    outsider = MembershipFactory(organization__verified=True).user
    api_client.force_authenticate(outsider)
    assert api_client.get("/api/v1/proposals/%s/" % proposal.pk).status_code == 404
    assert api_client.get("/api/v1/proposals/").json()["count"] == 0
    assert api_client.post("/api/v1/proposals/%s/withdraw/" % proposal.pk).status_code == 404
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/proposals/%s/" % proposal.pk).status_code in (401, 403)


def test_screening_and_award_over_the_api_with_the_budget_conflict(api_client):
    manager = grant_manager()
    call = grant_call(manager)
    board = [board_member()]
    proposal = submitted_proposal(call)
    api_client.force_authenticate(proposal.created_by)
    assert api_client.post("/api/v1/proposals/%s/screening/" % proposal.pk, {"eligible": True}).status_code == 403
    api_client.force_authenticate(manager)
    screened = api_client.post("/api/v1/proposals/%s/screening/" % proposal.pk, {"eligible": True}, format="json")
    assert screened.status_code == 200 and screened.json()["screening"]["outcome"] == "eligible"
    assert {check["key"] for check in screened.json()["screening"]["checks"]} >= {"on_time", "organization_verified"}

    first = proposal_with_board(call, manager, board=board, amount="30000")
    second = proposal_with_board(call, manager, board=board, amount="25000")
    assert api_client.post("/api/v1/proposals/%s/award/" % first.pk, {"amount": "30000"}).status_code == 201
    refused = api_client.post("/api/v1/proposals/%s/award/" % second.pk, {"amount": "25000"})
    assert refused.status_code == 409
    assert "remain" in refused.json()["detail"]


def test_an_applicant_never_sees_board_scores(api_client, client):
    manager = grant_manager()
    call = grant_call(manager)
    proposal = proposal_with_board(call, manager, board=[board_member()])
    api_client.force_authenticate(proposal.created_by)
    body = api_client.get("/api/v1/proposals/%s/" % proposal.pk).json()
    assert "score" not in str(body).lower() and "Budget slightly high" not in str(body)
    assert api_client.get("/api/v1/review-cases/%s/" % proposal.review_case_id).status_code in (403, 404)
    client.force_login(proposal.created_by)
    page = client.get("/en/grants/proposals/%s/" % proposal.pk).content.decode()
    assert "Board scores" not in page and "Budget slightly high" not in page


def test_funded_projects_are_public_with_their_reported_results(api_client, django_assert_max_num_queries):
    manager = grant_manager()
    call = grant_call(manager)
    proposal = proposal_with_board(call, manager, board=[board_member()])
    grant = proposal_award(proposal=proposal, amount="20000", actor=manager)
    grantee = proposal.created_by
    api_client.force_authenticate(grantee)
    result_key = "result-%s" % proposal.results.get().pk
    response = api_client.post(
        "/api/v1/grants/%s/reports/" % grant.pk,
        {"kind": "progress", "narrative": "Half-way.", "indicators": {"victims_assisted": "14", result_key: "150"}},
        format="json",
    )
    assert response.status_code == 201, response.json()
    bad = api_client.post(
        "/api/v1/grants/%s/reports/" % grant.pk,
        {"kind": "final", "narrative": "x", "indicators": {"victims_assisted": "many"}},
        format="json",
    )
    assert bad.status_code == 400 and "not a number" in str(bad.json())
    report_accept(report=grant.reports.get(kind="progress"), actor=manager)
    for _other in range(3):
        other = proposal_with_board(grant_call(manager), manager)
        proposal_award(proposal=other, amount="10000", actor=manager, note="test")
    api_client.force_authenticate(None)
    with django_assert_max_num_queries(10):
        listing = api_client.get("/api/v1/grants/")
    assert listing.status_code == 200 and listing.json()["count"] == 4
    item = next(row for row in listing.json()["results"] if row["id"] == grant.pk)
    assert item["id"] == grant.pk and item["amount"] == "20000.00"
    results = {row["indicator"]: row for row in item["results"]}
    assert results["victims_assisted"]["value"] == "14.00"
    assert results[result_key]["value"] == "150.00" and results[result_key]["target"] == "300.00"
    api_client.force_authenticate(UserFactory())
    stranger = api_client.post(
        "/api/v1/grants/%s/reports/" % grant.pk, {"kind": "final", "narrative": "x"}, format="json"
    )
    assert stranger.status_code == 403
    assert Grant.objects.count() == 4
