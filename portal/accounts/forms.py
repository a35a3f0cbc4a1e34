from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organization, User
from portal.accounts.throttle import client_ip, login_failed, login_locked, login_succeeded
from portal.accounts.twofactor import two_factor_verify
from portal.notifications.services import absolute_url, notify
from portal.taxonomy.models import Country


class CountryChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Country.objects.all(), to_field_name="code", **kwargs)

    def __deepcopy__(self, memo):
        # Each form instance sorts by the country name in the language active for its request.
        field = super().__deepcopy__(memo)
        field.queryset = Country.objects.order_by("name")
        return field


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    country = CountryChoiceField(label=_("Country"), required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "An account with this e-mail address already exists. Log in, or reset your password if you forgot it."
                ),
                code="duplicate_email",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is not correct."),
        "unconfirmed": _("Please confirm your e-mail address first: open the link we sent you, or ask for a new one."),
        "locked": _(
            "Too many failed attempts: this account is locked for %(minutes)s minutes. "
            "Try again later, or reset your password."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mail address")

    def clean(self):
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        ip = client_ip(self.request) if self.request else None
        if email and login_locked(email, ip):
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": settings.LOGIN_LOCKOUT_MINUTES}
            )
        try:
            return self._authenticate(email, password)
        except forms.ValidationError as error:
            if email and error.code != "unconfirmed":
                login_failed(email, ip)
            raise

    def _authenticate(self, email, password):
        if email and password:
            pending = User.objects.filter(email__iexact=email, is_active=False, email_confirmed_at__isnull=True).first()
            if pending is not None and pending.check_password(password):
                raise forms.ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")
        cleaned = super().clean()
        login_succeeded(email)
        return cleaned


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))


class PortalPasswordResetForm(PasswordResetForm):
    """Sends the reset link through the notification outbox, in the recipient's language."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        user = context["user"]
        with translation.override(user.preferred_language):
            path = reverse(
                "accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
            )
        notify(recipient=user, kind="password_reset", context={"url": absolute_url(path)}, show_in_inbox=False)


class ProfileForm(forms.ModelForm):
    country = CountryChoiceField(label=_("Country"), required=False)

    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "country"]


class OrganizationForm(forms.ModelForm):
    country = CountryChoiceField(label=_("Country"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "kind", "country", "website", "registration_number"]


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )


class TwoFactorLoginForm(TwoFactorCodeForm):
    """The second step of logging in: a code for the user whose password was right, throttled like the first."""

    error_messages = {
        "invalid_code": _("This code is not correct. Check the time on your phone and try again."),
        "locked": LoginForm.error_messages["locked"],
    }

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.request, self.device = user, request, None

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        if not code:
            return cleaned
        ip = client_ip(self.request)
        if login_locked(self.user.email, ip, step="otp"):
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": settings.LOGIN_LOCKOUT_MINUTES}
            )
        self.device = two_factor_verify(user=self.user, code=code)
        if self.device is None:
            login_failed(self.user.email, ip, step="otp")
            self.add_error("code", forms.ValidationError(self.error_messages["invalid_code"], code="invalid_code"))
        else:
            login_succeeded(self.user.email, step="otp")
        return cleaned
