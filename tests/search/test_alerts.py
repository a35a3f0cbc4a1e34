"""Alerts: double opt-in, digests of what is new (and nothing when nothing is), one-click unsubscribe."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from portal.notifications.alerts import alert_digest_send, alert_digests_send
from portal.notifications.models import Alert, Notification
from portal.taxonomy.models import Theme
from tests.factories import UserFactory, published_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(roles=["editor"])


def subscribe(client, query="q=shelter", frequency="daily", email="reader@example.org", language="fr"):
    return client.post(
        "/en/notifications/alerts/subscribe/",
        {"email": email, "query": query, "frequency": frequency, "language": language},
    )


def test_anyone_subscribes_and_must_confirm_by_e_mail(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client)
    assert response.status_code == 302 and response["Location"] == "/en/search/?q=shelter"
    alert = Alert.objects.get()
    assert alert.confirmed_at is None and alert.language == "fr"
    message = mailoutbox[-1]
    assert (
        message.to == ["reader@example.org"] and "Confirmez" in message.subject or "alerte" in message.subject.lower()
    )
    link = next(word for word in message.body.split() if "/confirm/" in word)
    assert client.get(urlsplit(link).path).status_code == 200
    alert.refresh_from_db()
    assert alert.confirmed_at is not None and alert.checked_until is not None
    assert client.get("/en/notifications/alerts/confirm/not-a-token/").status_code == 404


def test_a_signed_in_users_own_address_needs_no_confirmation_and_alerts_are_managed_on_one_page(client):
    user = UserFactory()
    client.force_login(user)
    subscribe(client, email=user.email, query="theme=prevention")
    alert = Alert.objects.get()
    assert alert.confirmed_at is not None and alert.user == user
    page = client.get("/en/notifications/alerts/").content.decode()
    assert "theme: prevention" in page
    client.post("/en/notifications/alerts/", {"alert": alert.pk, "frequency": "immediate"})
    alert.refresh_from_db()
    assert alert.frequency == "immediate"
    client.post("/en/notifications/alerts/", {"alert": alert.pk, "action": "delete"})
    assert not Alert.objects.exists()


def test_bad_input_is_refused_clearly(client):
    response = subscribe(client, email="not-an-address")
    assert response.status_code == 302 and not Alert.objects.exists()
    response = subscribe(client, frequency="hourly")
    assert not Alert.objects.exists()


def confirmed_alert(query, frequency="daily", language="en", age=timedelta(days=2)):
    checked = timezone.now() - age
    return Alert.objects.create(
        email="reader@example.org",
        query=query,
        description=query,
        frequency=frequency,
        language=language,
        token="t-%s" % query,
        confirmed_at=checked,
        checked_until=checked,
    )


def test_one_digest_after_a_new_publication_and_none_when_nothing_is_new(
    editor, mailoutbox, django_capture_on_commit_callbacks
):
    alert = confirmed_alert("theme=prevention")
    published_practice(
        editor, title="Schools against trafficking", language="en", themes=[Theme.objects.get(slug="prevention")]
    )
    published_practice(editor, title="Unrelated", language="en", themes=[Theme.objects.get(slug="prosecution")])
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_digests_send() == 1
        assert alert_digests_send() == 0  # not due again until tomorrow
    digests = [mail for mail in mailoutbox if "new item" in mail.subject]
    assert len(digests) == 1
    assert "Schools against trafficking" in digests[0].body and "Unrelated" not in digests[0].body
    assert "/unsubscribe/" in digests[0].body
    # A day later, nothing new: nothing is sent, the checkpoint moves on.
    later = timezone.now() + timedelta(days=1, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_digest_send(alert=alert, now=later) is False
    assert Notification.objects.filter(kind="alert_digest").count() == 1
    alert.refresh_from_db()
    assert alert.checked_until == later


def test_a_digest_is_never_sent_twice_for_the_same_period(editor):
    alert = confirmed_alert("q=schools", frequency="immediate", age=timedelta(hours=1))
    published_practice(editor, title="Schools network", language="en")
    checkpoint = alert.checked_until
    now = timezone.now()
    assert alert_digest_send(alert=alert, now=now)
    # A crash before the checkpoint moved would run the same period again: the dedupe key stops it.
    Alert.objects.filter(pk=alert.pk).update(checked_until=checkpoint)
    alert_digest_send(alert=alert, now=now)
    assert Notification.objects.filter(kind="alert_digest").count() == 1


def test_unconfirmed_alerts_receive_nothing(editor):
    Alert.objects.create(email="x@example.org", query="q=schools", description="schools", language="en", token="abc")
    published_practice(editor, title="Schools network", language="en")
    assert alert_digests_send() == 0


def test_one_click_unsubscribe_with_a_way_back(client):
    alert = confirmed_alert("q=shelter")
    url = "/en/notifications/alerts/unsubscribe/%s/" % alert.token
    page = client.get(url)  # what a mail scanner opening the link does: nothing is stopped
    assert page.status_code == 200 and "Stop the alert" in page.content.decode()
    assert Alert.objects.filter(pk=alert.pk).exists()
    page = client.post(url)
    assert page.status_code == 200 and "subscribe again" in page.content.decode()
    assert not Alert.objects.exists()
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_mail_clients_unsubscribe_in_one_click_from_the_digest_headers(
    editor, mailoutbox, django_capture_on_commit_callbacks
):
    alert = confirmed_alert("q=schools")
    published_practice(editor, title="Schools against trafficking", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_digests_send() == 1
    (digest,) = [mail for mail in mailoutbox if "new item" in mail.subject]
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    address = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert address.endswith("/notifications/alerts/unsubscribe/%s/" % alert.token)
    # RFC 8058: the client POSTs this body to that address, with no cookie and no CSRF token.
    csrf_checking = Client(enforce_csrf_checks=True)
    response = csrf_checking.post(
        urlsplit(address).path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Alert.objects.filter(pk=alert.pk).exists()


def test_the_digest_is_in_the_subscribers_language(editor, mailoutbox, django_capture_on_commit_callbacks):
    confirmed_alert("q=refugios", language="es")
    practice = published_practice(editor, title="Refuges", language="fr")
    from practices.services import practice_translate

    practice_translate(practice=practice, actor=editor, language="es", title="Refugios comunitarios")
    with django_capture_on_commit_callbacks(execute=True):
        alert_digests_send()
    digest = mailoutbox[-1]
    assert "Refugios comunitarios" in digest.body and "/es/practices/" in digest.body
