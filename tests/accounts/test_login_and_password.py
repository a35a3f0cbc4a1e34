import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_with_wrong_password_says_so(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "nope"})
    assert response.status_code == 200
    assert "The e-mail address or the password is not correct." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client, user, password):
    client.login(username=user.email, password=password)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_in_the_users_language(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(email="forgetful@ngo.example", preferred_language="es")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "forgetful@ngo.example"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Elija una nueva contraseña"
    link = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    assert "/es/accounts/password/reset/" in link

    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "another-unusual-passphrase"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert client.login(username="forgetful@ngo.example", password=new)


def test_password_reset_for_unknown_address_sends_nothing_but_looks_the_same(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "ghost@ngo.example"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_profile_saves_preferred_language_and_switches_to_it(client, user, password):
    client.login(username=user.email, password=password)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Nadia", "preferred_language": "ar", "country": "EG"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/profile/"
    user.refresh_from_db()
    assert (user.preferred_language, user.country.code, user.full_name) == ("ar", "EG", "Nadia")


def test_pages_for_members_require_login(client):
    for name in ["accounts:profile", "accounts:organization", "notifications:inbox"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
