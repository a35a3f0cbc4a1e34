"""Pages of two-factor sign-in: the code step of logging in, setting it up, turning it off."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login

from portal.accounts import twofactor
from portal.accounts.forms import TwoFactorCodeForm, TwoFactorLoginForm
from portal.accounts.models import User
from portal.accounts.views import in_preferred_language

PENDING_SESSION_KEY = "_two_factor_pending"
PENDING_SECONDS = 5 * 60


def begin_code_step(request, user, *, next_url: str, backend: str | None = None):
    """The password was right: remember who (not logged in) and ask for the code."""
    request.session.cycle_key()
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": backend or user.backend,
        "next": next_url,
        "since": time.time(),
    }
    return redirect("accounts:login_code")


def _pending_user(request):
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        return None, None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@never_cache
def login_code(request):
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING_SESSION_KEY, None)
        messages.info(request, _("Please log in again."))
        return redirect("accounts:login")
    form = TwoFactorLoginForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        del request.session[PENDING_SESSION_KEY]
        login(request, user, backend=pending["backend"])
        otp_login(request, form.device)
        next_url = pending["next"]
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = settings.LOGIN_REDIRECT_URL
        return in_preferred_language(redirect(next_url), user)
    return render(request, "accounts/two_factor_login.html", {"form": form})


@never_cache
@login_required
def two_factor_setup(request):
    if twofactor.two_factor_enabled(request.user):
        messages.info(request, _("Two-factor sign-in is already on."))
        return redirect("accounts:profile")
    device = twofactor.two_factor_setup_device(user=request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, backup_codes = twofactor.two_factor_confirm(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            otp_login(request, device)  # this session proved the code: it counts as verified
            return render(request, "accounts/two_factor_backup_codes.html", {"backup_codes": backup_codes})
    context = {
        "form": form,
        "qr_code": twofactor.qr_code_svg(device),
        "secret": twofactor.secret_for_humans(device),
        "required": twofactor.two_factor_required(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require_POST
@login_required
def two_factor_disable(request):
    form = TwoFactorCodeForm(request.POST)
    if form.is_valid():
        try:
            twofactor.two_factor_disable(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            messages.success(request, _("Two-factor sign-in is off."))
    else:
        messages.error(request, _("Type a current code to turn two-factor sign-in off."))
    return redirect("accounts:profile")


def resume_code_step(request):
    """A logged-in session that never gave a code for an account that has one (the setting enforces it)."""
    user = request.user
    backend = request.session.get(BACKEND_SESSION_KEY)
    next_url = request.get_full_path()
    logout(request)
    return begin_code_step(request, user, next_url=next_url, backend=backend)
