"""Two-factor sign-in with time-based codes (TOTP), on django-otp's devices.

A user has at most one confirmed TOTP device and one static device holding single-use backup codes.
Enrolment creates an unconfirmed TOTP device (the QR code stays the same across reloads) and confirms
it once the user types a code from their app. `REQUIRE_2FA_FOR_STAFF` makes staff, editors and grant
managers enrol before they use the site (portal.accounts.middleware).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import Role, User
from portal.audit.services import audit_record

BACKUP_CODE_COUNT = 10
ROLES_REQUIRING_TWO_FACTOR = (Role.EDITOR, Role.GRANT_MANAGER)


def two_factor_required(user: User) -> bool:
    """Whether this account must use two-factor sign-in (only when the deployment asks for it)."""
    if not settings.REQUIRE_2FA_FOR_STAFF or not user.is_authenticated:
        return False
    return user.is_staff or user.groups.filter(name__in=ROLES_REQUIRING_TWO_FACTOR).exists()


def two_factor_enabled(user: User) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def two_factor_verify(*, user: User, code: str):
    """The device that accepts this code (a TOTP code, or an unused backup code, which is then spent), or None.

    Each device keeps django-otp's own throttle (a growing delay after failures) on top of the portal's
    lock-out counter (portal.accounts.throttle).
    """
    code = normalise_code(code or "")
    if not code:
        return None
    # Six digits are an authenticator code; anything else can only be a backup code.
    device_class = TOTPDevice if code.isdigit() and len(code) <= 8 else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, device_class) and device.verify_token(code):
                return device
    return None


def two_factor_setup_device(*, user: User) -> TOTPDevice:
    """The user's device being set up: created once, so the QR code stays the same until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def two_factor_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the device being set up with a code from the app; returns it and fresh backup codes (shown once)."""
    if two_factor_enabled(user):
        raise ValidationError(_("Two-factor sign-in is already on for this account."))
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or not device.verify_token(normalise_code(code or "")):
        raise ValidationError({"code": _("This code is not correct. Check the time on your phone and try again.")})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _replace_backup_codes(user)
    audit_record(actor=user, verb="user.two_factor_enable", target=user, to_state="two_factor")
    return device, codes


@transaction.atomic
def two_factor_disable(*, user: User, code: str) -> None:
    """Turn two-factor sign-in off; needs a current code, and is refused to roles that must keep it."""
    if two_factor_required(user):
        raise ValidationError(_("Your role requires two-factor sign-in: it cannot be turned off."))
    if two_factor_verify(user=user, code=code) is None:
        raise ValidationError({"code": _("This code is not correct. Check the time on your phone and try again.")})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=user, verb="user.two_factor_disable", target=user, from_state="two_factor")


def _replace_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    codes = [StaticToken.random_token() for _index in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG (no script, no third-party request)."""
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


def secret_for_humans(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app that cannot scan."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))
