import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import selectors
from grants.forms import BudgetLineFormSet, GrantCallForm, ProposalForm, ReportForm, ResultFormSet
from grants.models import AttachmentKind, Grant, GrantCall, Proposal, ProposalAttachment, Report, ScreeningItem, Tranche
from grants.permissions import (
    can_edit_proposal,
    can_report,
    can_view_grant,
    can_view_proposal,
    is_grant_manager,
    is_member,
)
from grants.services import calls, evaluation, followup, proposals, screening
from portal.errors import DomainError, user_message
from portal.files import ALLOWED_KINDS
from portal.site.charts import Bar, bar_chart
from portal.taxonomy.models import Country
from reviews.forms import assignment_pairs_from_form, assignment_proposal_for_form
from reviews.models import Assignment
from reviews.selectors import case_scores
from reviews.services.bulk import bulk_assignment_apply, bulk_assignment_propose

REFUSALS = (ValidationError, DomainError, PermissionDenied)


def _manager_only(user) -> None:
    if not is_grant_manager(user):
        raise Http404


def call_list(request):
    now = timezone.now()
    calls_ = list(GrantCall.objects.order_by("-closes"))
    context = {
        "open_calls": [call for call in calls_ if call.is_open(now)],
        "upcoming_calls": [call for call in calls_ if call.opens > now],
        "closed_calls": [call for call in calls_ if call.closes <= now],
        "is_manager": is_grant_manager(request.user),
    }
    return render(request, "grants/call_list.html", context)


def call_detail(request, pk):
    call = get_object_or_404(GrantCall.objects.prefetch_related("eligible_countries", "themes"), pk=pk)
    memberships = []
    if request.user.is_authenticated:
        memberships = list(request.user.memberships.select_related("organization"))
    context = {
        "call": call,
        "memberships": memberships,
        "is_manager": is_grant_manager(request.user),
        "remaining": evaluation.remaining_budget(call),
        "awards": call.grants.count(),
    }
    return render(request, "grants/call_detail.html", context)


@login_required
def call_new(request):
    _manager_only(request.user)
    form = GrantCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = calls.call_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The call is created."))
            return redirect("grants:call", pk=call.pk)
    return render(request, "grants/call_form.html", {"form": form})


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form: under its field when the form has one, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _formsets(request, proposal=None):
    if request.method == "POST":
        return BudgetLineFormSet(request.POST, prefix="budget"), ResultFormSet(request.POST, prefix="results")
    lines = [
        {"category": line.category, "description": line.description, "amount": line.amount}
        for line in (proposal.budget_lines.all() if proposal else [])
    ]
    results = [
        {"result": result.result, "indicator": result.indicator, "target": result.target}
        for result in (proposal.results.all() if proposal else [])
    ]
    return BudgetLineFormSet(initial=lines, prefix="budget"), ResultFormSet(initial=results, prefix="results")


def _proposal_data(form, budget, results) -> dict:
    data = dict(form.cleaned_data)
    data["budget_lines"] = [line for line in (f.as_line() for f in budget.forms if f.is_valid()) if line]
    data["results"] = [result for result in (f.as_result() for f in results.forms if f.is_valid()) if result]
    return data


@login_required
def proposal_new(request, call_pk):
    call = get_object_or_404(GrantCall, pk=call_pk)
    memberships = list(request.user.memberships.select_related("organization"))
    if not memberships:
        messages.error(request, _("Register or join an organisation before applying."))
        return redirect("accounts:organization")
    organization = next(
        (m.organization for m in memberships if str(m.organization_id) == request.POST.get("organization")),
        memberships[0].organization,
    )
    form = ProposalForm(request.POST or None, initial={"original_language": request.user.preferred_language})
    budget, results = _formsets(request)
    if request.method == "POST" and form.is_valid() and budget.is_valid() and results.is_valid():
        try:
            proposal = proposals.proposal_create(
                call=call, organization=organization, actor=request.user, **_proposal_data(form, budget, results)
            )
        except ValidationError as error:
            _add_errors(form, error)
        except (DomainError, PermissionDenied) as error:
            form.add_error(None, user_message(error))
        else:
            messages.success(
                request, _("Your draft is saved. Add the attachments, then submit it before the deadline.")
            )
            return redirect("grants:proposal", pk=proposal.pk)
    context = {"call": call, "form": form, "budget": budget, "results": results, "memberships": memberships}
    return render(request, "grants/proposal_form.html", context)


@login_required
def proposal_edit(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("call", "organization"), pk=pk)
    if not can_view_proposal(request.user, proposal):
        raise Http404
    if not can_edit_proposal(request.user, proposal):
        messages.error(request, _("Only a draft can be edited."))
        return redirect("grants:proposal", pk=proposal.pk)
    initial = {
        field: getattr(proposal, field)
        for field in ("title", "original_language", "summary", "problem", "activities", "timeline", "duration_months")
    }
    initial |= {
        "countries": list(proposal.countries.all()),
        "exploitation_forms": list(proposal.exploitation_forms.all()),
        "target_groups": list(proposal.target_groups.all()),
    }
    form = ProposalForm(request.POST or None, initial=initial)
    budget, results = _formsets(request, proposal)
    if request.method == "POST" and form.is_valid() and budget.is_valid() and results.is_valid():
        try:
            proposals.proposal_update(proposal=proposal, actor=request.user, **_proposal_data(form, budget, results))
        except ValidationError as error:
            _add_errors(form, error)
        except (DomainError, PermissionDenied) as error:
            form.add_error(None, user_message(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("grants:proposal", pk=proposal.pk)
    context = {"call": proposal.call, "proposal": proposal, "form": form, "budget": budget, "results": results}
    return render(request, "grants/proposal_form.html", context)


@login_required
def proposal_detail(request, pk):
    try:
        proposal = selectors.proposal_detail(pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    if not can_view_proposal(request.user, proposal):
        raise Http404
    manager = is_grant_manager(request.user)
    context = {
        "proposal": proposal,
        "call": proposal.call,
        "is_manager": manager,
        "is_member": is_member(request.user, proposal.organization),
        "missing": _labelled(proposals.missing_for_submission(proposal)) if proposal.state == "draft" else [],
        "attachment_kinds": AttachmentKind.choices,
        "grant": getattr(proposal, "grant", None),
    }
    if manager and proposal.review_case_id:
        context["scores"] = case_scores(proposal.review_case)
    return render(request, "grants/proposal_detail.html", context)


def _labelled(errors: dict) -> list[tuple[str, list[str]]]:
    labels = {"budget_lines": _("Budget"), "results": _("Expected results"), "attachments": _("Attachments")}
    rows = []
    for field, messages_ in errors.items():
        label = labels.get(field) or str(Proposal._meta.get_field(field).verbose_name).capitalize()
        rows.append((label, messages_))
    return rows


@login_required
def my_proposals(request):
    return render(request, "grants/my_proposals.html", {"proposals": selectors.organization_proposals(request.user)})


TRANSITIONS = {
    "submit": (proposals.proposal_submit, _("Your proposal is submitted. You will hear from us after screening.")),
    "withdraw": (proposals.proposal_withdraw, _("Your proposal is withdrawn.")),
}


@login_required
@require_POST
def proposal_transition(request, pk, transition):
    proposal = get_object_or_404(Proposal, pk=pk)
    if not can_view_proposal(request.user, proposal) or transition not in TRANSITIONS:
        raise Http404
    service, done = TRANSITIONS[transition]
    try:
        service(proposal=proposal, actor=request.user)
    except REFUSALS as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, done)
    return redirect("grants:proposal", pk=proposal.pk)


@login_required
@require_POST
def proposal_attach(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk)
    if not can_view_proposal(request.user, proposal):
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect("grants:proposal", pk=proposal.pk)
    try:
        proposals.attachment_add(
            proposal=proposal, actor=request.user, kind=request.POST.get("kind", ""), upload=upload
        )
    except REFUSALS as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, _("The file is attached."))
    return redirect("grants:proposal", pk=proposal.pk)


def _serve(attachment: ProposalAttachment) -> FileResponse:
    response = FileResponse(attachment.file.open("rb"), content_type=ALLOWED_KINDS[attachment.file_type])
    response["Content-Disposition"] = 'attachment; filename="%s"' % attachment.original_name.replace('"', "")
    return response


@login_required
def proposal_file(request, pk):
    attachment = get_object_or_404(ProposalAttachment.objects.select_related("proposal__organization"), pk=pk)
    if not can_view_proposal(request.user, attachment.proposal):
        raise Http404
    return _serve(attachment)


@login_required
def board_file(request, assignment_pk, attachment_pk):
    """An attachment for the board member assigned to evaluate the proposal."""
    assignment = get_object_or_404(
        Assignment.objects.exclude(state__in=["declined", "withdrawn"]), pk=assignment_pk, reviewer=request.user
    )
    attachment = get_object_or_404(ProposalAttachment, pk=attachment_pk, proposal__review_case=assignment.case_id)
    return _serve(attachment)


@login_required
def screening_list(request, pk):
    """One-click screening down the list, with progress ("212 of 300 screened")."""
    _manager_only(request.user)
    call = get_object_or_404(GrantCall, pk=pk)
    if request.method == "POST":
        proposal = get_object_or_404(call.proposals, pk=request.POST.get("proposal") or 0)
        eligible = request.POST.get("outcome") == "eligible"
        try:
            screening.proposal_screen(
                proposal=proposal, eligible=eligible, actor=request.user, reason=request.POST.get("reason", "")
            )
        except REFUSALS as error:
            messages.error(request, "%s: %s" % (proposal.title, user_message(error)))
        else:
            outcome = _("eligible") if eligible else _("not eligible")
            messages.success(request, _("%(title)s: %(outcome)s.") % {"title": proposal.title, "outcome": outcome})
        return redirect(request.get_full_path())
    state = request.GET.get("state", "to_screen")
    rows, progress = selectors.screening_list(call, state=state)
    context = {"call": call, "rows": rows, "progress": progress, "state": state, "states": Proposal.State.choices}
    return render(request, "grants/screening.html", context)


@login_required
@require_POST
def screening_answer(request, pk):
    item = get_object_or_404(ScreeningItem.objects.select_related("proposal"), pk=pk)
    _manager_only(request.user)
    try:
        screening.screening_answer(
            item=item,
            passed=request.POST.get("passed") == "yes",
            actor=request.user,
            detail=request.POST.get("detail", ""),
        )
    except REFUSALS as error:
        messages.error(request, user_message(error))
    return redirect("grants:proposal", pk=item.proposal_id)


@login_required
@require_POST
def proposal_screen(request, pk):
    _manager_only(request.user)
    proposal = get_object_or_404(Proposal, pk=pk)
    eligible = request.POST.get("outcome") == "eligible"
    try:
        screening.proposal_screen(
            proposal=proposal, eligible=eligible, actor=request.user, reason=request.POST.get("reason", "")
        )
    except REFUSALS as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, _("The screening outcome is recorded and the applicant informed."))
    return redirect("grants:proposal", pk=proposal.pk)


@login_required
def evaluation_page(request, pk):
    """The board's evaluation of a call: send eligible proposals, assign the board, rank, award down the list."""
    _manager_only(request.user)
    call = get_object_or_404(GrantCall, pk=pk)
    proposal_pairs = None
    if request.method == "POST":
        if "send" in request.POST:
            sent = evaluation.proposals_send_to_board(call=call, actor=request.user)
            messages.success(request, _("Sent to the board: %(count)s.") % {"count": len(sent)})
            return redirect("grants:evaluation", pk=call.pk)
        cases = [p.review_case for p in call.proposals.filter(state="under_evaluation").select_related("review_case")]
        if "propose" in request.POST:
            result = bulk_assignment_propose(
                cases=cases, reviewers_per_case=call.reviewers_per_proposal, actor=request.user
            )
            proposal_pairs = assignment_proposal_for_form(result, cases)
        if "apply" in request.POST:
            try:
                pairs = assignment_pairs_from_form(request.POST)
                created = bulk_assignment_apply(
                    pairs=pairs, due=date.fromisoformat(request.POST.get("due", "")), actor=request.user
                )
            except (ValueError, *REFUSALS) as error:
                messages.error(request, user_message(error))
            else:
                messages.success(request, _("Invitations sent: %(count)s.") % {"count": len(created)})
            return redirect("grants:evaluation", pk=call.pk)
    context = {
        "call": call,
        "rows": selectors.ranking(call),
        "eligible_waiting": call.proposals.filter(state="eligible").count(),
        "remaining": evaluation.remaining_budget(call),
        "proposal_pairs": proposal_pairs,
    }
    return render(request, "grants/evaluation.html", context)


@login_required
@require_POST
def proposal_decide(request, pk):
    _manager_only(request.user)
    proposal = get_object_or_404(Proposal, pk=pk)
    action = request.POST.get("action")
    note = request.POST.get("note", "")
    try:
        if action == "award":
            grant = evaluation.proposal_award(
                proposal=proposal, amount=request.POST.get("amount", ""), actor=request.user, note=note
            )
            messages.success(
                request,
                _("Awarded %(amount)s %(currency)s to %(title)s.")
                % {"amount": grant.amount, "currency": grant.currency, "title": proposal.title},
            )
        elif action == "decline":
            evaluation.proposal_decline(proposal=proposal, actor=request.user, note=note)
            messages.success(
                request,
                _("%(title)s is declined; the applicant receives the board's comments.") % {"title": proposal.title},
            )
        elif action == "shortlist":
            evaluation.proposal_shortlist(proposal=proposal, actor=request.user)
            messages.success(request, _("%(title)s is shortlisted.") % {"title": proposal.title})
        else:
            raise Http404
    except REFUSALS as error:
        messages.error(request, "%s: %s" % (proposal.title, user_message(error)))
    return redirect("grants:evaluation", pk=proposal.call_id)


@login_required
def grant_detail(request, pk):
    try:
        grant = selectors.grant_detail(pk)
    except Grant.DoesNotExist:
        raise Http404 from None
    if not can_view_grant(request.user, grant):
        raise Http404
    context = {
        "grant": grant,
        "is_manager": is_grant_manager(request.user),
        "can_report": can_report(request.user, grant),
        "results": selectors.results_against_targets(grant),
        "totals": selectors.indicator_totals(grant=grant),
        "paid": sum(t.amount for t in grant.tranches.all() if t.paid_on),
    }
    return render(request, "grants/grant_detail.html", context)


@login_required
@require_POST
def tranche_pay(request, pk):
    tranche = get_object_or_404(Tranche, pk=pk)
    _manager_only(request.user)
    try:
        paid_on = date.fromisoformat(request.POST["paid_on"]) if request.POST.get("paid_on") else None
        followup.tranche_pay(tranche=tranche, actor=request.user, paid_on=paid_on)
    except ValueError:
        messages.error(request, _("Give the payment date as YYYY-MM-DD."))
    except (*REFUSALS,) as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, _("The payment is recorded."))
    return redirect("grants:grant", pk=tranche.grant_id)


@login_required
def report_edit(request, pk):
    report = get_object_or_404(Report.objects.select_related("grant__proposal", "grant__organization"), pk=pk)
    grant = report.grant
    if not can_view_grant(request.user, grant):
        raise Http404
    indicators = followup.indicator_keys(grant)
    existing = {value.standard or "result-%s" % value.expected_result_id: value.value for value in report.values.all()}
    initial = {"narrative": report.narrative} | {"indicator_%s" % key: value for key, value in existing.items()}
    form = ReportForm(request.POST or None, initial=initial, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        try:
            followup.report_submit(
                report=report, actor=request.user, narrative=form.cleaned_data["narrative"], values=form.values()
            )
        except ValidationError as error:
            _add_errors(form, error)
        except (DomainError, PermissionDenied) as error:
            form.add_error(None, user_message(error))
        else:
            messages.success(request, _("Your report is submitted. The grant manager will review it."))
            return redirect("grants:grant", pk=grant.pk)
    return render(
        request,
        "grants/report_form.html",
        {
            "report": report,
            "grant": grant,
            "form": form,
            "editable": can_report(request.user, grant) and report.state in ("due", "returned"),
        },
    )


@login_required
@require_POST
def report_review(request, pk):
    report = get_object_or_404(Report, pk=pk)
    _manager_only(request.user)
    try:
        if request.POST.get("action") == "accept":
            followup.report_accept(report=report, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("The report is accepted."))
        else:
            followup.report_return(report=report, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("The report is returned to the organisation."))
    except REFUSALS as error:
        messages.error(request, user_message(error))
    return redirect("grants:grant", pk=report.grant_id)


def figures(request, pk):
    """The call's funnel and the results funded projects reported: a chart, the same figures as a table, CSV."""
    call = get_object_or_404(GrantCall, pk=pk)
    funnel = selectors.call_funnel(call)
    totals = selectors.indicator_totals(call=call)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="grant-call-%s-figures.csv"' % call.pk
        writer = csv.writer(response)
        writer.writerow(["figure", "label", "value"])
        for key, label, value in funnel.steps:
            writer.writerow([key, label, value])
        writer.writerow(["countries", _("Countries of applicants"), funnel.countries])
        writer.writerow(["awarded_amount", _("Amount awarded"), funnel.awarded_amount])
        for key, label, value in totals:
            writer.writerow([key, label, value])
        return response
    rtl = get_language_bidi()
    context = {
        "call": call,
        "funnel": funnel,
        "funnel_chart": bar_chart([Bar(key, label, value) for key, label, value in funnel.steps], rtl=rtl),
        "totals": totals,
        "totals_chart": bar_chart([Bar(key, label, value) for key, label, value in totals], rtl=rtl),
    }
    return render(request, "grants/figures.html", context)


PROJECTS_PER_PAGE = 20


def project_list(request):
    country = request.GET.get("country", "")
    call = request.GET.get("call", "")
    page = Paginator(selectors.funded_projects(country=country, call=call), PROJECTS_PER_PAGE)
    context = {
        "page": page.get_page(request.GET.get("page")),
        "country": country.upper(),
        "call": call,
        "countries": Country.objects.filter(organization__grants__isnull=False).distinct().order_by("name"),
        "calls": GrantCall.objects.filter(grants__isnull=False).distinct(),
    }
    return render(request, "grants/project_list.html", context)


def project_detail(request, pk):
    try:
        grant = selectors.grant_detail(pk)
    except Grant.DoesNotExist:
        raise Http404 from None
    context = {
        "grant": grant,
        "results": selectors.results_against_targets(grant),
        "totals": [row for row in selectors.indicator_totals(grant=grant) if row[2]],
        "accepted_reports": [report for report in grant.reports.all() if report.state == Report.State.ACCEPTED],
    }
    return render(request, "grants/project_detail.html", context)
