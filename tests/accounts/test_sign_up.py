import re

import pytest
from django.urls import reverse

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRONG = "a-long-and-unusual-passphrase"


def sign_up(client, **overrides):
    data = {
        "email": "new.member@ngo.example",
        "full_name": "Amina Diallo",
        "preferred_language": "fr",
        "country": "MA",
        "password1": STRONG,
        "password2": STRONG,
        **overrides,
    }
    return client.post(reverse("accounts:sign_up"), data)


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_sign_up_creates_inactive_submitter_and_sends_confirmation_in_their_language(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert response.status_code == 200
    assert "new.member@ngo.example" in response.content.decode()
    user = User.objects.get(email="new.member@ngo.example")
    assert not user.is_active
    assert user.roles == ["submitter"]
    assert user.country.code == "MA"
    assert AuditEvent.objects.for_object(user).get().verb == "user.sign_up"
    notification = Notification.objects.get(recipient=user, kind="email_confirmation")
    assert notification.state == "sent"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.member@ngo.example"]
    assert mailoutbox[0].subject == "Confirmez votre adresse électronique"
    assert "/fr/accounts/confirm/" in link_in(mailoutbox[0])


def test_confirmation_link_activates_once_and_then_login_works(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    link = link_in(mailoutbox[0])

    # Logging in before confirming says what to do instead of "wrong password".
    response = client.post(reverse("accounts:login"), {"username": "new.member@ngo.example", "password": STRONG})
    assert "confirm your e-mail address first" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link)
    assert response.status_code == 302
    user = User.objects.get(email="new.member@ngo.example")
    assert user.is_active and user.email_confirmed_at is not None

    # The link is single-use.
    assert client.get(link).status_code == 400

    response = client.post(reverse("accounts:login"), {"username": "NEW.member@ngo.example", "password": STRONG})
    assert response.status_code == 302
    # The user chose French: logging in from the English page lands on the French one.
    assert response["Location"].startswith("/fr/")
    assert response.cookies["django_language"].value == "fr"


def test_tampered_confirmation_link_is_refused(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    response = client.get(link_in(mailoutbox[0])[:-3] + "xyz/")
    assert response.status_code == 400
    assert not User.objects.get(email="new.member@ngo.example").is_active


def test_email_already_used_is_refused_with_a_clear_message_and_nothing_saved(client, mailoutbox):
    UserFactory(email="taken@ngo.example")
    response = sign_up(client, email="Taken@NGO.example")
    assert response.status_code == 200
    assert "An account with this e-mail address already exists" in response.content.decode()
    assert User.objects.filter(email__iexact="taken@ngo.example").count() == 1
    assert Notification.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    "password, message",
    [
        ("short", "This password is too short"),
        ("password123", "This password is too common"),
        ("48392017465839", "This password is entirely numeric"),
    ],
)
def test_weak_password_is_refused_and_no_account_is_created(client, password, message):
    response = sign_up(client, password1=password, password2=password)
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(email="new.member@ngo.example").exists()
    assert AuditEvent.objects.count() == 0


def test_mismatched_passwords_are_refused(client):
    response = sign_up(client, password2=STRONG + "x")
    assert "The two passwords do not match." in response.content.decode()
    assert not User.objects.exists()


def test_resend_confirmation_sends_a_new_link_without_revealing_accounts(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="waiting@ngo.example", unconfirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:resend_confirmation"), {"email": "waiting@ngo.example"})
        response = client.post(reverse("accounts:resend_confirmation"), {"email": "nobody@ngo.example"})
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [["waiting@ngo.example"]]
