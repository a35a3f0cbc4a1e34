"""Every role × proposal state × grant page and endpoint: allowed, or refused, and nothing leaks.

Proposals are confidential: only their organisation and grant managers see them; board members see the
proposals assigned to them through the review engine, never another organisation's data through grants.
"""

import pytest
from rest_framework.test import APIClient

from grants.services.evaluation import proposal_award
from tests.factories import MembershipFactory, UserFactory
from tests.grants.helpers import board_member, draft_proposal, grant_call, grant_manager, proposal_with_board
from tests.grants.helpers import submitted_proposal as submitted

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other_applicant", "applicant", "board_not_assigned", "board_assigned", "editor", "grant_manager"]
STATES = ["draft", "submitted", "under_evaluation", "awarded"]
SECRET = "Budget slightly high."  # the board's confidential comment in tests/grants/helpers.py


@pytest.fixture
def world():
    manager = grant_manager()
    own = MembershipFactory(organization__verified=True)
    assigned = board_member()
    people = {
        "anonymous": None,
        "other_applicant": MembershipFactory(organization__verified=True).user,
        "applicant": own.user,
        "board_not_assigned": board_member(),
        "board_assigned": assigned,
        "editor": UserFactory(roles=["editor"]),
        "grant_manager": manager,
    }
    proposals = {}
    for state in STATES:
        call = grant_call(manager, title="Call %s" % state)
        if state == "draft":
            proposal = draft_proposal(call, membership=own, title="Proposal %s" % state)
        elif state == "submitted":
            proposal = submitted(call, membership=own, title="Proposal %s" % state)
        else:
            proposal = proposal_with_board(call, manager, board=[assigned], membership=own, title="Proposal %s" % state)
        if state == "awarded":
            proposal_award(proposal=proposal, amount="15000", actor=manager)
        proposal.refresh_from_db()
        proposals[state] = proposal
    return people, proposals


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def may_view(role):
    return role in ("applicant", "grant_manager")


def test_proposal_pages_files_and_api_follow_the_rules_and_leak_nothing(world):
    people, proposals = world
    wrong = []
    for role in ROLES:
        client = client_for(people[role])
        for state, proposal in proposals.items():
            cells = {
                "page": client.get("/en/grants/proposals/%s/" % proposal.pk),
                "file": client.get("/en/grants/files/%s/" % proposal.attachments.first().pk),
                "api": client.get("/api/v1/proposals/%s/" % proposal.pk),
            }
            for name, response in cells.items():
                allowed = response.status_code == 200
                if allowed != may_view(role):
                    wrong.append((role, state, name, response.status_code))
                if response.status_code == 200 and role != "grant_manager" and name != "file":
                    body = response.content.decode()
                    if SECRET in body or "Calibrated" in body or "checks" in body:
                        wrong.append((role, state, name, "leaks board or screening data"))
            listing = client.get("/api/v1/proposals/")
            titles = str(listing.json()) if listing.status_code == 200 else ""
            if (proposal.title in titles) != may_view(role):
                wrong.append((role, state, "api-list", proposal.title in titles))
    assert wrong == []


@pytest.mark.parametrize("path", ["screening", "evaluation"])
def test_manager_pages_are_for_grant_managers(world, path):
    people, proposals = world
    call = proposals["submitted"].call
    for role in ROLES:
        response = client_for(people[role]).get("/en/grants/calls/%s/%s/" % (call.pk, path))
        expected = {"grant_manager": 200, "anonymous": 302}.get(role, 404)
        assert response.status_code == expected, role


def test_the_grant_follow_up_is_for_the_grantee_and_managers_the_project_page_for_all(world):
    people, proposals = world
    grant = proposals["awarded"].grant
    for role in ROLES:
        client = client_for(people[role])
        follow_up = client.get("/en/grants/grants/%s/" % grant.pk).status_code
        assert follow_up == (200 if may_view(role) else 302 if role == "anonymous" else 404), role
        public = client.get("/en/grants/projects/%s/" % grant.pk)
        assert public.status_code == 200 and SECRET not in public.content.decode()


def test_review_cases_of_proposals_are_for_grant_managers_not_editors(world):
    people, proposals = world
    case = proposals["under_evaluation"].review_case
    for role in ROLES:
        status = client_for(people[role]).get("/api/v1/review-cases/%s/" % case.pk).status_code
        assert (status == 200) == (role == "grant_manager"), (role, status)
