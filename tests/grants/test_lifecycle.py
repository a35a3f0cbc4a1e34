"""Grant calls and proposals: each transition and each refusal, with its audit and outbox rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from grants.models import BudgetLine, Grant, GrantCall, Proposal, ScreeningItem
from grants.services.proposals import proposal_create, proposal_submit, proposal_update, proposal_withdraw
from grants.services.screening import proposal_screen, screening_answer
from portal.audit.models import AuditEvent
from portal.errors import DomainError, InvalidTransition
from portal.notifications.models import Notification
from portal.taxonomy.models import Country
from tests.factories import MembershipFactory, UserFactory
from tests.grants.helpers import draft_proposal, grant_call, grant_manager, submitted_proposal

pytestmark = pytest.mark.django_db


def audit_verbs(obj):
    return list(AuditEvent.objects.for_object(obj).values_list("verb", flat=True))


def test_a_grant_manager_opens_a_call_with_the_default_grant_rubric():
    call = grant_call()
    assert call.rubric.kind == "grant" and call.rubric.is_default
    assert audit_verbs(call) == ["grant_call.create"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"closes": timezone.now() - timedelta(days=30)}, "closes"),
        ({"max_award": Decimal("60000")}, "max_award"),
        ({"min_award": Decimal("40000")}, "min_award"),
        ({"currency": "dollars"}, "currency"),
        ({"eligible_org_kinds": ["pirates"]}, "eligible_org_kinds"),
    ],
)
def test_a_call_that_does_not_hold_together_is_refused(overrides, field):
    with pytest.raises(ValidationError) as refusal:
        grant_call(**overrides)
    assert field in refusal.value.message_dict
    assert not GrantCall.objects.exists()


def test_only_grant_managers_open_calls():
    with pytest.raises(PermissionDenied):
        grant_call(manager=UserFactory(roles=["editor"]))


def test_a_draft_totals_its_budget_lines():
    proposal = draft_proposal(grant_call(), amount="12500.50")
    assert proposal.requested_amount == Decimal("12500.50")
    assert proposal.budget_lines.count() == 2
    assert audit_verbs(proposal) == ["proposal.create"]


def test_an_unverified_organisation_cannot_apply():
    membership = MembershipFactory(organization__verified=False)
    with pytest.raises(DomainError, match="verified"):
        draft_proposal(grant_call(), membership=membership)
    assert not Proposal.objects.exists()


def test_only_members_apply_for_their_organisation():
    membership = MembershipFactory(organization__verified=True)
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        proposal_create(call=grant_call(), organization=membership.organization, actor=stranger, title="Mine")


def test_one_proposal_per_organisation_unless_the_call_allows_more():
    call = grant_call()
    membership = MembershipFactory(organization__verified=True)
    draft_proposal(call, membership=membership)
    colleague = MembershipFactory(organization=membership.organization)
    with pytest.raises(DomainError, match="already has a proposal"):
        draft_proposal(call, membership=colleague)
    assert Proposal.objects.count() == 1

    generous = grant_call(proposals_per_organization=2)
    draft_proposal(generous, membership=membership)
    draft_proposal(generous, membership=colleague)
    assert generous.proposals.count() == 2


def test_a_withdrawn_proposal_frees_the_place():
    call = grant_call()
    membership = MembershipFactory(organization__verified=True)
    first = draft_proposal(call, membership=membership)
    proposal_withdraw(proposal=first, actor=membership.user)
    second = draft_proposal(call, membership=membership)
    assert second.state == "draft"


def test_a_closed_call_takes_no_new_proposal():
    call = grant_call(opens=timezone.now() - timedelta(days=30), closes=timezone.now() - timedelta(days=1))
    with pytest.raises(DomainError, match="not open"):
        draft_proposal(call)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([{"category": "staff", "description": "Coordinator", "amount": "-100"}], "more than zero"),
        ([{"category": "staff", "description": "Coordinator", "amount": "a lot"}], "not a number"),
        ([{"category": "staff", "description": "Coordinator", "amount": "NaN"}], "not a number"),
        ([{"category": "staff", "description": "Coordinator", "amount": "31000"}], "over the call's largest award"),
        ([{"category": "yachts", "description": "Boat", "amount": "100"}], "choose a budget category"),
        ([{"category": "staff", "description": "", "amount": "100"}], "describe"),
    ],
)
def test_budget_lines_that_are_wrong_are_refused_and_nothing_is_saved(lines, message):
    proposal = draft_proposal(grant_call())
    with pytest.raises(ValidationError, match=message):
        proposal_update(proposal=proposal, actor=proposal.created_by, budget_lines=lines)
    proposal.refresh_from_db()
    assert proposal.requested_amount == Decimal("20000")
    assert proposal.budget_lines.count() == 2


def test_a_declared_amount_must_equal_the_sum_of_the_lines():
    proposal = draft_proposal(grant_call())
    lines = [{"category": "staff", "description": "Coordinator", "amount": "1000"}]
    with pytest.raises(ValidationError, match="add up to 1000"):
        proposal_update(proposal=proposal, actor=proposal.created_by, budget_lines=lines, requested_amount="1500")
    assert BudgetLine.objects.filter(proposal=proposal).count() == 2


def test_submission_checks_completeness_amount_and_attachments():
    call = grant_call()
    proposal = draft_proposal(call, amount="3000", attach=False, summary="")
    with pytest.raises(ValidationError) as refusal:
        proposal_submit(proposal=proposal, actor=proposal.created_by)
    errors = refusal.value.message_dict
    assert set(errors) == {"summary", "budget_lines", "attachments"}
    assert "between 5000" in errors["budget_lines"][0]
    proposal.refresh_from_db()
    assert proposal.state == "draft" and not proposal.screening_items.exists()


def test_submitting_records_the_checklist_and_tells_the_applicant(django_capture_on_commit_callbacks):
    call = grant_call(screening_questions=["The project directly benefits children at risk"])
    with django_capture_on_commit_callbacks(execute=False):
        proposal = submitted_proposal(call)
    assert proposal.state == "submitted" and proposal.submitted_at is not None
    items = {item.key: item for item in proposal.screening_items.all()}
    assert {key for key, item in items.items() if item.automatic and item.passed} == {
        "organization_kind",
        "organization_country",
        "organization_verified",
        "amount_within_limits",
        "attachments_present",
        "on_time",
    }
    assert items["question-1"].passed is None and not items["question-1"].automatic
    assert "proposal.submit" in audit_verbs(proposal)
    assert Notification.objects.filter(recipient=proposal.created_by, kind="proposal_submitted").exists()


def test_no_submission_after_the_deadline(settings):
    call = grant_call()
    proposal = draft_proposal(call)
    GrantCall.objects.filter(pk=call.pk).update(closes=timezone.now() - timedelta(minutes=1))
    with pytest.raises(InvalidTransition, match="closed") as refusal:
        proposal_submit(proposal=proposal, actor=proposal.created_by)
    assert refusal.value.state == "draft"
    proposal.refresh_from_db()
    assert proposal.state == "draft"


def test_a_second_submission_is_refused_with_the_state():
    proposal = submitted_proposal(grant_call())
    with pytest.raises(InvalidTransition) as refusal:
        proposal_submit(proposal=proposal, actor=proposal.created_by)
    assert refusal.value.state == "submitted"


def test_an_ineligible_kind_of_organisation_fails_its_automatic_check():
    call = grant_call(eligible_org_kinds=["ngo"], eligible_countries=[Country.objects.get(code="MA")])
    membership = MembershipFactory(organization__verified=True, organization__kind="academic")
    proposal = submitted_proposal(call, membership=membership)
    failed = set(proposal.screening_items.filter(passed=False).values_list("key", flat=True))
    assert failed == {"organization_kind", "organization_country"}
    manager = grant_manager()
    with pytest.raises(ValidationError, match="kind of organisation is eligible"):
        proposal_screen(proposal=proposal, eligible=True, actor=manager)
    proposal.refresh_from_db()
    assert proposal.state == "submitted"


def test_screened_out_with_a_reason_the_applicant_receives(mailoutbox, django_capture_on_commit_callbacks):
    proposal = submitted_proposal(grant_call())
    manager = grant_manager()
    with pytest.raises(ValidationError, match="reason"):
        proposal_screen(proposal=proposal, eligible=False, actor=manager)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_screen(
            proposal=proposal, eligible=False, actor=manager, reason="The project is outside the call's theme."
        )
    proposal.refresh_from_db()
    assert proposal.state == "ineligible" and proposal.screened_by == manager
    assert "proposal.screen" in audit_verbs(proposal)
    message = next(
        mail for mail in mailoutbox if proposal.created_by.email in mail.to and "Not eligible" in mail.subject
    )
    assert "outside the call's theme" in message.body


def test_one_click_eligible_answers_the_open_questions_yes():
    call = grant_call(screening_questions=["Works with survivors", "Has a safeguarding policy"])
    proposal = submitted_proposal(call)
    manager = grant_manager()
    proposal_screen(proposal=proposal, eligible=True, actor=manager)
    assert not proposal.screening_items.filter(passed__isnull=True).exists()
    proposal.refresh_from_db()
    assert proposal.state == "eligible"


def test_a_manual_no_blocks_eligibility_and_moves_the_proposal_into_screening():
    call = grant_call(screening_questions=["Has a safeguarding policy"])
    proposal = submitted_proposal(call)
    manager = grant_manager()
    item = proposal.screening_items.get(key="question-1")
    screening_answer(item=item, passed=False, actor=manager, detail="No policy attached")
    proposal.refresh_from_db()
    assert proposal.state == "screening"
    with pytest.raises(ValidationError, match="safeguarding policy"):
        proposal_screen(proposal=proposal, eligible=True, actor=manager)
    automatic = proposal.screening_items.get(key="on_time")
    with pytest.raises(ValidationError, match="computed"):
        screening_answer(item=automatic, passed=False, actor=manager)


def test_only_grant_managers_screen():
    proposal = submitted_proposal(grant_call())
    with pytest.raises(PermissionDenied):
        proposal_screen(proposal=proposal, eligible=True, actor=proposal.created_by)
    with pytest.raises(PermissionDenied):
        screening_answer(item=ScreeningItem.objects.filter(proposal=proposal).first(), passed=True, actor=UserFactory())


def test_a_screened_proposal_cannot_be_screened_again():
    proposal = submitted_proposal(grant_call())
    manager = grant_manager()
    proposal_screen(proposal=proposal, eligible=True, actor=manager)
    with pytest.raises(InvalidTransition) as refusal:
        proposal_screen(proposal=proposal, eligible=False, actor=manager, reason="Changed my mind")
    assert refusal.value.state == "eligible"


def test_the_applicant_cannot_withdraw_once_the_board_evaluates():
    from grants.services.evaluation import proposals_send_to_board

    call = grant_call()
    proposal = submitted_proposal(call)
    manager = grant_manager()
    proposal_screen(proposal=proposal, eligible=True, actor=manager)
    proposals_send_to_board(call=call, actor=manager)
    with pytest.raises(InvalidTransition) as refusal:
        proposal_withdraw(proposal=proposal, actor=proposal.created_by)
    assert refusal.value.state == "under_evaluation"
    assert not Grant.objects.exists()
