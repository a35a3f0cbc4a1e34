import pytest
from django.core.management import CommandError, call_command

from portal.accounts.models import Organization, User

pytestmark = pytest.mark.django_db


def test_adduser_creates_a_confirmed_account_with_role_and_verified_organisation(capsys):
    call_command(
        "adduser",
        "Officer@Gov.example",
        "--password",
        "pw-123456",
        "--role",
        "editor",
        "--organization",
        "Ministry of Justice",
        "--country",
        "ma",
    )
    user = User.objects.get(email="officer@gov.example")
    assert user.is_active and user.email_confirmed_at is not None
    assert user.check_password("pw-123456")
    assert user.roles == ["editor"]
    assert user.country.code == "MA"
    organization = Organization.objects.get(name="Ministry of Justice")
    assert organization.is_verified
    assert organization.memberships.get().user == user
    assert "Created officer@gov.example with role editor." in capsys.readouterr().out


def test_adduser_is_idempotent_and_updates_the_password():
    for password in ["first-password", "second-password"]:
        call_command("adduser", "chair@board.example", "--password", password, "--role", "board_member")
    user = User.objects.get()
    assert user.check_password("second-password")
    assert user.roles == ["board_member"]


def test_adduser_admin_is_staff_and_superuser():
    call_command("adduser", "root@portal.example", "--password", "pw", "--role", "admin")
    user = User.objects.get()
    assert user.is_staff and user.is_superuser
    assert user.roles == ["admin"]


def test_adduser_with_unknown_role_fails_clearly_and_creates_nothing():
    with pytest.raises(CommandError, match="Unknown role “overlord”. Choose one of: submitter, reviewer"):
        call_command("adduser", "x@y.example", "--password", "pw", "--role", "overlord")
    assert not User.objects.exists()


def test_adduser_with_unknown_country_or_new_org_without_country_creates_nothing():
    with pytest.raises(CommandError, match="Unknown country code “ZZ”"):
        call_command("adduser", "x@y.example", "--password", "pw", "--role", "submitter", "--country", "ZZ")
    with pytest.raises(CommandError, match="A new organisation needs a country"):
        call_command("adduser", "x@y.example", "--password", "pw", "--role", "submitter", "--organization", "New")
    assert not User.objects.exists()
    assert not Organization.objects.exists()
