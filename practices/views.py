from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.permissions import is_member
from portal.errors import DomainError, user_message
from portal.files import ALLOWED_KINDS
from practices import selectors, services
from practices.anonymise import without_metadata
from practices.forms import STEP_OF_FIELD, STEPS, PracticeForm, TranslationForm, initial_from
from practices.models import TRANSLATED_FIELDS, Attachment, Practice, PracticeCall, SafeguardingFinding, field_in
from practices.pdf import practice_pdf
from practices.permissions import can_edit_practice, can_see_contact, can_view_practice, is_editor
from reviews.forms import assignment_pairs_from_form, assignment_proposal_for_form
from reviews.models import Assignment
from reviews.selectors import CaseSummary, cases_summary
from reviews.services.bulk import bulk_assignment_apply, bulk_assignment_propose
from reviews.services.reminders import review_reminders_nudge

NEXT_STEP = {
    "draft": gettext_lazy("Complete the form and submit it when it is ready."),
    "submitted": gettext_lazy("The editors will check it and send it to expert reviewers."),
    "in_review": gettext_lazy("Expert reviewers are assessing it; you will receive the decision by e-mail."),
    "revision_requested": gettext_lazy("Read the reviewers' comments, revise the practice and submit it again."),
    "accepted": gettext_lazy("Accepted: the editors will publish it after a last safeguarding check."),
    "published": gettext_lazy("Published: anyone can read it on the portal."),
    "rejected": gettext_lazy("Not accepted this time; the decision letter explains why."),
    "withdrawn": gettext_lazy("Withdrawn by your organisation."),
    "archived": gettext_lazy("Archived by the editors."),
}


def practice_list(request):
    page = Paginator(
        selectors.published_practices(theme=request.GET.get("theme", ""), country=request.GET.get("country", "")), 20
    ).get_page(request.GET.get("page"))
    filters = {"theme": request.GET.get("theme", ""), "country": request.GET.get("country", "").upper()}
    context = {
        "page": page,
        "is_editor": is_editor(request.user),
        "filters": filters,
        **selectors.list_filter_choices(),
    }
    return render(request, "practices/list.html", context)


def practice_detail(request, pk):
    practice = get_object_or_404(Practice.objects.select_related("organization__country", "call"), pk=pk)
    if not can_view_practice(request.user, practice):
        raise Http404
    terms = selectors.practice_terms(practice)
    language = get_language()
    translated = language in practice.languages
    context = {
        "practice": practice,
        "text": {field: practice.localized(field) for field in TRANSLATED_FIELDS},
        "shown_language": language if translated else practice.original_language,
        "is_courtesy_translation": translated and language != practice.original_language,
        "show_contact": can_see_contact(request.user, practice),
        "terms": terms,
        "related": selectors.related_practices_cached(practice, terms) if practice.state == "published" else [],
        "is_editor": is_editor(request.user),
        "can_edit": can_edit_practice(request.user, practice),
        "findings": practice.findings.filter(state="open") if is_editor(request.user) else [],
    }
    return render(request, "practices/detail.html", context)


def call_list(request):
    return render(
        request, "practices/calls.html", {"calls": selectors.open_calls(), "is_editor": is_editor(request.user)}
    )


@login_required
def my_practices(request):
    practices = list(selectors.organization_practices(request.user))
    rows = [{"practice": practice, "next_step": NEXT_STEP[practice.state]} for practice in practices]
    return render(request, "practices/mine.html", {"rows": rows})


def _save_values(form):
    values = dict(form.cleaned_data)
    values.pop("call", None)
    values.pop("original_language", None)
    return values


def _steps_context(practice, current: str) -> dict:
    steps = [{"slug": slug, "label": label} for slug, label, _fields in STEPS] + [
        {"slug": "preview", "label": _("Preview and submit")}
    ]
    index = [step["slug"] for step in steps].index(current)
    return {
        "steps": steps,
        "current": current,
        "position": index + 1,
        "next_step": steps[index + 1]["slug"] if index + 1 < len(steps) else None,
        "previous_step": steps[index - 1]["slug"] if index else None,
        "practice": practice,
    }


@login_required
def practice_new(request):
    """Step 1 creates the draft; the next steps edit it (each step saves, so nothing is lost)."""
    membership = request.user.memberships.select_related("organization").order_by("created_at").first()
    if membership is None:
        messages.info(request, _("Register your organisation first; then you can submit practices."))
        return redirect("accounts:organization")
    first_step = STEPS[0][2]
    form = PracticeForm(
        request.POST or None,
        initial={"original_language": request.LANGUAGE_CODE, "call": request.GET.get("call")},
        only=first_step,
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.practice_create(
                actor=request.user,
                organization=membership.organization,
                original_language=form.cleaned_data["original_language"],
                call=form.cleaned_data["call"],
                **_save_values(form),
            )
        except (DomainError, ValidationError) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("Your draft is saved."))
            return redirect("%s?step=%s" % (reverse("practices:edit", args=[practice.pk]), STEPS[1][0]))
    return render(request, "practices/form.html", {"form": form, **_steps_context(None, STEPS[0][0])})


@login_required
def practice_edit(request, pk):
    practice = get_object_or_404(Practice, pk=pk)
    if not is_member(request.user, practice.organization):
        raise Http404
    if not can_edit_practice(request.user, practice):
        return redirect("practices:detail", pk=practice.pk)
    fields_of = {slug: fields for slug, _label, fields in STEPS}
    step = request.GET.get("step", STEPS[0][0])
    if step == "preview":
        return _preview(request, practice)
    if step not in fields_of:
        raise Http404
    form = PracticeForm(request.POST or None, initial=initial_from(practice), editable_call=False, only=fields_of[step])
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_update(practice=practice, actor=request.user, **_save_values(form))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            context = _steps_context(practice, step)
            target = request.POST.get("go") or context["next_step"] or step
            if target not in [*fields_of, "preview"]:
                target = step
            messages.success(request, _("Your draft is saved."))
            return redirect("%s?step=%s" % (reverse("practices:edit", args=[practice.pk]), target))
    return render(request, "practices/form.html", {"form": form, **_steps_context(practice, step)})


def _preview(request, practice):
    """Everything as it will be sent, with what is still missing and the step to fix it in."""
    errors = services.missing_for_submission(practice)
    if request.method == "POST" and "submit" in request.POST and not errors:
        try:
            services.practice_submit(practice=practice, actor=request.user)
        except (DomainError, ValidationError) as error:
            messages.error(request, user_message(error))
        else:
            messages.success(request, _("Thank you: your practice is submitted."))
            return redirect("practices:mine")
    labels = PracticeForm(editable_call=False).fields
    missing = [
        {
            "field": labels[field].label if field in labels else field,
            "messages": messages_,
            "step": STEP_OF_FIELD.get(field, STEPS[0][0]),
        }
        for field, messages_ in errors.items()
    ]
    context = {
        **_steps_context(practice, "preview"),
        "text": {field: practice.localized(field, practice.original_language) for field in TRANSLATED_FIELDS},
        "missing": missing,
    }
    return render(request, "practices/preview.html", context)


TRANSITIONS = {
    "withdraw": services.practice_withdraw,
    "send-back": services.practice_send_back,
    "send-to-review": services.practice_send_to_review,
    "publish": services.practice_publish,
    "archive": services.practice_archive,
}


@require_POST
@login_required
def practice_transition(request, pk, transition):
    practice = get_object_or_404(Practice, pk=pk)
    if not can_view_practice(request.user, practice) or transition not in TRANSITIONS:
        raise Http404
    try:
        TRANSITIONS[transition](practice=practice, actor=request.user)
    except (DomainError, PermissionDenied) as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, _("Done."))
    return redirect("practices:detail", pk=practice.pk)


@require_POST
@login_required
def finding_clear(request, pk):
    finding = get_object_or_404(SafeguardingFinding, pk=pk)
    try:
        services.finding_clear(finding=finding, actor=request.user, note=request.POST.get("note", ""))
    except (DomainError, PermissionDenied) as error:
        messages.error(request, user_message(error))
    return redirect("practices:detail", pk=finding.practice_id)


REVIEWER_DIFF_FIELDS = (
    *TRANSLATED_FIELDS,
    "scope",
    "implementation_status",
    "countries",
    "themes",
    "exploitation_forms",
)


@login_required
def practice_versions(request, pk):
    """Editors, the organisation and the case's reviewers compare versions; reviewers see no identity field."""
    practice = get_object_or_404(Practice, pk=pk)
    reviewer = (
        practice.review_case_id is not None
        and Assignment.objects.filter(case_id=practice.review_case_id, reviewer=request.user)
        .exclude(state__in=["declined", "withdrawn"])
        .exists()
    )
    if not (is_editor(request.user) or is_member(request.user, practice.organization) or reviewer):
        raise Http404
    numbers = list(practice.versions.values_list("number", flat=True))
    try:
        new = int(request.GET.get("to", numbers[-1] if numbers else 0))
        old = int(request.GET.get("from", new - 1))
    except ValueError:
        raise Http404 from None
    changes = selectors.version_diff(practice, old, new)
    if reviewer and not (is_editor(request.user) or is_member(request.user, practice.organization)):
        changes = [change for change in changes if change["field"] in REVIEWER_DIFF_FIELDS]
    context = {"practice": practice, "numbers": numbers, "old": old, "new": new, "changes": changes}
    return render(request, "practices/versions.html", context)


@require_POST
@login_required
def practice_attach(request, pk):
    practice = get_object_or_404(Practice, pk=pk)
    if not is_member(request.user, practice.organization):
        raise Http404
    contact_step = "%s?step=contact" % reverse("practices:edit", args=[practice.pk])
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect(contact_step)
    try:
        services.attachment_add(practice=practice, actor=request.user, upload=upload)
    except (ValidationError, DomainError) as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, _("The file is attached."))
    return redirect(contact_step)


COVERAGE_PER_PAGE = 50


@login_required
def translation_coverage(request):
    """Which published practices lack which languages: counts per language, then the practices a page at a time,
    optionally only those without one language (`?missing=fr`)."""
    if not is_editor(request.user):
        raise Http404
    languages = dict(settings.LANGUAGES)
    missing = request.GET.get("missing", "")
    missing = missing if missing in languages else ""
    summary = selectors.translation_coverage()
    page = Paginator(selectors.coverage_practices(missing=missing), COVERAGE_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "practice": practice,
            "cells": [(code, code in practice.languages, code == practice.original_language) for code in languages],
        }
        for practice in page
    ]
    context = {
        "summary": summary,
        "rows": rows,
        "page": page,
        "languages": list(languages),
        "missing": missing,
        "missing_name": languages.get(missing, ""),
    }
    return render(request, "practices/coverage.html", context)


@login_required
def practice_translation(request, pk, language):
    practice = get_object_or_404(Practice, pk=pk)
    if not is_editor(request.user) or language not in dict(settings.LANGUAGES):
        raise Http404
    initial = {field: getattr(practice, field_in(field, language)) or "" for field in TRANSLATED_FIELDS}
    form = TranslationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_translate(practice=practice, actor=request.user, language=language, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The translation is saved."))
            return redirect("practices:coverage")
    original = [
        (form.fields[field].label, practice.localized(field, practice.original_language)) for field in TRANSLATED_FIELDS
    ]
    record = practice.translations.filter(language=language).select_related("translated_by").first()
    context = {"practice": practice, "language": language, "form": form, "original": original, "record": record}
    return render(request, "practices/translate.html", context)


DASHBOARD_SORTS = {
    "title": lambda row: str(row["practice"]).lower(),
    "state": lambda row: row["practice"].state,
    "mean": lambda row: -(row["summary"].mean or 0),
    "calibrated": lambda row: -(row["summary"].calibrated or 0),
    "overdue": lambda row: -row["summary"].overdue,
}


@login_required
def call_dashboard(request, pk):
    """An editor's view of a call: every case, its reviews in and out, scores and flags; bulk actions."""
    if not is_editor(request.user):
        raise Http404
    call = get_object_or_404(PracticeCall, pk=pk)
    practices = list(
        call.practices.exclude(state__in=["draft", "withdrawn"]).select_related("review_case__rubric", "organization")
    )
    state = request.GET.get("state", "")
    if state:
        practices = [practice for practice in practices if practice.state == state]
    cases = [practice.review_case for practice in practices if practice.review_case_id]
    summaries = cases_summary(cases)
    rows = [{"practice": p, "summary": summaries.get(p.review_case_id) or CaseSummary()} for p in practices]
    sort = request.GET.get("sort", "title")
    rows.sort(key=DASHBOARD_SORTS.get(sort, DASHBOARD_SORTS["title"]))
    proposal = None
    if request.method == "POST":
        in_review = [p.review_case for p in practices if p.state == "in_review"]
        if "remind" in request.POST:
            open_assignments = Assignment.objects.filter(case__in=in_review).open().select_related("case", "reviewer")
            count = review_reminders_nudge(assignments=open_assignments, actor=request.user)
            messages.success(request, _("Reminders sent: %(count)s.") % {"count": count})
            return redirect("practices:dashboard", pk=call.pk)
        if "propose" in request.POST:
            per_case = min(max(int(request.POST.get("reviewers_per_case") or 2), 1), 10)
            result = bulk_assignment_propose(cases=in_review, reviewers_per_case=per_case, actor=request.user)
            proposal = assignment_proposal_for_form(result, in_review)
        if "apply" in request.POST:
            try:
                pairs = assignment_pairs_from_form(request.POST)
                due = date.fromisoformat(request.POST.get("due", ""))
                created = bulk_assignment_apply(pairs=pairs, due=due, actor=request.user)
            except (ValueError, ValidationError, DomainError, PermissionDenied) as error:
                messages.error(request, user_message(error))
            else:
                messages.success(request, _("Invitations sent: %(count)s.") % {"count": len(created)})
            return redirect("practices:dashboard", pk=call.pk)
    context = {
        "call": call,
        "rows": rows,
        "sort": sort,
        "state": state,
        "states": Practice.State.choices,
        "proposal": proposal,
    }
    return render(request, "practices/dashboard.html", context)


@login_required
def review_file(request, assignment_pk, attachment_pk):
    """An attachment for its assigned reviewer; in double-blind review, renamed and stripped of metadata."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("case").exclude(state__in=["declined", "withdrawn"]),
        pk=assignment_pk,
        reviewer=request.user,
    )
    attachments = list(Attachment.objects.filter(practice__review_case=assignment.case).order_by("created_at", "pk"))
    attachment = next((item for item in attachments if item.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    with attachment.file.open("rb") as stored:
        content = stored.read()
    filename = attachment.original_name
    if assignment.case.blind_mode == "double":
        content = without_metadata(content, attachment.kind)
        extension = "jpg" if attachment.kind == "jpeg" else attachment.kind
        filename = "attachment-%s.%s" % (attachments.index(attachment) + 1, extension)
    response = HttpResponse(content, content_type=ALLOWED_KINDS[attachment.kind])
    response["Content-Disposition"] = 'attachment; filename="%s"' % filename.replace('"', "")
    return response


def practice_pdf_download(request, pk):
    practice = get_object_or_404(Practice.objects.select_related("organization"), pk=pk)
    if not can_view_practice(request.user, practice):
        raise Http404
    url = request.build_absolute_uri(reverse("practices:detail", args=[practice.pk]))
    response = HttpResponse(practice_pdf(practice, language=get_language(), url=url), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="practice-%s-%s.pdf"' % (practice.pk, get_language())
    return response
