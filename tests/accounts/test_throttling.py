import pytest
from django.urls import reverse

from portal.accounts.throttle import login_unlock

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_lock_left(user):
    # Only this test's keys: clearing the whole cache would flush the Redis database Celery shares.
    login_unlock(user.email, "127.0.0.1")
    yield
    login_unlock(user.email, "127.0.0.1")


def attempt(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_repeated_failures_lock_the_account_with_a_clear_message(client, user, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert "not correct" in attempt(client, user.email, "wrong").content.decode()
    response = attempt(client, user.email, password)  # even the right password is refused now
    assert response.status_code == 200
    assert "this account is locked for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    login_unlock(user.email)  # staff lift the lock (or it expires)
    assert attempt(client, user.email, password).status_code == 302


def test_a_success_resets_the_count(client, user, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    attempt(client, user.email, "wrong")
    attempt(client, user.email, "wrong")
    assert attempt(client, user.email, password).status_code == 302
    client.logout()
    attempt(client, user.email, "wrong")
    assert attempt(client, user.email, password).status_code == 302


def test_api_token_is_throttled_too_with_a_429_json(api_client, user, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        assert (
            api_client.post("/api/v1/auth/token/", {"email": user.email, "password": "x"}, format="json").status_code
            == 400
        )
    response = api_client.post("/api/v1/auth/token/", {"email": user.email, "password": password}, format="json")
    assert response.status_code == 429
    assert "locked" in response.json()["detail"]
