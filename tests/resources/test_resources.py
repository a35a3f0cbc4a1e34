import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.audit.models import AuditEvent
from portal.errors import InvalidTransition, PayloadTooLarge
from portal.notifications.models import Notification
from portal.search.models import SearchEntry
from resources.models import Resource, ResourceFile
from resources.services import resource_publish, resource_submit
from reviews.services.decisions import decision_make
from tests.factories import MembershipFactory, UserFactory
from tests.resources.helpers import new_resource, pdf, published_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(roles=["editor"])


@pytest.fixture
def member():
    return MembershipFactory(organization__verified=True).user


def test_submitted_resource_is_reviewed_with_the_resource_rubric_then_published_and_indexed(member, editor):
    resource = new_resource(member)
    assert resource.state == "draft" and not resource.curated and resource.files.count() == 1
    resource = resource_submit(resource=resource, actor=member)
    assert resource.state == "in_review"
    assert resource.review_case.rubric.kind == "resource"
    assert [c.slug for c in resource.review_case.rubric.criteria.all()] == ["relevance", "quality", "accessibility"]
    assert Notification.objects.filter(recipient=editor, kind="resource_submitted").exists()
    with pytest.raises(InvalidTransition):
        resource_publish(resource=resource, actor=editor)
    decision_make(case=resource.review_case, outcome="accept", letter="", actor=editor, force_note="test")
    resource.refresh_from_db()
    assert resource.state == "accepted"
    with pytest.raises(PermissionDenied):
        resource_publish(resource=resource, actor=member)
    resource = resource_publish(resource=resource, actor=editor)
    assert resource.state == "published" and resource.published_at
    assert AuditEvent.objects.filter(verb="resource.publish", target_id=str(resource.pk)).exists()
    assert Notification.objects.filter(recipient=member, kind="resource_published").exists()
    assert SearchEntry.objects.filter(key="resource:%s" % resource.pk, language="ru").exists()


def test_editors_curated_resource_is_published_without_review(editor):
    resource = published_resource(editor, language="en", title="Model law", summary="A model law.")
    assert resource.curated and resource.state == "published" and resource.review_case is None


def test_a_member_cannot_publish_a_draft_directly(member, editor):
    resource = new_resource(member)
    with pytest.raises(InvalidTransition):
        resource_publish(resource=resource, actor=editor)


def test_resource_without_file_or_link_is_refused_and_nothing_is_saved(member):
    with pytest.raises(ValidationError) as error:
        new_resource(member, files=[])
    assert "files" in error.value.message_dict
    assert Resource.objects.count() == 0


def test_unsupported_language_is_refused(member):
    with pytest.raises(ValidationError) as error:
        new_resource(member, files=[{"language": "xx", "url": "https://example.org/manual"}])
    assert "language" in error.value.message_dict
    with pytest.raises(ValidationError):
        new_resource(member, language="de")
    assert Resource.objects.count() == 0 and ResourceFile.objects.count() == 0


def test_file_type_is_read_from_the_content(member):
    fake = SimpleUploadedFile("manual.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        new_resource(member, files=[{"language": "ru", "upload": fake}])
    assert "file" in error.value.message_dict
    assert Resource.objects.count() == 0


def test_file_over_the_limit_is_refused(member, settings):
    settings.RESOURCE_FILE_MAX_BYTES = 10
    with pytest.raises(PayloadTooLarge):
        new_resource(member)
    assert Resource.objects.count() == 0


def test_file_and_link_at_once_is_refused(member):
    with pytest.raises(ValidationError):
        new_resource(member, files=[{"language": "ru", "upload": pdf(), "url": "https://example.org/x"}])


def test_pages_list_detail_and_citation(client, editor, django_assert_max_num_queries):
    resource = published_resource(editor, publisher="Portal editors")
    new_resource(editor, title="Brouillon", language="fr")
    with django_assert_max_num_queries(20):
        page = client.get("/en/resources/")
    assert (
        page.status_code == 200 and "Руководство" in page.content.decode() and "Brouillon" not in page.content.decode()
    )
    detail = client.get("/en/resources/%s/" % resource.pk).content.decode()
    assert "Cite this resource" in detail and "it is shown in the original language" in detail
    assert client.get("/en/resources/?language=ru").content.decode().count("Руководство") >= 1


def test_api_lists_published_resources_with_filters(api_client, editor, member, django_assert_max_num_queries):
    resource = published_resource(editor)
    new_resource(member, title="Черновик")
    with django_assert_max_num_queries(15):
        body = api_client.get("/api/v1/resources/").json()
    assert body["count"] == 1 and body["results"][0]["id"] == resource.pk
    assert body["results"][0]["original_language"] == "ru" and body["results"][0]["languages"] == ["ru"]
    assert api_client.get("/api/v1/resources/?country=UA&theme=victim-services&language=ru").json()["count"] == 1
    assert api_client.get("/api/v1/resources/?country=MA").json()["count"] == 0
    assert api_client.get("/api/v1/resources/?kind=video").json()["count"] == 0
    detail = api_client.get("/api/v1/resources/%s/" % resource.pk).json()
    assert detail["files"][0]["language"] == "ru" and detail["files"][0]["kind"] == "pdf"


def test_api_create_needs_a_link_and_a_known_language(api_client, member):
    api_client.force_login(member)
    data = {"kind": "tool", "title": "Tool", "summary": "A tool.", "original_language": "en", "links": []}
    assert api_client.post("/api/v1/resources/", data, format="json").status_code == 400
    data["links"] = [{"language": "xx", "url": "https://example.org/tool"}]
    assert api_client.post("/api/v1/resources/", data, format="json").status_code == 400
    data["links"] = [{"language": "en", "url": "https://example.org/tool"}]
    created = api_client.post("/api/v1/resources/", data, format="json")
    assert created.status_code == 201, created.content
    assert api_client.post("/api/v1/resources/%s/submit/" % created.json()["id"]).json()["state"] == "in_review"
    assert Resource.objects.count() == 1


def test_demo_has_a_russian_manual_and_a_discussion_and_runs_twice():
    from django.core.management import call_command

    from network.models import Thread

    for _run in range(2):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    manual = Resource.objects.get(kind="manual", original_language="ru")
    assert manual.state == "published" and manual.files.get().language == "ru"
    assert Resource.objects.published().count() == 3
    assert Thread.objects.count() == 1 and Thread.objects.get().posts.count() == 2
    assert SearchEntry.objects.filter(key="resource:%s" % manual.pk, language="ru").exists()
