"""A grant call from opening to the first report, in a real browser, as each person would use it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grants.models import Grant, GrantCall, Proposal
from tests.e2e.conftest import serious_violations, wait_for_mail
from tests.factories import MembershipFactory, UserFactory
from tests.grants.helpers import board_member
from tests.practices.test_files import make_pdf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def accessible(person, step):
    person.shot(step)
    assert serious_violations(person.page) == [], step


def apply(person, call, title, workplan):
    page = person.page
    person.go("/en/grants/calls/%s/" % call.pk)
    page.click("text=Start a proposal")
    page.fill("#id_title", title)
    for field, text in [
        ("summary", "Outreach and shelter for survivors."),
        ("problem", "Survivors have nowhere safe to go."),
        ("activities", "Outreach workers; a shelter; legal aid."),
        ("timeline", "Twelve months."),
    ]:
        page.fill("#id_%s" % field, text)
    page.fill("#id_duration_months", "12")
    page.select_option("#id_countries", ["NA"])
    page.select_option("#id_budget-0-category", "victim_support")
    page.fill("#id_budget-0-description", "Shelter running costs")
    page.fill("#id_budget-0-amount", "12000")
    page.select_option("#id_budget-1-category", "staff")
    page.fill("#id_budget-1-description", "Outreach workers")
    page.fill("#id_budget-1-amount", "6000")
    page.fill("#id_results-0-result", "Survivors sheltered")
    page.fill("#id_results-0-indicator", "people sheltered")
    page.fill("#id_results-0-target", "50")
    accessible(person, "proposal-form")
    page.click("text=Save the draft")
    page.select_option("#attachment-kind", "workplan")
    page.set_input_files("#attachment-file", str(workplan))
    page.click("form[action$='/attachments/'] button")
    assert "The file is attached" in page.content()
    accessible(person, "proposal-draft")
    page.click("text=Submit the proposal")
    assert "Your proposal is submitted" in page.content()
    return Proposal.objects.get(title=title)


def test_call_to_award_to_first_report(visitor, password, tmp_path, mailoutbox, celery_worker):
    manager = UserFactory(roles=["grant_manager"], full_name="Grace Manager")
    board = board_member(full_name="Bruno Board")
    applicants = [MembershipFactory(organization__verified=True) for _ in range(2)]
    workplan = tmp_path / "work-plan.pdf"
    workplan.write_bytes(make_pdf("Work plan month by month"))

    # The grant manager opens the call.
    desk = visitor("manager")
    desk.login(manager.email, password)
    desk.go("/en/grants/calls/new/")
    page = desk.page
    page.fill("#id_title", "Emergency help for survivors")
    page.fill("#id_description", "Shelter and legal aid.")
    page.select_option("#id_programme_type", "emergency")
    page.fill("#id_budget", "40000")
    page.fill("#id_currency", "USD")
    page.fill("#id_min_award", "5000")
    page.fill("#id_max_award", "25000")
    page.fill("#id_opens", (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_closes", (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=required_attachments][value=workplan]")
    accessible(desk, "call-form")
    page.click("text=Create the call")
    call = GrantCall.objects.get()
    assert "The call is created" in page.content()

    # Two organisations apply.
    proposals = []
    for number, membership in enumerate(applicants, start=1):
        person = visitor("applicant%s" % number)
        person.login(membership.user.email, password)
        proposals.append(apply(person, call, "Project %s" % number, workplan))
    kept, screened_out = proposals

    # Screening: one is eligible, the other is screened out with a reason.
    desk.go("/en/grants/calls/%s/screening/" % call.pk)
    assert "0 of 2 screened" in desk.page.content()
    accessible(desk, "screening")
    row = desk.page.locator("tr", has_text=screened_out.title)
    row.locator("input[name=reason]").fill("The shelter is outside the call's countries.")
    row.locator("button[value=ineligible]").click()
    desk.page.locator("tr", has_text=kept.title).locator("button[value=eligible]").click()
    desk.go("/en/grants/calls/%s/screening/?state=" % call.pk)
    assert "2 of 2 screened" in desk.page.content()

    # The board evaluates the eligible one.
    desk.go("/en/grants/calls/%s/evaluation/" % call.pk)
    desk.page.click("text=Send eligible proposals to the board")
    desk.page.click("button[name=propose]")
    desk.page.click("button[name=apply]")
    assert "Invitations sent: 1" in desk.page.content()
    member = visitor("board")
    member.login(board.email, password)
    member.go("/en/reviews/")
    member.page.click("table a")
    member.page.click("form[action$='/accept/'] button")
    kept.refresh_from_db()
    for criterion in kept.review_case.rubric.criteria.all():
        member.page.check("input[name=criterion_%s][value='4']" % criterion.pk)
    member.page.check("input[name=recommendation][value=accept]")
    member.page.fill("#id_comments_to_author", "A sound plan.")
    accessible(member, "board-review")
    member.page.click("button[name=submit]")

    # The grant manager awards it down the ranking, pays the first tranche, accepts the progress report.
    desk.go("/en/grants/calls/%s/evaluation/" % call.pk)
    accessible(desk, "evaluation")
    desk.page.locator("tr", has_text=kept.title).locator("button[value=award]").click()
    grant = Grant.objects.get()
    assert grant.amount == 18000
    # Delivered by the real worker: the screened-out applicant got the reason, the other the award letter.
    wait_for_mail(mailoutbox, to=applicants[1].user.email, containing="outside the call's countries")
    wait_for_mail(mailoutbox, to=applicants[0].user.email, containing="18000")
    desk.go("/en/grants/grants/%s/" % grant.pk)
    desk.page.locator("form[action$='/pay/']").first.locator("button").click()
    assert grant.tranches.get(number=1).paid_on is not None

    grantee = visitor("grantee")
    grantee.login(applicants[0].user.email, password)
    grantee.go("/en/grants/grants/%s/" % grant.pk)
    accessible(grantee, "grant")
    grantee.page.locator("tr", has_text="Progress report").locator("a.button").click()
    grantee.page.fill("#id_narrative", "The shelter opened in month two.")
    grantee.page.fill("#id_indicator_victims_assisted", "14")
    grantee.page.click("text=Submit the report")
    desk.go("/en/grants/grants/%s/" % grant.pk)
    desk.page.locator("tr", has_text="Progress report").locator("button[value=accept]").click()
    assert grant.reports.get(kind="progress").state == "accepted"

    # The funnel shows those counts, to anyone.
    reader = visitor("public")
    reader.go("/en/grants/calls/%s/figures/" % call.pk)
    accessible(reader, "figures")
    table = reader.page.locator("table", has_text="Funnel of the call")
    for label, count in [
        ("Proposals submitted", 2),
        ("Proposals screened", 2),
        ("Found eligible", 1),
        ("Evaluated by the board", 1),
        ("Awarded", 1),
    ]:
        assert table.locator("tr", has_text=label).locator("td").inner_text() == str(count)
    assert (
        reader.page.locator("table", has_text="Results reported")
        .locator("tr", has_text="Victims assisted")
        .locator("td")
        .inner_text()
        == "14"
    )
    reader.go("/ar/grants/projects/%s/" % grant.pk)
    assert reader.page.get_attribute("html", "dir") == "rtl"
    accessible(reader, "project-arabic")


def test_the_deadline_is_shown_in_the_readers_time_zone(browser, live_server):
    from tests.grants.helpers import grant_call

    call = grant_call()
    context = browser.new_context(timezone_id="Asia/Kolkata", locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/en/grants/calls/%s/" % call.pk)
    closes = page.locator("dd time[data-local-time]").last.inner_text()
    context.close()
    assert "GMT+5:30" in closes and "UTC" not in closes


def test_without_javascript_the_deadline_is_in_utc(browser, live_server):
    from tests.grants.helpers import grant_call

    call = grant_call()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/grants/calls/%s/" % call.pk)
    closes = page.locator("dd time[data-local-time]").last.inner_text()
    context.close()
    assert closes.endswith("(UTC)")
