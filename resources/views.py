from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import DomainError, user_message
from practices.permissions import is_editor
from resources import selectors, services
from resources.forms import ResourceForm
from resources.models import TRANSLATED_FIELDS, Resource
from resources.permissions import can_edit_resource, can_view_resource


def resource_list(request):
    filters = {key: request.GET.get(key, "") for key in ("kind", "theme", "country", "language")}
    filters["country"] = filters["country"].upper()
    page = Paginator(selectors.published_resources(**filters), 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "is_editor": is_editor(request.user),
        **selectors.list_filter_choices(),
    }
    return render(request, "resources/list.html", context)


def resource_detail(request, pk):
    resource = get_object_or_404(Resource.objects.select_related("organization__country"), pk=pk)
    if not can_view_resource(request.user, resource):
        raise Http404
    language = get_language()
    translated = language in resource.languages
    published = resource.state == Resource.State.PUBLISHED
    context = {
        "resource": resource,
        "text": {field: resource.localized(field) for field in TRANSLATED_FIELDS},
        "shown_language": language if translated else resource.original_language,
        "is_courtesy_translation": translated and language != resource.original_language,
        "files": resource.files.all(),
        "related": selectors.related_resources(resource) if published else [],
        "related_practices": selectors.related_practices(resource) if published else [],
        "is_editor": is_editor(request.user),
        "can_edit": can_edit_resource(request.user, resource),
        "can_submit": resource.submitted_by_id == request.user.pk and resource.state in ("draft", "revision_requested"),
        "discussion_item": ("resource", resource.pk) if published else None,
    }
    return render(request, "resources/detail.html", context)


@login_required
def resource_new(request):
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        item = {"language": data.pop("file_language"), "upload": data.pop("file"), "url": data.pop("url")}
        if data.get("publication_year") is None:
            data.pop("publication_year")
        try:
            resource = services.resource_create(actor=request.user, files=[item], **data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except (PermissionDenied, DomainError) as error:
            form.add_error(None, user_message(error))
        else:
            messages.success(request, _("The resource is saved as a draft. Submit it for review when it is ready."))
            return redirect("resources:detail", pk=resource.pk)
    return render(request, "resources/form.html", {"form": form})


TRANSITIONS = {
    "submit": (services.resource_submit, _("Submitted: the editors will have it reviewed.")),
    "publish": (services.resource_publish, _("Published.")),
    "archive": (services.resource_archive, _("Archived.")),
}


@login_required
@require_POST
def resource_transition(request, pk, transition):
    resource = get_object_or_404(Resource, pk=pk)
    if transition not in TRANSITIONS or not can_view_resource(request.user, resource):
        raise Http404
    service, done = TRANSITIONS[transition]
    try:
        service(resource=resource, actor=request.user)
    except (PermissionDenied, DomainError, ValidationError) as error:
        messages.error(request, user_message(error))
    else:
        messages.success(request, str(done))
    return redirect("resources:detail", pk=pk)
