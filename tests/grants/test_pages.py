"""The grant pages, as applicants, grant managers and the public use them (without JavaScript)."""

import pytest

from grants.models import Grant, Proposal
from grants.services.evaluation import proposal_award
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


def test_calls_and_a_call_page_are_public(client):
    call = grant_call()
    listing = client.get("/en/grants/")
    assert listing.status_code == 200 and call.title in listing.content.decode()
    page = client.get("/fr/grants/calls/%s/" % call.pk)
    assert page.status_code == 200
    assert "Log" in page.content.decode() or "Connect" in page.content.decode()


def test_an_applicant_fills_the_form_with_budget_lines_and_results_then_submits(client):
    call = grant_call()
    membership = MembershipFactory(organization__verified=True)
    client.force_login(membership.user)
    form = {
        "title": "Hotline for migrant workers",
        "original_language": "en",
        "summary": "A hotline in four languages.",
        "problem": "Workers do not know where to report abuse.",
        "activities": "Hotline, outreach in dormitories.",
        "timeline": "Year one.",
        "duration_months": "12",
        "countries": ["NA"],
        "budget-TOTAL_FORMS": "3",
        "budget-INITIAL_FORMS": "0",
        "budget-0-category": "staff",
        "budget-0-description": "Hotline operators",
        "budget-0-amount": "8000",
        "budget-1-category": "communication",
        "budget-1-description": "Leaflets",
        "budget-1-amount": "2000",
        "budget-2-category": "",
        "budget-2-description": "",
        "budget-2-amount": "",
        "results-TOTAL_FORMS": "2",
        "results-INITIAL_FORMS": "0",
        "results-0-result": "Calls answered",
        "results-0-indicator": "calls",
        "results-0-target": "500",
        "results-1-result": "",
        "results-1-indicator": "",
        "results-1-target": "",
    }
    response = client.post("/en/grants/calls/%s/apply/" % call.pk, form)
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"].endswith("/en/grants/proposals/%s/" % proposal.pk)
    assert str(proposal.requested_amount) == "10000.00"
    page = client.get(response["Location"]).content.decode()
    assert "Still needed" in page and "Work plan" in page
    client.post("/en/grants/proposals/%s/attachments/" % proposal.pk, {"kind": "workplan", "file": pdf_upload()})
    client.post("/en/grants/proposals/%s/submit/" % proposal.pk)
    proposal.refresh_from_db()
    assert proposal.state == "submitted"


def test_a_bad_budget_line_is_shown_on_the_form_and_nothing_is_saved(client):
    call = grant_call()
    membership = MembershipFactory(organization__verified=True)
    client.force_login(membership.user)
    response = client.post(
        "/en/grants/calls/%s/apply/" % call.pk,
        {
            "title": "Numbers",
            "original_language": "en",
            "budget-TOTAL_FORMS": "1",
            "budget-INITIAL_FORMS": "0",
            "budget-0-category": "staff",
            "budget-0-description": "Coordinator",
            "budget-0-amount": "-50",
            "results-TOTAL_FORMS": "0",
            "results-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "more than zero" in response.content.decode()
    assert not Proposal.objects.exists()


def test_another_organisation_and_the_public_never_see_a_proposal(client):
    proposal = submitted_proposal(grant_call())
    assert client.get("/en/grants/proposals/%s/" % proposal.pk).status_code == 302
    client.force_login(MembershipFactory(organization__verified=True).user)
    assert client.get("/en/grants/proposals/%s/" % proposal.pk).status_code == 404
    assert client.get("/en/grants/files/%s/" % proposal.attachments.get().pk).status_code == 404
    assert proposal.title not in client.get("/en/grants/proposals/").content.decode()


@pytest.mark.parametrize("path", ["screening", "evaluation"])
def test_manager_pages_are_hidden_from_others(client, path):
    call = grant_call()
    client.force_login(UserFactory(roles=["editor"]))
    assert client.get("/en/grants/calls/%s/%s/" % (call.pk, path)).status_code == 404


def test_one_click_screening_with_progress(client, django_assert_max_num_queries):
    manager = grant_manager()
    call = grant_call(manager)
    first = submitted_proposal(call)
    second = submitted_proposal(call)
    client.force_login(manager)
    with django_assert_max_num_queries(20):
        page = client.get("/en/grants/calls/%s/screening/" % call.pk)
    assert "0 of 2 screened" in page.content.decode()
    client.post("/en/grants/calls/%s/screening/" % call.pk, {"proposal": first.pk, "outcome": "eligible"})
    refused = client.post(
        "/en/grants/calls/%s/screening/" % call.pk, {"proposal": second.pk, "outcome": "ineligible"}, follow=True
    )
    assert "Give the reason" in refused.content.decode()
    client.post(
        "/en/grants/calls/%s/screening/" % call.pk,
        {"proposal": second.pk, "outcome": "ineligible", "reason": "Duplicate"},
    )
    page = client.get("/en/grants/calls/%s/screening/?state=" % call.pk).content.decode()
    assert "2 of 2 screened" in page and "1 eligible" in page


def test_the_evaluation_page_ranks_and_awards(client):
    manager = grant_manager()
    call = grant_call(manager)
    proposal = proposal_with_board(call, manager, board=[board_member()])
    client.force_login(manager)
    page = client.get("/en/grants/calls/%s/evaluation/" % call.pk).content.decode()
    assert proposal.title in page and "50,000.00" in page
    client.post("/en/grants/proposals/%s/decide/" % proposal.pk, {"action": "award", "amount": "12000"})
    assert Grant.objects.get().amount == 12000
    page = client.get("/en/grants/calls/%s/evaluation/" % call.pk).content.decode()
    assert "38,000.00" in page


def test_grantee_reports_on_the_site_and_the_manager_accepts(client):
    manager = grant_manager()
    call = grant_call(manager)
    proposal = proposal_with_board(call, manager, board=[board_member()])
    grant = proposal_award(proposal=proposal, amount="20000", actor=manager)
    report = grant.reports.get(kind="progress")
    client.force_login(proposal.created_by)
    bad = client.post("/en/grants/reports/%s/" % report.pk, {"narrative": "Done", "indicator_people_trained": "lots"})
    assert bad.status_code == 200 and "not a number" in bad.content.decode()
    client.post("/en/grants/reports/%s/" % report.pk, {"narrative": "Done", "indicator_people_trained": "40"})
    report.refresh_from_db()
    assert report.state == "submitted"
    client.force_login(manager)
    client.post("/en/grants/tranches/%s/pay/" % grant.tranches.get(number=1).pk, {"paid_on": ""})
    client.post("/en/grants/reports/%s/review/" % report.pk, {"action": "accept"})
    report.refresh_from_db()
    assert report.state == "accepted"
    assert grant.tranches.get(number=1).paid_on is not None


def test_figures_page_shows_the_funnel_as_chart_and_table_and_as_csv(client):
    manager = grant_manager()
    call = grant_call(manager)
    submitted_proposal(call)
    page = client.get("/en/grants/calls/%s/figures/" % call.pk).content.decode()
    assert "<svg" in page and "<table" in page and "Proposals submitted" in page
    csv = client.get("/en/grants/calls/%s/figures/?format=csv" % call.pk)
    assert csv["Content-Type"].startswith("text/csv")
    assert "submitted,Proposals submitted,1" in csv.content.decode()


def test_funded_projects_are_listed_by_country_and_call(client):
    manager = grant_manager()
    call = grant_call(manager)
    proposal = proposal_with_board(call, manager, board=[board_member()])
    grant = proposal_award(proposal=proposal, amount="20000", actor=manager)
    assert proposal.title in client.get("/en/grants/projects/?country=NA").content.decode()
    assert proposal.title not in client.get("/en/grants/projects/?country=MA").content.decode()
    assert proposal.title in client.get("/en/grants/projects/?call=%s" % call.pk).content.decode()
    detail = client.get("/ar/grants/projects/%s/" % grant.pk)
    assert detail.status_code == 200 and 'dir="rtl"' in detail.content.decode()
    assert "Namibia" in client.get("/en/grants/projects/").content.decode()


def test_funded_projects_come_in_pages_that_keep_the_filters(client, monkeypatch):
    monkeypatch.setattr("grants.views.PROJECTS_PER_PAGE", 1)
    manager = grant_manager()
    call = grant_call(manager)
    links = []
    for _ in range(2):
        proposal = proposal_with_board(call, manager, board=[board_member()])
        grant = proposal_award(proposal=proposal, amount="20000", actor=manager)
        links.append('href="/en/grants/projects/%s/"' % grant.pk)
    first = client.get("/en/grants/projects/?call=%s" % call.pk).content.decode()
    assert "Page 1 of 2" in first
    assert 'href="?call=%s&amp;page=2" rel="next"' % call.pk in first
    second = client.get("/en/grants/projects/?call=%s&page=2" % call.pk).content.decode()
    assert [link in first for link in links] == [False, True]  # the latest award first
    assert [link in second for link in links] == [True, False]
