import pytest

from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_token_for_email_and_password_then_me(api_client, password):
    membership = MembershipFactory(role="admin", organization__verified=True, user__roles=["submitter", "reviewer"])
    response = api_client.post(
        "/api/v1/auth/token/", {"email": membership.user.email, "password": password}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]

    api_client.credentials(HTTP_AUTHORIZATION="Token " + token)
    me = api_client.get("/api/v1/me/").json()
    assert me["email"] == membership.user.email
    assert me["roles"] == ["submitter", "reviewer"]
    assert me["preferred_language"] == "en"
    assert me["organisation"]["name"] == membership.organization.name
    assert me["organisation"]["verified"] is True


def test_token_with_bad_credentials_is_400_json(api_client, user):
    response = api_client.post("/api/v1/auth/token/", {"email": user.email, "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert "Unable to log in" in response.json()["detail"][0]


def test_token_request_with_missing_fields_names_them(api_client):
    response = api_client.post("/api/v1/auth/token/", {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "password" in body and "email" in body


def test_unconfirmed_account_gets_no_token(api_client, password):
    user = UserFactory(unconfirmed=True)
    response = api_client.post("/api/v1/auth/token/", {"email": user.email, "password": password}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("header", ["Token not-a-real-token", "Token", "Token a b"])
def test_malformed_or_unknown_token_is_401_json(api_client, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_me_needs_authentication(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert "credentials were not provided" in response.json()["detail"]


def test_api_root_links_to_every_v1_endpoint(api_client):
    body = api_client.get("/api/v1/").json()
    assert body["auth_token"].endswith("/api/v1/auth/token/")
    assert body["taxonomy"]["exploitation-forms"].endswith("/api/v1/taxonomy/exploitation-forms/")
    assert body["docs"].endswith("/api/docs/")
    for url in body["taxonomy"].values():
        assert api_client.get(url).status_code == 200
