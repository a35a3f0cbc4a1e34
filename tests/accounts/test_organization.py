import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.accounts.models import Membership, Organization
from portal.accounts.services import organization_verify
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from portal.taxonomy.models import Country
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_member_registers_an_organisation_and_becomes_its_admin(client, user, password):
    client.login(username=user.email, password=password)
    response = client.post(
        reverse("accounts:organization"),
        {"name": "Coastal Shelter", "kind": "ngo", "country": "TH", "website": "https://shelter.example.org"},
    )
    assert response.status_code == 302
    organization = Organization.objects.get(name="Coastal Shelter")
    assert not organization.is_verified
    assert Membership.objects.get(organization=organization).role == "admin"
    assert AuditEvent.objects.for_object(organization).get().verb == "organization.register"
    page = client.get(reverse("accounts:organization")).content.decode()
    assert "Coastal Shelter" in page and "Waiting for verification" in page


def test_duplicate_organisation_in_the_same_country_is_refused(client, user, password):
    OrganizationFactory(name="Coastal Shelter", country=Country.objects.get(code="TH"))
    client.login(username=user.email, password=password)
    response = client.post(
        reverse("accounts:organization"), {"name": "coastal shelter", "kind": "ngo", "country": "TH"}
    )
    assert response.status_code == 200
    assert "already registered in this country" in response.content.decode()
    assert Organization.objects.count() == 1
    assert not Membership.objects.exists()


def test_staff_verify_an_organisation_and_its_admins_are_told(django_capture_on_commit_callbacks, mailoutbox):
    staff = UserFactory(staff=True)
    membership = MembershipFactory(role="admin", user__preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        organization = organization_verify(actor=staff, organization=membership.organization)
    assert organization.is_verified
    event = AuditEvent.objects.for_object(organization).get()
    assert (event.actor, event.from_state, event.to_state) == (staff, "unverified", "verified")
    assert Notification.objects.get(recipient=membership.user).kind == "organization_verified"
    assert mailoutbox[0].to == [membership.user.email]


def test_non_staff_cannot_verify_and_nothing_changes():
    membership = MembershipFactory(role="admin")
    with pytest.raises(PermissionDenied):
        organization_verify(actor=membership.user, organization=membership.organization)
    membership.organization.refresh_from_db()
    assert not membership.organization.is_verified
    assert not AuditEvent.objects.exists()
    assert not Notification.objects.exists()


def test_my_organisation_lists_its_members_and_no_one_elses(client, password):
    mine = MembershipFactory(role="admin", user__full_name="Ana Admin")
    colleague = MembershipFactory(organization=mine.organization, user__full_name="Colin Colleague")
    stranger = MembershipFactory(user__full_name="Sam Stranger")
    client.login(username=mine.user.email, password=password)
    page = client.get(reverse("accounts:organization")).content.decode()
    assert "Colin Colleague" in page and colleague.user.email in page
    assert "Sam Stranger" not in page and stranger.organization.name not in page


def test_profile_shows_roles_by_their_translated_names(client, password):
    user = UserFactory(roles=["grant_manager"], preferred_language="fr")
    client.login(username=user.email, password=password)
    page = client.get("/fr/accounts/profile/").content.decode()
    assert "Gestionnaire" in page and "grant_manager" not in page
