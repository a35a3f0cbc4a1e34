"""Staff verify organisations from the documents they uploaded, with possible duplicates flagged."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.accounts.models import Organization, OrganizationDocument
from portal.accounts.selectors import possible_duplicates
from portal.accounts.services import organization_register
from portal.audit.models import AuditEvent
from portal.taxonomy.models import Country
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.practices.test_files import make_pdf

pytestmark = pytest.mark.django_db


def test_a_member_uploads_the_registration_certificate(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    upload = SimpleUploadedFile("certificate.pdf", make_pdf("Certificate of registration"))
    response = client.post(
        "/en/accounts/organisation/%s/documents/" % membership.organization.pk,
        {"kind": "registration", "file": upload},
        follow=True,
    )
    assert "The document is uploaded" in response.content.decode()
    document = OrganizationDocument.objects.get()
    assert document.file_type == "pdf" and document.uploaded_by == membership.user
    assert AuditEvent.objects.filter(verb="organization.document_add").exists()
    assert client.get("/en/accounts/organisation/documents/%s/" % document.pk).status_code == 200


def test_a_document_that_is_not_what_it_claims_is_refused_and_not_stored(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    fake = SimpleUploadedFile("certificate.pdf", b"MZ\x90\x00 not a pdf at all")
    response = client.post(
        "/en/accounts/organisation/%s/documents/" % membership.organization.pk,
        {"kind": "registration", "file": fake},
        follow=True,
    )
    assert response.status_code == 200
    assert not OrganizationDocument.objects.exists()


def test_documents_are_private_to_the_organisation_and_staff(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    client.post(
        "/en/accounts/organisation/%s/documents/" % membership.organization.pk,
        {"kind": "statutes", "file": SimpleUploadedFile("statutes.pdf", make_pdf("Statutes"))},
    )
    document = OrganizationDocument.objects.get()
    client.force_login(MembershipFactory().user)
    assert client.get("/en/accounts/organisation/documents/%s/" % document.pk).status_code == 404
    client.force_login(UserFactory(staff=True))
    assert client.get("/en/accounts/organisation/documents/%s/" % document.pk).status_code == 200


def test_duplicates_by_registration_number_or_website_are_flagged():
    user = UserFactory()
    namibia, morocco = Country.objects.get(code="NA"), Country.objects.get(code="MA")
    first = organization_register(
        actor=user,
        name="Safe Harbour",
        kind="ngo",
        country=namibia,
        website="https://www.safeharbour.org/en/",
        registration_number="RC 12-345",
    )
    same_site = organization_register(
        actor=user, name="Safe Harbour Trust", kind="ngo", country=morocco, website="http://safeharbour.org"
    )
    same_number = organization_register(
        actor=user, name="SH Namibia", kind="ngo", country=namibia, registration_number="rc12345"
    )
    unrelated = organization_register(
        actor=user, name="Other", kind="ngo", country=namibia, website="https://other.org"
    )
    found = possible_duplicates([first, same_site, same_number, unrelated])
    assert {o.pk for o in found[first.pk]} == {same_site.pk, same_number.pk}
    assert found[unrelated.pk] == []


def test_the_verification_queue_is_for_staff_and_verifies_in_one_click(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    waiting = MembershipFactory(role="admin", organization__website="https://dup.example.org").organization
    OrganizationFactory(verified=True, website="https://www.dup.example.org", name="Already here")
    client.force_login(UserFactory())
    assert client.get("/en/accounts/organisations/verification/").status_code == 404
    client.force_login(UserFactory(staff=True))
    page = client.get("/en/accounts/organisations/verification/").content.decode()
    assert waiting.name in page and "Possible duplicate" in page and "Already here" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/organisations/verification/", {"organization": waiting.pk})
    assert Organization.objects.get(pk=waiting.pk).is_verified
    assert any("verified" in mail.subject.lower() for mail in mailoutbox)
    assert 'id="queue-%s"' % waiting.pk not in client.get("/en/accounts/organisations/verification/").content.decode()
