from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy, translate_url
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts import selectors, services
from portal.accounts.forms import (
    LoginForm,
    OrganizationForm,
    PortalPasswordResetForm,
    ProfileForm,
    ResendConfirmationForm,
    SignUpForm,
)
from portal.accounts.models import Membership, Organization, OrganizationDocument, User
from portal.accounts.permissions import can_see_organization_documents, can_verify_organization, is_member
from portal.accounts.tokens import email_confirmation_token
from portal.accounts.twofactor import two_factor_enabled
from portal.errors import DomainError, user_message
from portal.files import ALLOWED_KINDS


def sign_up(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None, initial={"preferred_language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_sign_up(
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
                preferred_language=data["preferred_language"],
                country=data["country"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "accounts/sign_up_done.html", {"email": data["email"]})
    return render(request, "accounts/sign_up.html", {"form": form})


def confirm_email(request, uidb64, token):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not email_confirmation_token.check_token(user, token):
        return render(request, "accounts/confirm_email_invalid.html", status=400)
    services.user_confirm_email(user=user)
    messages.success(request, _("Your e-mail address is confirmed. You can now log in."))
    return redirect("accounts:login")


def resend_confirmation(request):
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_resend_confirmation(email=form.cleaned_data["email"])
        messages.info(request, _("If an unconfirmed account uses this address, a new link is on its way."))
        return redirect("accounts:login")
    return render(request, "accounts/resend_confirmation.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if two_factor_enabled(user):
            # Not logged in yet: the code step finishes the login.
            from portal.accounts.twofactor_views import begin_code_step

            return begin_code_step(self.request, user, next_url=self.get_success_url())
        return in_preferred_language(super().form_valid(form), user)


def in_preferred_language(response, user):
    """The user's preferred language wins over the page they happened to log in from."""
    language = user.preferred_language
    response["Location"] = translate_url(response["Location"], language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PortalPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_update_profile(
            user=request.user,
            full_name=data["full_name"],
            preferred_language=data["preferred_language"],
            country=data["country"],
        )
        messages.success(request, _("Your profile was saved."))
        response = redirect(translate_url(request.path, user.preferred_language))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, user.preferred_language, max_age=settings.LANGUAGE_COOKIE_AGE
        )
        return response
    return render(
        request, "accounts/profile.html", {"form": form, "two_factor_enabled": two_factor_enabled(request.user)}
    )


@login_required
def organization(request):
    memberships = (
        request.user.memberships.select_related("organization__country")
        .prefetch_related(Prefetch("organization__memberships", queryset=Membership.objects.select_related("user")))
        .order_by("organization__name")
    )
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.organization_register(
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                country=data["country"],
                website=data["website"],
                registration_number=data["registration_number"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your organisation is registered. Our staff will verify it shortly."))
            return redirect("accounts:organization")
    context = {"memberships": memberships, "form": form, "document_kinds": OrganizationDocument.Kind.choices}
    return render(request, "accounts/organization.html", context)


@login_required
@require_POST
def organization_document_add(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    if not is_member(request.user, organization):
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("accounts:organization")
    try:
        services.organization_document_add(
            organization=organization, actor=request.user, kind=request.POST.get("kind", ""), upload=upload
        )
    except (ValidationError, DomainError, PermissionDenied) as error:
        messages.error(request, user_message(error))
    else:
        messages.success(
            request, _("The document is uploaded. Our staff will look at it when they verify your organisation.")
        )
    return redirect("accounts:organization")


@login_required
def organization_document(request, pk):
    document = get_object_or_404(OrganizationDocument.objects.select_related("organization"), pk=pk)
    if not can_see_organization_documents(request.user, document.organization):
        raise Http404
    response = FileResponse(
        document.file.open("rb"), content_type=ALLOWED_KINDS[document.file_type], as_attachment=True
    )
    response["Content-Disposition"] = 'attachment; filename="%s"' % document.original_name.replace('"', "")
    return response


@login_required
def verification_queue(request):
    """Staff verify organisations here, with their documents and any organisation that looks like the same one."""
    if not can_verify_organization(request.user):
        raise Http404
    if request.method == "POST":
        organization = get_object_or_404(Organization, pk=request.POST.get("organization") or 0)
        services.organization_verify(actor=request.user, organization=organization)
        messages.success(request, _("%(name)s is verified.") % {"name": organization.name})
        return redirect("accounts:verification_queue")
    organizations = list(selectors.verification_queue())
    duplicates = selectors.possible_duplicates(organizations)
    rows = [{"organization": o, "duplicates": duplicates[o.pk]} for o in organizations]
    return render(request, "accounts/verification_queue.html", {"rows": rows})
