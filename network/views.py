from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from network import selectors, services
from network.forms import ContactForm, PostForm, ThreadForm
from network.models import Post, PostReport, Thread, ThreadSubscription
from portal.accounts.models import Organization, OrganizationKind
from portal.accounts.permissions import is_member
from portal.errors import DomainError, user_message
from portal.taxonomy.models import Country, Region, Theme
from practices.models import Practice
from practices.permissions import is_editor
from resources.models import Resource


def _refused(form, error) -> int:
    """Put a service's refusal on the form; the status says why (429 for a flood)."""
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, user_message(error))
    return 429 if isinstance(error, services.RateLimited) else 400


def organisation_list(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "kind", "country", "theme")}
    page = Paginator(selectors.verified_organizations(**filters), 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "kinds": OrganizationKind.choices,
        "countries": Country.objects.filter(organization__verified_at__isnull=False).distinct().order_by("name"),
        "themes": Theme.objects.order_by("position"),
    }
    return render(request, "network/organisations.html", context)


def organisation_detail(request, pk):
    organization = get_object_or_404(Organization.objects.verified().select_related("country"), pk=pk)
    return render(
        request,
        "network/organisation.html",
        {"organization": organization, **selectors.organization_profile(organization)},
    )


def expert_list(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("theme", "language", "region")}
    page = Paginator(selectors.public_experts(**filters), 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "themes": Theme.objects.order_by("position"),
        "regions": Region.objects.order_by("position", "slug"),
    }
    return render(request, "network/experts.html", context)


def expert_detail(request, pk):
    profile = get_object_or_404(selectors.public_experts(), pk=pk)
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect("%s?next=%s" % ("/%s/accounts/login/" % get_language(), request.path))
        if form.is_valid():
            try:
                services.expert_contact(profile=profile, actor=request.user, **form.cleaned_data)
            except (PermissionDenied, DomainError, ValidationError) as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("Your message is on its way. The expert will answer you by e-mail."))
                return redirect("network:expert", pk=pk)
        else:
            status = 400
    return render(request, "network/expert.html", {"profile": profile, "form": form}, status=status)


def _item(kind: str, pk: int):
    model = {"practice": Practice, "resource": Resource}.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.filter(state="published").select_related("organization"), pk=pk)


@login_required
def thread_new(request, kind, pk):
    item = _item(kind, pk)
    form = ThreadForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                thread = services.thread_start(
                    item=item, actor=request.user, language=get_language(), **form.cleaned_data
                )
            except (PermissionDenied, DomainError, ValidationError) as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("Your question is posted. You will receive the answers by e-mail."))
                return redirect("network:thread", pk=thread.pk)
        else:
            status = 400
    return render(request, "network/thread_new.html", {"item": item, "kind": kind, "form": form}, status=status)


def thread_detail(request, pk):
    thread = get_object_or_404(Thread.objects.select_related("practice__organization", "resource__organization"), pk=pk)
    editor = is_editor(request.user)
    if (thread.hidden and not editor) or thread.subject.state != "published":
        raise Http404
    form = PostForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect("%s?next=%s" % ("/%s/accounts/login/" % get_language(), request.path))
        if form.is_valid():
            try:
                services.post_add(
                    thread=thread, actor=request.user, body=form.cleaned_data["body"], language=get_language()
                )
            except (PermissionDenied, DomainError, ValidationError) as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("Posted."))
                return redirect("network:thread", pk=pk)
        else:
            status = 400
    organization = thread.organization
    context = {
        "thread": thread,
        "item": thread.subject,
        "posts": selectors.thread_posts(thread),
        "form": form,
        "is_editor": editor,
        "can_answer": organization is not None and is_member(request.user, organization),
        "subscribed": request.user.is_authenticated
        and ThreadSubscription.objects.filter(thread=thread, user=request.user).exists(),
        "frequencies": ThreadSubscription.Frequency.choices,
    }
    return render(request, "network/thread.html", context, status=status)


def _act(request, action, done, pk_redirect):
    try:
        action()
    except (PermissionDenied, DomainError, ValidationError) as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, done)
    return redirect("network:thread", pk=pk_redirect)


@login_required
@require_POST
def thread_subscription(request, pk):
    thread = get_object_or_404(Thread, pk=pk, hidden=False)
    subscribe = request.POST.get("subscribe") == "1"
    frequency = request.POST.get("frequency") or ThreadSubscription.Frequency.IMMEDIATE
    done = _("You will receive new posts by e-mail.") if subscribe else _("You will no longer receive new posts.")
    return _act(
        request,
        lambda: services.thread_subscribe(thread=thread, actor=request.user, subscribe=subscribe, frequency=frequency),
        done,
        pk,
    )


# The signed token in the address is the credential; mail clients POST without a form (RFC 8058).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def thread_unsubscribe(request, token):
    """GET asks (mail scanners that open links stop nothing); POST stops the e-mails of that discussion."""
    if request.method == "GET":
        subscription = services.subscription_for_token(token)
        template = "network/unsubscribe.html"
    else:
        subscription = services.thread_unsubscribe_by_token(token=token)
        template = "network/unsubscribed.html"
    return render(request, template, {"subscription": subscription}, status=200 if subscription else 404)


@login_required
@require_POST
def thread_lock(request, pk):
    thread = get_object_or_404(Thread, pk=pk)
    locked = request.POST.get("locked") != "0"
    return _act(
        request,
        lambda: services.thread_lock(thread=thread, actor=request.user, locked=locked),
        _("The discussion is locked.") if locked else _("The discussion is open again."),
        pk,
    )


@login_required
@require_POST
def post_report(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk, hidden=False, thread__hidden=False)
    return _act(
        request,
        lambda: services.post_report(post=post, actor=request.user, reason=request.POST.get("reason", "")),
        _("Thank you. The editors will look at this post."),
        post.thread_id,
    )


@login_required
@require_POST
def post_hide(request, pk):
    post = get_object_or_404(Post, pk=pk)
    return _act(
        request, lambda: services.post_hide(post=post, actor=request.user), _("The post is hidden."), post.thread_id
    )


@login_required
def moderation(request):
    if not is_editor(request.user):
        raise Http404
    reports = (
        PostReport.objects.filter(resolved=False, post__hidden=False)
        .select_related("post__thread", "post__author", "reporter")
        .order_by("-created_at")
    )
    return render(request, "network/moderation.html", {"reports": reports})
