import pytest
from django.utils import translation
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return UserFactory(staff=True)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: `reverse()` follows the active language, which requests change."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _login_failures_forgotten():
    """Tests share one client address; one test's failed logins must not lock the next test out."""
    yield
    from django.core.cache import cache

    cache.delete_many(["login-failures:ip:127.0.0.1", "otp-failures:ip:127.0.0.1"])
