"""Board evaluation and awards: the engine scores, managers award down the ranking, never past the budget."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from grants.models import Grant, GrantCall, Proposal
from grants.selectors import ranking
from grants.services.evaluation import proposal_award, proposal_decline, proposal_shortlist, remaining_budget
from portal.audit.models import AuditEvent
from portal.errors import DomainError, InvalidTransition
from reviews.models import Decision
from reviews.services.assignments import assignment_create
from reviews.services.bulk import bulk_assignment_propose
from reviews.services.decisions import decision_make
from tests.factories import MembershipFactory, ReviewerProfileFactory, UserFactory
from tests.grants.helpers import board_member, grant_call, grant_manager, proposal_with_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return grant_manager()


@pytest.fixture
def board():
    return [board_member(), board_member()]


def test_only_board_members_evaluate_proposals(manager, board):
    call = grant_call(manager)
    proposal = proposal_with_board(call, manager)
    roster_reviewer = ReviewerProfileFactory().user
    with pytest.raises(ValidationError, match="board"):
        assignment_create(case=proposal.review_case, reviewer=roster_reviewer, due=call.closes.date(), actor=manager)
    proposed = bulk_assignment_propose(cases=[proposal.review_case], reviewers_per_case=2, actor=manager)
    assert {reviewer for _case, reviewer in proposed.pairs} == {member.pk for member in board}


def test_a_board_member_from_the_applicants_organisation_is_excluded(manager):
    call = grant_call(manager)
    membership = MembershipFactory(organization__verified=True)
    colleague = board_member(email="board@%s.example" % "samedomain")
    membership.user.email = "applicant@samedomain.example"
    membership.user.save()
    proposal = proposal_with_board(call, manager, membership=membership)
    proposed = bulk_assignment_propose(cases=[proposal.review_case], reviewers_per_case=2, actor=manager)
    assert colleague.pk not in {reviewer for _case, reviewer in proposed.pairs}
    with pytest.raises(ValidationError, match="Conflict of interest"):
        assignment_create(case=proposal.review_case, reviewer=colleague, due=call.closes.date(), actor=manager)


def test_the_ranking_follows_the_board_scores_and_suggests_within_the_budget(manager, board):
    call = grant_call(manager)
    weak = proposal_with_board(call, manager, board=board, scores=2, amount="25000")
    strong = proposal_with_board(call, manager, board=board, scores=5, amount="28000")
    middle = proposal_with_board(call, manager, board=board, scores=4, amount="15000")
    rows = ranking(call)
    assert [row.proposal.pk for row in rows] == [strong.pk, middle.pk, weak.pk]
    # 50,000: the strong (28,000) and the middle (15,000) fit; the weak would exceed what is left.
    assert [row.suggested for row in rows] == [True, True, False]


def test_award_creates_the_grant_its_tranches_and_reports_and_writes_to_the_applicant(
    manager, board, mailoutbox, django_capture_on_commit_callbacks
):
    call = grant_call(manager)
    proposal = proposal_with_board(call, manager, board=board)
    with django_capture_on_commit_callbacks(execute=True):
        grant = proposal_award(proposal=proposal, amount="18000", actor=manager)
    proposal.refresh_from_db()
    assert proposal.state == "awarded"
    assert grant.amount == Decimal("18000") and grant.currency == "USD"
    assert [t.amount for t in grant.tranches.all()] == [Decimal("10800.00"), Decimal("7200.00")]
    assert sorted(grant.reports.values_list("kind", flat=True)) == ["final", "progress"]
    assert remaining_budget(GrantCall.objects.get(pk=call.pk)) == Decimal("32000")
    assert proposal.review_case.decisions.get().outcome == "accept"
    assert AuditEvent.objects.filter(verb="proposal.award", target_id=str(proposal.pk)).exists()
    letter = next(mail for mail in mailoutbox if proposal.created_by.email in mail.to and "Accepted" in mail.subject)
    assert "18000" in letter.body
    assert "Budget slightly high" not in letter.body


def test_decline_sends_the_boards_comments_to_the_author_and_never_the_confidential_ones(
    manager, board, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = proposal_with_board(grant_call(manager), manager, board=board)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_decline(proposal=proposal, actor=manager)
    proposal.refresh_from_db()
    assert proposal.state == "declined"
    letter = next(
        mail for mail in mailoutbox if proposal.created_by.email in mail.to and "Not accepted" in mail.subject
    )
    assert "strengthen the monitoring" in letter.body
    assert "Budget slightly high" not in letter.body


def test_an_award_beyond_the_remaining_budget_is_refused_and_leaves_nothing(manager, board):
    call = grant_call(manager)
    first = proposal_with_board(call, manager, board=board, amount="30000")
    second = proposal_with_board(call, manager, board=board, amount="25000")
    proposal_award(proposal=first, amount="30000", actor=manager)
    with pytest.raises(InvalidTransition, match="Only 20000.00 USD remain") as refusal:
        proposal_award(proposal=second, amount="25000", actor=manager)
    assert refusal.value.state == "budget_insufficient"
    second.refresh_from_db()
    assert second.state == "under_evaluation"
    assert Grant.objects.count() == 1
    assert not Decision.objects.filter(case=second.review_case).exists()
    assert not AuditEvent.objects.filter(verb="proposal.award", target_id=str(second.pk)).exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-5", "more than zero"), ("abc", "not a number"), ("26000", "more than the"), ("4000", "between 5000")],
)
def test_award_amounts_outside_the_rules_are_refused(manager, board, amount, message):
    proposal = proposal_with_board(grant_call(manager), manager, board=board, amount="25000")
    with pytest.raises(ValidationError, match=message):
        proposal_award(proposal=proposal, amount=amount, actor=manager)
    assert not Grant.objects.exists()


def test_awarding_needs_a_grant_manager_and_an_evaluated_proposal(manager, board):
    call = grant_call(manager)
    proposal = proposal_with_board(call, manager, board=board)
    with pytest.raises(PermissionDenied):
        proposal_award(proposal=proposal, amount="10000", actor=UserFactory(roles=["editor"]))
    proposal_award(proposal=proposal, amount="10000", actor=manager)
    with pytest.raises(InvalidTransition) as refusal:
        proposal_award(proposal=proposal, amount="10000", actor=manager)
    assert refusal.value.state == "awarded"


def test_without_a_board_review_an_award_needs_a_note(manager):
    proposal = proposal_with_board(grant_call(manager), manager)
    with pytest.raises(DomainError, match="No review"):
        proposal_award(proposal=proposal, amount="10000", actor=manager)
    assert not Grant.objects.exists()
    grant = proposal_award(proposal=proposal, amount="10000", actor=manager, note="Emergency call: board met in person")
    assert grant.proposal_id == proposal.pk


def test_the_engines_own_decision_form_cannot_bypass_the_award(manager, board):
    proposal = proposal_with_board(grant_call(manager), manager, board=board)
    with pytest.raises(DomainError, match="award or decline"):
        decision_make(case=proposal.review_case, outcome="accept", letter="", actor=manager)
    proposal.refresh_from_db()
    assert proposal.state == "under_evaluation"
    assert not Decision.objects.exists()


def test_shortlisting_keeps_the_proposal_in_the_running(manager, board):
    proposal = proposal_with_board(grant_call(manager), manager, board=board)
    proposal_shortlist(proposal=proposal, actor=manager)
    proposal.refresh_from_db()
    assert proposal.state == "shortlisted"
    proposal_award(proposal=proposal, amount="10000", actor=manager)
    proposal.refresh_from_db()
    assert proposal.state == "awarded"


def test_the_database_refuses_awards_over_the_budget_even_without_the_service(manager, board):
    from django.db import IntegrityError, transaction

    call = grant_call(manager)
    proposal = proposal_with_board(call, manager, board=board, amount="30000")
    grant = proposal_award(proposal=proposal, amount="30000", actor=manager)
    with pytest.raises(IntegrityError, match="over its budget"), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(amount=Decimal("50000.01"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_awarding_at_once_cannot_exceed_the_budget():
    """Two awards of 30,000 against a 50,000 budget, started at the same moment: exactly one is made."""
    manager, other_manager = grant_manager(), grant_manager()
    members = [board_member(), board_member()]
    call = grant_call(manager)
    first = proposal_with_board(call, manager, board=members, amount="30000")
    second = proposal_with_board(call, manager, board=members, amount="30000")
    barrier = threading.Barrier(2)
    outcomes = {}

    def award(proposal, actor):
        try:
            barrier.wait(timeout=10)
            outcomes[proposal.pk] = proposal_award(proposal=proposal, amount="30000", actor=actor)
        except InvalidTransition as refusal:
            outcomes[proposal.pk] = refusal
        finally:
            connection.close()

    threads = [
        threading.Thread(target=award, args=(first, manager)),
        threading.Thread(target=award, args=(second, other_manager)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    granted = [outcome for outcome in outcomes.values() if isinstance(outcome, Grant)]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, InvalidTransition)]
    assert len(granted) == 1 and len(refused) == 1
    assert Grant.objects.count() == 1
    assert sum(grant.amount for grant in Grant.objects.all()) <= call.budget
    assert Proposal.objects.filter(state="awarded").count() == 1
