"""Funded projects: payments, reports with indicator values, reminders and escalation through the outbox."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from grants.models import Grant, IndicatorValue, Report
from grants.selectors import call_funnel, indicator_totals
from grants.services.evaluation import proposal_award
from grants.services.followup import report_accept, report_reminders_send, report_return, report_submit, tranche_pay
from portal.errors import InvalidTransition
from portal.notifications.models import Notification
from tests.factories import UserFactory
from tests.grants.helpers import board_member, grant_call, grant_manager, proposal_with_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return grant_manager()


@pytest.fixture
def grant(manager):
    call = grant_call(manager)
    proposal = proposal_with_board(call, manager, board=[board_member()])
    return proposal_award(proposal=proposal, amount="20000", actor=manager)


def values_for(grant, **standard):
    result = grant.proposal.results.get()
    return {**standard, "result-%s" % result.pk: "120"}


def test_a_tranche_is_paid_once_and_the_grantee_is_told(grant, manager):
    tranche = grant.tranches.get(number=1)
    tranche_pay(tranche=tranche, actor=manager)
    tranche.refresh_from_db()
    assert tranche.paid_on == timezone.localdate() and tranche.paid_by == manager
    assert Notification.objects.filter(recipient=grant.proposal.created_by, kind="tranche_paid").exists()
    with pytest.raises(InvalidTransition, match="already paid"):
        tranche_pay(tranche=tranche, actor=manager)


def test_payments_are_recorded_by_grant_managers_only_and_not_in_the_future(grant, manager):
    tranche = grant.tranches.get(number=1)
    with pytest.raises(PermissionDenied):
        tranche_pay(tranche=tranche, actor=grant.proposal.created_by)
    with pytest.raises(ValidationError, match="future"):
        tranche_pay(tranche=tranche, actor=manager, paid_on=timezone.localdate() + timedelta(days=2))
    tranche.refresh_from_db()
    assert tranche.paid_on is None


def test_a_progress_report_with_indicators_moves_the_grant_to_reporting(grant):
    report = grant.reports.get(kind="progress")
    report_submit(
        report=report,
        actor=grant.proposal.created_by,
        narrative="Forty monitors trained; 120 children back in school.",
        values=values_for(grant, people_trained="40", victims_identified="3"),
    )
    report.refresh_from_db()
    assert report.state == "submitted"
    assert report.values.count() == 3
    assert Grant.objects.get(pk=grant.pk).state == "reporting"
    assert Notification.objects.filter(kind="report_submitted", recipient__groups__name="grant_manager").exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"people_trained": "forty"}, "not a number"),
        ({"people_trained": "-4"}, "zero or a positive number"),
        ({"invented_indicator": "4"}, "Unknown indicator"),
    ],
)
def test_report_figures_that_are_not_numbers_are_refused_and_nothing_is_saved(grant, values, message):
    report = grant.reports.get(kind="progress")
    with pytest.raises(ValidationError, match=message):
        report_submit(report=report, actor=grant.proposal.created_by, narrative="Work done.", values=values)
    report.refresh_from_db()
    assert report.state == "due" and not IndicatorValue.objects.exists()


def test_only_the_grantee_reports(grant):
    with pytest.raises(PermissionDenied):
        report_submit(report=grant.reports.get(kind="progress"), actor=UserFactory(), narrative="x", values={})


def test_a_returned_report_goes_back_with_a_note_and_can_be_resubmitted(grant, manager):
    report = grant.reports.get(kind="progress")
    report_submit(report=report, actor=grant.proposal.created_by, narrative="Done.", values={})
    with pytest.raises(ValidationError, match="change"):
        report_return(report=report, actor=manager, note="")
    report_return(report=report, actor=manager, note="Please give the number of people trained.")
    report.refresh_from_db()
    assert report.state == "returned"
    assert Notification.objects.filter(kind="report_reviewed", context__accepted=False).exists()
    report_submit(report=report, actor=grant.proposal.created_by, narrative="Done.", values={"people_trained": "40"})
    report.refresh_from_db()
    assert report.state == "submitted"


def test_accepting_the_final_report_closes_a_fully_paid_grant_and_counts_its_results(grant, manager):
    for kind in ("progress", "final"):
        report = grant.reports.get(kind=kind)
        report_submit(
            report=report,
            actor=grant.proposal.created_by,
            narrative="Report.",
            values=values_for(grant, victims_assisted="12" if kind == "final" else "5"),
        )
    report_accept(report=grant.reports.get(kind="progress"), actor=manager)
    final = grant.reports.get(kind="final")
    report_accept(report=final, actor=manager)
    assert Grant.objects.get(pk=grant.pk).state == "reporting", "tranches are not all paid yet"
    totals = {key: value for key, _label, value in indicator_totals(call=grant.call)}
    assert totals["victims_assisted"] == Decimal("17")
    with pytest.raises(InvalidTransition):
        report_accept(report=final, actor=manager)


def test_the_final_report_closes_the_grant_once_every_tranche_is_paid(grant, manager):
    for tranche in grant.tranches.all():
        tranche_pay(tranche=tranche, actor=manager)
    final = grant.reports.get(kind="final")
    report_submit(report=final, actor=grant.proposal.created_by, narrative="All done.", values={})
    report_accept(report=final, actor=manager)
    assert Grant.objects.get(pk=grant.pk).state == "closed"
    with pytest.raises(InvalidTransition):
        report_submit(
            report=grant.reports.get(kind="progress"), actor=grant.proposal.created_by, narrative="x", values={}
        )


def test_reminders_before_the_due_date_then_weekly_when_late_then_escalation_never_twice(grant, manager):
    report = grant.reports.get(kind="progress")
    grantee = grant.proposal.created_by

    def count(kind, recipient=grantee):
        return Notification.objects.filter(kind=kind, recipient=recipient).count()

    report_reminders_send(today=report.due_date - timedelta(days=20))
    assert count("report_due_soon") == 0
    report_reminders_send(today=report.due_date - timedelta(days=7))
    report_reminders_send(today=report.due_date - timedelta(days=6))
    assert count("report_due_soon") == 1
    report_reminders_send(today=report.due_date + timedelta(days=2))
    report_reminders_send(today=report.due_date + timedelta(days=3))
    assert count("report_overdue") == 1
    assert count("report_escalation", manager) == 0
    report_reminders_send(today=report.due_date + timedelta(days=15))
    report_reminders_send(today=report.due_date + timedelta(days=16))
    assert count("report_overdue") == 2
    assert count("report_escalation", manager) == 1
    report_submit(report=report, actor=grantee, narrative="Late but here.", values={})
    report_reminders_send(today=report.due_date + timedelta(days=30))
    assert count("report_overdue") == 2


def test_the_funnel_counts_each_step(manager):
    from grants.services.screening import proposal_screen
    from tests.grants.helpers import draft_proposal, submitted_proposal

    call = grant_call(manager)
    draft_proposal(call)
    ineligible = submitted_proposal(call)
    proposal_screen(proposal=ineligible, eligible=False, actor=manager, reason="Outside the theme")
    awarded = proposal_with_board(call, manager, board=[board_member()])
    proposal_award(proposal=awarded, amount="10000", actor=manager)
    funnel = call_funnel(call)
    assert (funnel.started, funnel.submitted, funnel.screened, funnel.eligible, funnel.evaluated, funnel.awarded) == (
        3,
        2,
        2,
        1,
        1,
        1,
    )
    assert funnel.countries == 1
    assert funnel.awarded_amount == Decimal("10000")
    assert Report.objects.filter(grant__call=call).count() == 2
