from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse_lazy, translate_url
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from portal.accounts import services
from portal.accounts.forms import (
    LoginForm,
    OrganizationForm,
    PortalPasswordResetForm,
    ProfileForm,
    ResendConfirmationForm,
    SignUpForm,
)
from portal.accounts.models import Membership, User
from portal.accounts.tokens import email_confirmation_token
from portal.accounts.twofactor import two_factor_enabled


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
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your organisation is registered. Our staff will verify it shortly."))
            return redirect("accounts:organization")
    return render(request, "accounts/organization.html", {"memberships": memberships, "form": form})
