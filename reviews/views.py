from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import DomainError, user_message
from reviews.forms import (
    CommentForm,
    ConflictForm,
    DecisionForm,
    DeclineForm,
    InviteForm,
    ReviewForm,
    RosterApplicationForm,
)
from reviews.models import Assignment, Review, ReviewCase, ReviewerProfile
from reviews.offline import offline_form, parse_offline_form
from reviews.permissions import can_manage_case, can_manage_roster
from reviews.registry import get_owner
from reviews.selectors import case_scores, reviewer_statistics, reviewer_suggestions, roster_profiles, roster_states
from reviews.services.assignments import assignment_accept, assignment_create, assignment_decline, conflict_declare
from reviews.services.decisions import decision_make
from reviews.services.discussion import can_discuss, case_comment_post
from reviews.services.reviewing import review_save
from reviews.services.roster import reviewer_apply, reviewer_approve, reviewer_decline, reviewer_suspend


def _describe(case):
    describe = get_owner(case.owner).describe
    return describe(case) if describe else []


def _attachments(case, assignment):
    attachments = get_owner(case.owner).attachments
    return attachments(case, assignment) if attachments else []


@login_required
def my_assignments(request):
    assignments = Assignment.objects.filter(reviewer=request.user).select_related("case").order_by("state", "due", "pk")
    context = {
        "assignments": assignments,
        "today": timezone.localdate(),
        "perms_roster": can_manage_roster(request.user),
    }
    return render(request, "reviews/assignments.html", context)


def _own_assignment(request, pk) -> Assignment:
    assignment = get_object_or_404(Assignment.objects.select_related("case__rubric"), pk=pk)
    if assignment.reviewer_id != request.user.pk:
        raise Http404
    return assignment


def _review_initial(review: Review | None) -> dict:
    if review is None:
        return {}
    initial = {
        "recommendation": review.recommendation,
        "comments_to_author": review.comments_to_author,
        "confidential_comments": review.confidential_comments,
    }
    for score in review.scores.all():
        initial["criterion_%s" % score.criterion_id] = "na" if score.value is None else str(score.value)
    return initial


@login_required
def assignment_detail(request, pk):
    """The text-only review page: light enough for a slow phone connection, no JavaScript."""
    assignment = _own_assignment(request, pk)
    case = assignment.case
    review = Review.objects.filter(assignment=assignment).prefetch_related("scores").first()
    form = ReviewForm(request.POST or None, rubric=case.rubric, initial=_review_initial(review))
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            review_save(
                assignment=assignment,
                actor=request.user,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comments_to_author=form.cleaned_data["comments_to_author"],
                confidential_comments=form.cleaned_data["confidential_comments"],
                submit=submit,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if submit:
                messages.success(request, _("Thank you: your review is submitted."))
                return redirect("reviews:assignments")
            messages.success(request, _("Your draft is saved."))
            return redirect("reviews:assignment", pk=assignment.pk)
    others = []
    if assignment.state == "submitted" and case.reviewers_see_reviews:
        others = Review.objects.filter(
            assignment__case=case, assignment__round=assignment.round, state="submitted"
        ).exclude(assignment=assignment)
    context = {
        "assignment": assignment,
        "case": case,
        "submission": _describe(case),
        "files": _attachments(case, assignment),
        "changes_url": get_owner(case.owner).changes_url(case)
        if assignment.round > 1 and get_owner(case.owner).changes_url
        else None,
        "form": form,
        "decline_form": DeclineForm(),
        "conflict_form": ConflictForm(),
        "others": others,
        "submitted": assignment.state == "submitted",
        "comments": case.comments.select_related("author") if can_discuss(request.user, case) else None,
        "comment_form": CommentForm(),
        "show_names": case.reviewers_see_each_other,
    }
    return render(request, "reviews/assignment.html", context)


@require_POST
@login_required
def assignment_answer(request, pk, answer):
    assignment = _own_assignment(request, pk)
    if answer not in ("accept", "decline"):
        raise Http404
    try:
        if answer == "accept":
            assignment_accept(assignment=assignment, actor=request.user)
            messages.success(request, _("Thank you for accepting."))
        else:
            assignment_decline(assignment=assignment, actor=request.user, reason=request.POST.get("reason", ""))
            messages.info(request, _("You declined this invitation."))
            return redirect("reviews:assignments")
    except (ValidationError, DomainError) as error:
        messages.error(request, user_message(error))
    return redirect("reviews:assignment", pk=assignment.pk)


def _managed_case(request, pk) -> ReviewCase:
    case = get_object_or_404(ReviewCase.objects.select_related("rubric"), pk=pk)
    if not can_manage_case(request.user, case):
        raise Http404
    return case


@login_required
def case_detail(request, pk):
    case = _managed_case(request, pk)
    scores = case_scores(case)
    context = {
        "case": case,
        "scores": scores,
        "reviews": Review.objects.filter(pk__in=[review.pk for review in scores.reviews])
        .select_related("assignment__reviewer")
        .prefetch_related("scores__criterion"),
        "assignments": case.assignments.filter(round=case.round).select_related("reviewer"),
        "suggestions": reviewer_suggestions(case, limit=10) if case.state == "open" else [],
        "submission": _describe(case),
        "decision_form": DecisionForm(),
        "default_due": timezone.localdate() + timedelta(days=21),
        "decisions": case.decisions.select_related("decided_by"),
        "comments": case.comments.select_related("author"),
        "comment_form": CommentForm(),
        "show_names": True,
    }
    return render(request, "reviews/case.html", context)


@require_POST
@login_required
def case_invite(request, pk):
    case = _managed_case(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        reviewer = get_object_or_404(get_user_model(), pk=form.cleaned_data["reviewer"])
        try:
            assignment_create(case=case, reviewer=reviewer, due=form.cleaned_data["due"], actor=request.user)
        except (ValidationError, DomainError, PermissionDenied) as error:
            messages.error(request, user_message(error))
        else:
            messages.success(request, _("Invitation sent."))
    else:
        messages.error(request, _("Choose a due date."))
    return redirect("reviews:case", pk=case.pk)


@require_POST
@login_required
def case_decide(request, pk):
    case = _managed_case(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision_make(case=case, actor=request.user, **form.cleaned_data)
        except (ValidationError, DomainError, PermissionDenied) as error:
            messages.error(request, user_message(error))
        else:
            messages.success(request, _("The decision is recorded and the submitter is told."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("reviews:case", pk=case.pk)


@login_required
def roster_apply(request):
    profile = ReviewerProfile.objects.filter(user=request.user).first()
    if profile is not None and profile.state != ReviewerProfile.State.DECLINED:
        return render(request, "reviews/roster_status.html", {"profile": profile})
    form = RosterApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = request.user.memberships.select_related("organization").first()
        try:
            reviewer_apply(
                user=request.user,
                bio=data["bio"],
                languages=data["languages"],
                themes=data["themes"],
                exploitation_forms=data["exploitation_forms"],
                regions=data["regions"],
                organization=membership.organization if membership else None,
                max_load=data["max_load"],
                public_directory=data["public_directory"],
                cv=data["cv"],
                partners=data["partners"],
                funders=data["funders"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: the editors will review your application."))
            return redirect("reviews:roster_apply")
    return render(request, "reviews/roster_apply.html", {"form": form})


ROSTER_PER_PAGE = 50


@login_required
def roster(request):
    if not can_manage_roster(request.user):
        raise Http404
    state = request.GET.get("state", "")
    state = state if state in ReviewerProfile.State.values else ""
    states = roster_states()
    context = {
        "page": Paginator(roster_profiles(state=state), ROSTER_PER_PAGE).get_page(request.GET.get("page")),
        "state": state,
        "total": sum(count for _value, _label, count in states),
        "states": states,
    }
    return render(request, "reviews/roster.html", context)


ROSTER_DECISIONS = {"approve": reviewer_approve, "decline": reviewer_decline, "suspend": reviewer_suspend}


@require_POST
@login_required
def roster_decide(request, pk, decision):
    profile = get_object_or_404(ReviewerProfile, pk=pk)
    if decision not in ROSTER_DECISIONS:
        raise Http404
    try:
        ROSTER_DECISIONS[decision](profile=profile, actor=request.user)
    except (DomainError, PermissionDenied) as error:
        messages.error(request, user_message(error))
    # Back to the list the editor acted from (the form's address carries its state filter and page).
    kept = urlencode({key: request.GET[key] for key in ("state", "page") if request.GET.get(key)})
    return redirect("%s%s" % (reverse("reviews:roster"), "?" + kept if kept else ""))


@login_required
def statistics(request):
    """A reviewer sees their own figures; editors and grant managers see every reviewer's."""
    if can_manage_roster(request.user):
        reviewers = [
            profile.user
            for profile in ReviewerProfile.objects.filter(state__in=["approved", "suspended"]).select_related("user")
        ]
    else:
        reviewers = [request.user]
    return render(request, "reviews/statistics.html", {"rows": reviewer_statistics(reviewers)})


@login_required
def certificate(request):
    (mine,) = reviewer_statistics([request.user])
    if not mine.completed:
        raise Http404
    response = render(request, "reviews/certificate.html", {"stats": mine, "today": timezone.localdate()})
    if request.GET.get("download"):
        response["Content-Disposition"] = 'attachment; filename="review-certificate.html"'
    return response


@require_POST
@login_required
def assignment_conflict(request, pk):
    assignment = _own_assignment(request, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of conflict."))
        return redirect("reviews:assignment", pk=assignment.pk)
    try:
        conflict_declare(assignment=assignment, actor=request.user, **form.cleaned_data)
    except (DomainError, PermissionDenied, ValidationError) as error:
        messages.error(request, user_message(error))
        return redirect("reviews:assignment", pk=assignment.pk)
    messages.info(request, _("Thank you: the conflict is recorded and the editors will invite someone else."))
    return redirect("reviews:assignments")


@require_POST
@login_required
def case_comment(request, pk):
    case = get_object_or_404(ReviewCase, pk=pk)
    if not can_discuss(request.user, case):
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        case_comment_post(case=case, author=request.user, body=form.cleaned_data["body"])
    else:
        messages.error(request, _("Write a message."))
    back = request.POST.get("back", "")
    if back.isdigit() and Assignment.objects.filter(pk=back, reviewer=request.user).exists():
        return redirect("reviews:assignment", pk=int(back))
    return redirect("reviews:case", pk=case.pk)


@login_required
def offline_download(request, pk):
    assignment = _own_assignment(request, pk)
    response = HttpResponse(offline_form(assignment), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="review-%s.txt"' % assignment.pk
    return response


@require_POST
@login_required
def offline_upload(request, pk):
    """The filled file becomes the review's draft; the reviewer checks it on the page and submits."""
    assignment = _own_assignment(request, pk)
    upload = request.FILES.get("form")
    if upload is None or upload.size > 200_000:
        messages.error(request, _("Choose the filled review form (a text file)."))
        return redirect("reviews:assignment", pk=assignment.pk)
    try:
        values = parse_offline_form(upload.read().decode("utf-8", errors="replace"), assignment.case.rubric)
        review_save(assignment=assignment, actor=request.user, submit=False, **values)
    except (ValidationError, DomainError) as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, _("Your filled form is saved as a draft: check it below, then submit."))
    return redirect("reviews:assignment", pk=assignment.pk)
