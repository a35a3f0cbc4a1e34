"""Campaign pages: thin views that parse, call a service or selector, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import selectors, services
from campaigns.charts import reach_chart
from campaigns.files import ALLOWED_KINDS
from campaigns.forms import (
    CampaignFilterForm,
    CampaignForm,
    EventForm,
    JoinForm,
    LibraryFilterForm,
    MaterialForm,
    ReachForm,
    initial_from,
)
from campaigns.models import TRANSLATED_FIELDS, Campaign, CampaignPartner, MaterialVersion
from campaigns.permissions import can_manage_campaign, can_view_campaign, is_campaign_manager, member_organizations
from portal.errors import DomainError, user_message


def _form_errors(form, error) -> None:
    """Put a service's refusal on the form: field errors on their fields, anything else on top."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, user_message(error))


def campaign_list(request):
    form = CampaignFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    campaigns = selectors.campaign_list(
        user=request.user,
        audience=filters.get("audience") or "",
        country=filters["country"].code if filters.get("country") else "",
        theme=filters["theme"].slug if filters.get("theme") else "",
        state=filters.get("state") or "",
    )
    page = Paginator(campaigns, 20).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "is_manager": is_campaign_manager(request.user),
    }
    return render(request, "campaigns/list.html", context)


def _campaign_or_404(request, pk) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("lead_organization"), pk=pk)
    if not can_view_campaign(request.user, campaign):
        raise Http404
    return campaign


def campaign_detail(request, pk):
    campaign = _campaign_or_404(request, pk)
    language = get_language()
    translated = language in campaign.languages
    materials = campaign.materials.order_by("kind", "pk").prefetch_related("versions")
    coverage_languages, coverage_rows = selectors.coverage_grid(materials)
    metrics, country_rows = selectors.reach_by_country(campaign)
    is_manager = can_manage_campaign(request.user, campaign)
    partnerships = campaign.partnerships.select_related("organization__country")
    approved = [p for p in partnerships if p.state == CampaignPartner.State.APPROVED]
    pending = [p for p in partnerships if p.state == CampaignPartner.State.REQUESTED] if is_manager else []
    organizations = member_organizations(request.user)
    own_requests = [p for p in partnerships if p.organization_id in {o.pk for o in organizations}]
    context = {
        "campaign": campaign,
        "text": {field: campaign.localized(field) for field in TRANSLATED_FIELDS},
        "shown_language": language if translated else campaign.original_language,
        "is_courtesy_translation": translated and language != campaign.original_language,
        "coverage_languages": coverage_languages,
        "coverage_rows": coverage_rows,
        "events": campaign.events.select_related("country", "organiser").order_by("starts"),
        "approved_partners": approved,
        "pending_partners": pending,
        "own_requests": own_requests,
        "join_form": JoinForm(organizations=organizations) if organizations and campaign.published else None,
        "reach_totals": selectors.reach_totals(campaign.reach_figures.all()),
        "reach_metrics": metrics,
        "reach_rows": country_rows,
        "reach_chart": reach_chart(metrics, country_rows),
        "is_manager": is_manager,
    }
    return render(request, "campaigns/detail.html", context)


def material_library(request):
    form = LibraryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    materials = selectors.material_library(user=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(materials, 30).get_page(request.GET.get("page"))
    return render(request, "campaigns/library.html", {"form": form, "page": page})


def calendar(request):
    past = request.GET.get("past") == "1"
    months = selectors.calendar_months(user=request.user, past=past)
    return render(request, "campaigns/calendar.html", {"months": months, "past": past})


def material_download(request, pk):
    """Serve the file or follow the link, counting the download either way."""
    version = get_object_or_404(MaterialVersion.objects.select_related("material__campaign"), pk=pk)
    if not can_view_campaign(request.user, version.material.campaign):
        raise Http404
    services.material_version_count_download(version=version)
    if version.is_link:
        return HttpResponseRedirect(version.url)
    try:
        stored = version.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        stored,
        as_attachment=True,
        filename=version.original_name or version.file.name.rsplit("/", 1)[-1],
        content_type=ALLOWED_KINDS.get(version.file_kind, "application/octet-stream"),
    )


def _manager_only(request):
    if not is_campaign_manager(request.user):
        raise Http404


@login_required
def campaign_new(request):
    _manager_only(request)
    form = CampaignForm(request.POST or None, initial={"original_language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            campaign = services.campaign_create(actor=request.user, **values)
        except (ValidationError, DomainError, PermissionDenied) as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The campaign is saved. Publish it when it is ready."))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "campaign": None})


@login_required
def campaign_edit(request, pk):
    _manager_only(request)
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignForm(request.POST or None, initial=initial_from(campaign), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(campaign=campaign, actor=request.user, **form.cleaned_data)
        except (ValidationError, DomainError, PermissionDenied) as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The campaign is saved."))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "campaign": campaign})


def _manager_form(request, pk, form_class, service, template_title, success, form_kwargs):
    """The shape shared by the material, event and reach forms of a campaign's managers."""
    _manager_only(request)
    campaign = get_object_or_404(Campaign, pk=pk)
    form = form_class(request.POST or None, request.FILES or None, **form_kwargs(campaign))
    if request.method == "POST" and form.is_valid():
        try:
            service(campaign, dict(form.cleaned_data))
        except (ValidationError, DomainError, PermissionDenied) as error:
            _form_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("campaigns:detail", pk=campaign.pk)
    context = {"form": form, "campaign": campaign, "title": template_title, "multipart": "file" in form.fields}
    return render(request, "campaigns/manage_form.html", context)


@login_required
def material_new(request, pk):
    def add(campaign, values):
        material = values.pop("material")
        upload = values.pop("file")
        if material is not None:
            values.pop("kind", None)
            values.pop("licence", None)
            values.pop("usage_rules", None)
        services.material_add(campaign=campaign, actor=request.user, material=material, upload=upload, **values)

    return _manager_form(
        request,
        pk,
        MaterialForm,
        add,
        _("Add a material or a language version"),
        _("The material is added."),
        form_kwargs=lambda campaign: {"campaign": campaign},
    )


@login_required
def event_new(request, pk):
    def add(campaign, values):
        services.event_add(campaign=campaign, actor=request.user, **values)

    return _manager_form(
        request, pk, EventForm, add, _("Add an event"), _("The event is added."), form_kwargs=lambda campaign: {}
    )


@login_required
def reach_new(request, pk):
    def add(campaign, values):
        services.reach_add(campaign=campaign, actor=request.user, **values)

    return _manager_form(
        request,
        pk,
        ReachForm,
        add,
        _("Record a reach figure"),
        _("The reach figure is recorded."),
        form_kwargs=lambda campaign: {},
    )


@require_POST
@login_required
def campaign_join(request, pk):
    campaign = _campaign_or_404(request, pk)
    organizations = member_organizations(request.user)
    form = JoinForm(request.POST, organizations=organizations)
    if not form.is_valid():
        messages.error(request, _("Choose your organisation and its role."))
        return redirect("campaigns:detail", pk=campaign.pk)
    try:
        services.partner_request(
            campaign=campaign,
            actor=request.user,
            organization=form.cleaned_data["organization"],
            role=form.cleaned_data["role"],
        )
    except (ValidationError, DomainError, PermissionDenied) as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, _("Your request is sent; the campaign's managers will answer it."))
    return redirect("campaigns:detail", pk=campaign.pk)


PARTNER_DECISIONS = {"approve": services.partner_approve, "decline": services.partner_decline}
PUBLICATION = {"publish": services.campaign_publish, "unpublish": services.campaign_unpublish}


@require_POST
@login_required
def partner_decide(request, pk, organization_pk, decision):
    _manager_only(request)
    if decision not in PARTNER_DECISIONS:
        raise Http404
    partnership = get_object_or_404(CampaignPartner, campaign_id=pk, organization_id=organization_pk)
    try:
        PARTNER_DECISIONS[decision](partnership=partnership, actor=request.user)
    except (DomainError, PermissionDenied) as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, _("Done."))
    return redirect("campaigns:detail", pk=pk)


@require_POST
@login_required
def campaign_publication(request, pk, transition):
    _manager_only(request)
    if transition not in PUBLICATION:
        raise Http404
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        PUBLICATION[transition](campaign=campaign, actor=request.user)
    except (DomainError, PermissionDenied) as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, _("Done."))
    return redirect("campaigns:detail", pk=pk)
