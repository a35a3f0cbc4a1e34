import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.taxonomy.models import Country
from practices.models import Attachment, Practice
from practices.services import practice_submit
from tests.factories import MembershipFactory, UserFactory, complete_practice, practice_call, published_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(roles=["editor"])


def test_submitter_creates_edits_and_submits_over_the_api(api_client):
    membership = MembershipFactory()
    api_client.force_authenticate(membership.user)
    response = api_client.post(
        "/api/v1/practices/",
        {
            "title": "Formación de inspectores laborales",
            "summary": "Inspecciones conjuntas en el sector pesquero.",
            "description": "Se formaron 60 inspectores.",
            "results": "12 buques inspeccionados.",
            "original_language": "es",
            "countries": ["PE"],
            "themes": ["criminal-justice-capacity"],
            "exploitation_forms": ["forced-labour"],
            "sectors": ["fishing"],
            "scope": "national",
            "implementation_status": "completed",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft" and body["original_language"] == "es" and body["languages"] == ["es"]
    url = "/api/v1/practices/%s/" % body["id"]

    submit = api_client.post(url + "submit/")
    assert submit.status_code == 400
    assert "no_victim_data" in submit.json()

    assert api_client.patch(url, {"no_victim_data": True}, format="json").status_code == 200
    assert api_client.post(url + "submit/").json()["state"] == "submitted"
    again = api_client.post(url + "submit/")
    assert again.status_code == 409 and again.json()["state"] == "submitted"
    assert api_client.patch(url, {"title": "Nuevo"}, format="json").status_code == 409


def test_drafts_are_private_to_their_organisation_and_editors(api_client, editor):
    practice = complete_practice()
    url = "/api/v1/practices/%s/" % practice.pk
    assert api_client.get(url).status_code == 404
    api_client.force_authenticate(MembershipFactory().user)
    assert api_client.get(url).status_code == 404
    assert api_client.patch(url, {"title": "x"}, format="json").status_code == 404
    api_client.force_authenticate(practice.submitted_by)
    assert api_client.get(url).json()["state"] == "draft"
    api_client.force_authenticate(editor)
    body = api_client.get(url).json()
    assert body["review_case"] is None


def test_public_list_shows_published_practices_with_filters_and_language_fallback(
    api_client, editor, django_assert_max_num_queries
):
    shown = published_practice(editor)
    published_practice(editor, countries=[Country.objects.get(code="UA")], title="Autre pratique")
    complete_practice(title="Brouillon invisible")
    with django_assert_max_num_queries(10):
        body = api_client.get("/api/v1/practices/?country=MA&lang=es").json()
    assert [item["id"] for item in body["results"]] == [shown.pk]
    item = body["results"][0]
    # No Spanish version: the French original is served, and says so.
    assert item["title"] == "Refuges communautaires pour les survivantes"
    assert (item["language"], item["original_language"]) == ("fr", "fr")
    assert item["contact"] is None
    assert "review_case" not in item
    assert api_client.get("/api/v1/practices/?region=africa").json()["count"] == 1
    assert api_client.get("/api/v1/practices/?theme=victim-services&q=refuges").json()["count"] == 2
    assert api_client.get("/api/v1/practices/?region=eastern-europe").json()["count"] == 1
    assert api_client.get("/api/v1/practices/?region=americas").json()["count"] == 0


def test_contact_is_public_only_when_the_organisation_opts_in(api_client, editor):
    hidden = published_practice(editor, contact_name="Nadia", contact_email="nadia@ngo.example")
    shown = published_practice(editor, contact_name="Omar", contact_email="omar@ngo.example", contact_public=True)
    assert api_client.get("/api/v1/practices/%s/" % hidden.pk).json()["contact"] is None
    assert api_client.get("/api/v1/practices/%s/" % shown.pk).json()["contact"]["name"] == "Omar"


def test_only_editors_publish(api_client, editor):
    practice = complete_practice()
    practice_submit(practice=practice, actor=practice.submitted_by)
    api_client.force_authenticate(practice.submitted_by)
    assert api_client.post("/api/v1/practices/%s/publish/" % practice.pk).status_code == 403
    api_client.force_authenticate(editor)
    response = api_client.post("/api/v1/practices/%s/publish/" % practice.pk)
    assert response.status_code == 409 and response.json()["state"] == "submitted"


def test_calls_list_open_first_and_editors_create_them(api_client, editor):
    closed = practice_call(
        title="Old call", opens=timezone.now() - timedelta(days=60), deadline=timezone.now() - timedelta(days=30)
    )
    current = practice_call(title="Current call")
    results = api_client.get("/api/v1/practice-calls/").json()["results"]
    assert [item["id"] for item in results] == [current.pk, closed.pk]
    assert results[0]["is_open"] is True and results[1]["is_open"] is False
    payload = {
        "title": "Child protection partnerships",
        "description": "Practices protecting children.",
        "opens": timezone.now().isoformat(),
        "deadline": (timezone.now() + timedelta(days=30)).isoformat(),
        "themes": ["prevention"],
        "blind_mode": "double",
    }
    api_client.force_authenticate(MembershipFactory().user)
    assert api_client.post("/api/v1/practice-calls/", payload, format="json").status_code == 403
    api_client.force_authenticate(editor)
    response = api_client.post("/api/v1/practice-calls/", payload, format="json")
    assert response.status_code == 201 and response.json()["blind_mode"] == "double"
    bad = api_client.post("/api/v1/practice-calls/", {**payload, "deadline": payload["opens"]}, format="json")
    assert bad.status_code == 400 and "deadline" in bad.json()


def test_submitting_to_a_closed_call_is_a_clear_400(api_client):
    membership = MembershipFactory()
    closed = practice_call(opens=timezone.now() - timedelta(days=60), deadline=timezone.now() - timedelta(days=1))
    api_client.force_authenticate(membership.user)
    response = api_client.post(
        "/api/v1/practices/", {"title": "Late", "original_language": "en", "call": closed.pk}, format="json"
    )
    assert response.status_code == 400
    assert "closed on" in response.json()["detail"]
    assert not Practice.objects.exists()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_attachments_are_checked_by_content(api_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = complete_practice()
    api_client.force_authenticate(practice.submitted_by)
    url = "/api/v1/practices/%s/attachments/" % practice.pk
    good = api_client.post(url, {"file": SimpleUploadedFile("report.pdf", pdf_bytes())}, format="multipart")
    assert good.status_code == 201 and good.json()["kind"] == "pdf"
    fake = api_client.post(url, {"file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")}, format="multipart")
    assert fake.status_code == 400 and fake.json()["file"]
    assert api_client.post(url, {}, format="multipart").status_code == 400
    assert Attachment.objects.count() == 1
    assert len(list(tmp_path.rglob("*.pdf"))) == 1


def test_attachment_over_the_size_limit_is_413(api_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRACTICE_ATTACHMENT_MAX_BYTES = 100
    practice = complete_practice()
    api_client.force_authenticate(practice.submitted_by)
    response = api_client.post(
        "/api/v1/practices/%s/attachments/" % practice.pk,
        {"file": SimpleUploadedFile("big.pdf", pdf_bytes())},
        format="multipart",
    )
    assert response.status_code == 413 and response.json()["detail"]
    assert not Attachment.objects.exists()


def test_list_exports_as_csv_with_the_same_filters(api_client, editor):
    import csv

    published_practice(editor, title="=HYPERLINK(1)")
    published_practice(editor, countries=[Country.objects.get(code="UA")], title="Ukraine")
    response = api_client.get("/api/v1/practices/?format=csv&country=MA")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(response.content.decode().splitlines()))
    assert len(rows) == 1
    assert rows[0]["title"] == "'=HYPERLINK(1)"
    assert rows[0]["countries"] == "MA" and rows[0]["themes"] == "victim-services"
    assert rows[0]["organisation"]


def test_submitted_to_published_through_two_reviewers_over_the_api(api_client, editor):
    from reviews.models import Assignment
    from tests.factories import ReviewerProfileFactory

    practice = complete_practice()
    reviewers = [ReviewerProfileFactory(languages=["fr"]).user for _ in range(2)]
    api_client.force_authenticate(practice.submitted_by)
    assert api_client.post("/api/v1/practices/%s/submit/" % practice.pk).json()["state"] == "submitted"

    api_client.force_authenticate(editor)
    body = api_client.post("/api/v1/practices/%s/send-to-review/" % practice.pk).json()
    assert body["state"] == "in_review"
    case_id = body["review_case"]
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    for reviewer in reviewers:
        url = "/api/v1/review-cases/%s/assignments/" % case_id
        assert api_client.post(url, {"reviewer": reviewer.pk, "due": due}, format="json").status_code == 201

    for value, reviewer in zip((5, 3), reviewers, strict=True):
        api_client.force_authenticate(reviewer)
        (mine,) = api_client.get("/api/v1/assignments/").json()["results"]
        api_client.post("/api/v1/assignments/%s/accept/" % mine["id"])
        scores = {str(c["id"]): value for c in mine["case"]["rubric"]["criteria"]}
        response = api_client.post(
            "/api/v1/assignments/%s/review/" % mine["id"], {"scores": scores, "recommendation": "accept"}, format="json"
        )
        assert response.status_code == 201
    assert Assignment.objects.filter(state="submitted").count() == 2

    api_client.force_authenticate(editor)
    case = api_client.get("/api/v1/review-cases/%s/" % case_id).json()
    assert (case["mean_score"], case["disagreement"]) == (4.0, True)
    assert (
        api_client.post("/api/v1/review-cases/%s/decision/" % case_id, {"outcome": "accept"}, format="json").status_code
        == 201
    )
    assert api_client.post("/api/v1/practices/%s/publish/" % practice.pk).json()["state"] == "published"
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/practices/%s/" % practice.pk).json()["state"] == "published"


def test_partner_organisations_and_links_round_trip(api_client):
    from tests.factories import OrganizationFactory

    membership = MembershipFactory()
    partner = OrganizationFactory(name="Partner NGO")
    api_client.force_authenticate(membership.user)
    response = api_client.post(
        "/api/v1/practices/",
        {
            "title": "With partners",
            "original_language": "en",
            "partner_organisations": [partner.pk],
            "links": ["https://example.org/report"],
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["partner_organisations"] == [{"id": partner.pk, "name": "Partner NGO"}]
    assert body["links"] == ["https://example.org/report"]
    bad = api_client.post(
        "/api/v1/practices/", {"title": "x", "original_language": "en", "links": ["not a url"]}, format="json"
    )
    assert bad.status_code == 400 and "links" in bad.json()


def test_csv_export_is_the_whole_filtered_set_not_a_page(api_client, editor):
    import csv

    for _ in range(3):
        published_practice(editor)
    rows = list(
        csv.DictReader(api_client.get("/api/v1/practices/?format=csv&page_size=1").content.decode().splitlines())
    )
    assert len(rows) == 3
    assert api_client.get("/api/v1/practices/?page_size=1").json()["count"] == 3


def test_malformed_ids_and_csv_errors_never_crash(api_client, editor):
    assert api_client.get("/api/v1/practices/null,null/").status_code == 404
    response = api_client.post("/api/v1/practices/null/attachments/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    api_client.force_authenticate(MembershipFactory().user)
    response = api_client.get("/api/v1/practices/?format=csv&scope=nowhere")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/csv")
    # Only the list exports CSV: a change answers in JSON, and asking it for CSV finds no such format.
    response = api_client.post("/api/v1/practices/?format=csv", ["not", "an", "object"], format="json")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    # No result is still a CSV file (a header row): an empty body would carry no Content-Type.
    response = api_client.get("/api/v1/practices/?format=csv&q=qqqqxxxxnothingmatches")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0].startswith("id,")


def test_csv_renderer_renders_a_bare_list_of_errors():
    from portal.api.renderers import CSVRenderer

    assert CSVRenderer().render(["This call is closed."]).decode().splitlines() == ["detail", "This call is closed."]


def test_the_list_pages_by_number_or_by_keyset_cursor(api_client):
    from tests.factories import UserFactory, published_practice

    editor = UserFactory(roles=["editor"])
    made = [published_practice(editor, title="Keyset %s" % number) for number in range(3)]
    newest_first = sorted(made, key=lambda practice: (practice.published_at, practice.pk), reverse=True)

    numbered = api_client.get("/api/v1/practices/?page_size=2&page=2").json()
    assert numbered["count"] == 3 and len(numbered["results"]) == 1

    first = api_client.get("/api/v1/practices/?page_size=2&cursor=").json()
    assert "count" not in first and first["previous"] is None
    second = api_client.get(first["next"]).json()
    assert second["next"] is None
    walked = [row["id"] for row in first["results"] + second["results"]]
    assert walked == [practice.pk for practice in newest_first]
    assert sorted(first["results"][0]["themes"]) == sorted(newest_first[0].themes.values_list("slug", flat=True))


def test_numbered_pages_are_slices_of_the_ordered_queryset_through_published_at_ties(api_client):
    """Pages read their ids first, then the rows: the same ids, in the same order, as slicing the ordered queryset,
    where ties on published_at are broken by id (not by created_at, which here runs the other way)."""
    membership = MembershipFactory(organization__verified=True)
    made = [complete_practice(membership=membership, title="Tie %s" % number) for number in range(30)]
    now = timezone.now()
    for number, practice in enumerate(made[:28]):
        Practice.objects.filter(pk=practice.pk).update(
            state=Practice.State.PUBLISHED,
            published_at=now - timedelta(days=number % 4),
            created_at=now - timedelta(minutes=number),
        )
    ordered = Practice.objects.published().order_by("-published_at", "-id")
    assert len(ordered) == 28

    for number in range(1, 5):
        body = api_client.get("/api/v1/practices/?page_size=8&page=%s" % number).json()
        expected = ordered[(number - 1) * 8 : number * 8]
        assert [row["id"] for row in body["results"]] == [practice.pk for practice in expected], number
    assert body["count"] == 28 and body["next"] is None

    walked, url = [], "/api/v1/practices/?page_size=8&cursor="
    while url:
        body = api_client.get(url).json()
        walked += [row["id"] for row in body["results"]]
        url = body["next"]
    assert walked == [practice.pk for practice in ordered]


def test_list_and_detail_show_the_linked_terms_in_their_own_order(api_client, editor):
    from portal.taxonomy.models import ExploitationForm, Sector, TargetGroup, Theme
    from tests.factories import OrganizationFactory

    practice = published_practice(
        editor,
        countries=list(Country.objects.filter(code__in=["UA", "MA", "NA"])),
        themes=list(Theme.objects.all()[:3]),
        exploitation_forms=list(ExploitationForm.objects.all()[:2]),
        target_groups=list(TargetGroup.objects.all()[:2]),
        sectors=list(Sector.objects.all()[:2]),
    )
    practice.partner_organizations.set([OrganizationFactory(name="Zeta NGO"), OrganizationFactory(name="Alpha NGO")])

    detail = api_client.get("/api/v1/practices/%s/" % practice.pk).json()
    assert detail["countries"] == ["MA", "NA", "UA"]
    for relation in ("themes", "exploitation_forms", "target_groups", "sectors"):
        expected = list(getattr(practice, relation).values_list("slug", flat=True))  # position, then slug
        assert len(expected) >= 2 and detail[relation] == expected, relation
    assert [partner["name"] for partner in detail["partner_organisations"]] == ["Alpha NGO", "Zeta NGO"]
    assert api_client.get("/api/v1/practices/").json()["results"] == [detail]
