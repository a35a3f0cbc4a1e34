"""Two-factor sign-in: enrolment, the code step of logging in, turning it off, enforcement, the API token."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.throttle import login_unlock
from portal.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_lock_left(user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the portal's own lock-out is what these tests exercise
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    login_unlock(user.email, "127.0.0.1")
    yield
    login_unlock(user.email, "127.0.0.1")


def code_for(device, steps_ahead=0):
    """The code the user's app shows now (or `steps_ahead` periods later: a code is accepted only once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return "%06d" % totp.token()


def enrol(user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def log_in_with_password(client, user, password, next_url=None):
    data = {"username": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(client, user):
    client.force_login(user)
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    # The QR code is drawn on the server; the page's one script is the quick exit every page has.
    assert "<svg" in page and "<script" not in page.replace(
        '<script src="/static/js/quick-exit.js" defer></script>', ""
    )
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200  # same device, same QR code
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert "This code is not correct" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    response = client.post(reverse("accounts:two_factor_setup"), {"code": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(codes)
    assert AuditEvent.objects.for_object(user).filter(verb="user.two_factor_enable").count() == 1
    assert "Turn two-factor sign-in off" in client.get(reverse("accounts:profile")).content.decode()


def test_login_without_a_device_needs_only_the_password(client, user, password):
    response = log_in_with_password(client, user, password)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_login_with_a_device_asks_for_the_code_after_the_password(client, user, password):
    device = enrol(user)
    response = log_in_with_password(client, user, password, next_url="/en/practices/")
    assert response.url == reverse("accounts:login_code")
    assert "_auth_user_id" not in client.session  # not logged in until the code is given
    assert client.get(reverse("accounts:profile")).status_code == 302

    page = client.get(reverse("accounts:login_code"))
    assert 'autocomplete="one-time-code"' in page.content.decode()
    response = client.post(reverse("accounts:login_code"), {"code": code_for(device)})
    assert response.status_code == 302 and response.url == "/en/practices/"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_wrong_code_is_a_clear_form_error_and_logs_nobody_in(client, user, password):
    enrol(user)
    log_in_with_password(client, user, password)
    response = client.post(reverse("accounts:login_code"), {"code": "123456"})
    assert response.status_code == 200
    assert "This code is not correct" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("accounts:login_code"), {"code": ""})
    assert "This field is required" in response.content.decode()


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, user, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    device = enrol(user)
    for _ in range(3):
        # A right password each time must not reset the count of wrong codes.
        log_in_with_password(client, user, password)
        client.post(reverse("accounts:login_code"), {"code": "123456"})
    log_in_with_password(client, user, password)
    response = client.post(reverse("accounts:login_code"), {"code": code_for(device)})
    assert "this account is locked for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_backup_code_logs_in_once(client, user, password):
    enrol(user)
    client.force_login(user)
    # Backup codes come with enrolment; make some for this user directly.
    from portal.accounts.twofactor import _replace_backup_codes

    codes = _replace_backup_codes(user)
    client.logout()
    log_in_with_password(client, user, password)
    assert client.post(reverse("accounts:login_code"), {"code": codes[0].upper()}).status_code == 302
    client.logout()
    log_in_with_password(client, user, password)
    response = client.post(reverse("accounts:login_code"), {"code": codes[0]})
    assert "This code is not correct" in response.content.decode()


def test_the_code_step_without_a_password_step_sends_back_to_login(client):
    response = client.get(reverse("accounts:login_code"))
    assert response.url == reverse("accounts:login")


def test_turning_it_off_needs_a_current_code(client, user):
    device = enrol(user)
    client.force_login(user)
    client.post(reverse("accounts:two_factor_disable"), {"code": "000000"})
    assert TOTPDevice.objects.filter(user=user).exists()
    response = client.post(reverse("accounts:two_factor_disable"), {"code": code_for(device)}, follow=True)
    assert "Two-factor sign-in is off." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.for_object(user).filter(verb="user.two_factor_disable").exists()


def test_enforced_setting_sends_an_editor_to_enrolment_first(client, password, settings):
    settings.REQUIRE_2FA_FOR_STAFF = True
    editor = UserFactory(roles=["editor"])
    response = log_in_with_password(client, editor, password)
    response = client.get(response.url)
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor_setup")
    assert client.get(reverse("practices:list")).url == reverse("accounts:two_factor_setup")
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "Your role requires two-factor sign-in" in page

    device = TOTPDevice.objects.get(user=editor)
    client.post(reverse("accounts:two_factor_setup"), {"code": code_for(device)})
    assert client.get(reverse("practices:list")).status_code == 200  # this session gave a code
    client.post(reverse("accounts:two_factor_disable"), {"code": code_for(device, 1)})
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).exists()  # the role must keep it


def test_enforced_setting_leaves_submitters_alone_and_asks_enrolled_staff_for_the_code(client, password, settings):
    settings.REQUIRE_2FA_FOR_STAFF = True
    submitter = UserFactory(roles=["submitter"])
    client.force_login(submitter)
    assert client.get(reverse("practices:mine")).status_code == 200
    manager = UserFactory(roles=["grant_manager"])
    enrol(manager)
    client.force_login(manager)  # a session that never gave a code
    response = client.get(reverse("practices:mine"))
    assert response.url == reverse("accounts:login_code")
    assert "_auth_user_id" not in client.session


def test_admin_login_page_leads_to_the_portal_login(client):
    response = client.get("/en/admin/login/?next=/en/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login")) and "next=" in response.url


def test_api_token_needs_the_code_of_an_account_with_two_factor(api_client, user, password):
    device = enrol(user)
    url = "/api/v1/auth/token/"
    response = api_client.post(url, {"email": user.email, "password": password}, format="json")
    assert response.status_code == 400
    assert "otp" in response.json() and "two-factor" in response.json()["otp"][0]
    response = api_client.post(url, {"email": user.email, "password": password, "otp": "000000"}, format="json")
    assert response.status_code == 400 and response.json() == {"otp": ["This code is not correct."]}
    response = api_client.post(url, {"email": user.email, "password": password, "otp": code_for(device)}, format="json")
    assert response.status_code == 200 and response.json()["token"]


def test_api_token_without_two_factor_is_unchanged(api_client, user, password):
    response = api_client.post("/api/v1/auth/token/", {"email": user.email, "password": password}, format="json")
    assert response.status_code == 200


def test_api_token_refuses_an_editor_who_must_enrol_first(api_client, password, settings):
    settings.REQUIRE_2FA_FOR_STAFF = True
    editor = UserFactory(roles=["editor"])
    response = api_client.post("/api/v1/auth/token/", {"email": editor.email, "password": password}, format="json")
    assert response.status_code == 400 and "profile" in response.json()["otp"][0]
