"""The whole journey through the HTML pages, as users click it (no JavaScript needed)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from practices.models import Practice
from tests.factories import MembershipFactory, ReviewerProfileFactory, UserFactory, practice_call, published_practice

pytestmark = pytest.mark.django_db

FORM = {
    "original_language": "fr",
    "title": "Refuges communautaires pour les survivantes",
    "summary": "Un réseau de refuges gérés par des survivantes.",
    "description": "Trois refuges ouverts en 2021.",
    "results": "420 personnes accompagnées.",
    "countries": ["MA"],
    "scope": "national",
    "themes": ["victim-services"],
    "implementation_status": "completed",
    "no_victim_data": "on",
}


STEP_FIELDS = {
    "implementation": {"description": FORM["description"], "implementation_status": "completed"},
    "results": {"results": FORM["results"]},
    "classification": {"themes": FORM["themes"]},
    "contact": {"no_victim_data": "on"},
}


def fill_steps(client, practice, language="fr"):
    for step, data in STEP_FIELDS.items():
        response = client.post("/%s/practices/%s/edit/?step=%s" % (language, practice.pk, step), data)
        assert response.status_code == 302, step
    return client.post("/%s/practices/%s/edit/?step=preview" % (language, practice.pk), {"submit": "1"})


def login(client, user, password):
    client.logout()
    assert client.login(username=user.email, password=password)


def test_practice_from_form_to_publication_through_the_pages(client, password, django_capture_on_commit_callbacks):
    ngo = MembershipFactory(user__preferred_language="fr")
    editor = UserFactory(roles=["editor"])
    reviewer = ReviewerProfileFactory(languages=["fr"]).user
    call = practice_call()

    login(client, ngo.user, password)
    response = client.post("/fr/practices/new/", {**FORM, "call": call.pk})
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert response["Location"].endswith("?step=implementation")
    page = client.get(response["Location"]).content.decode()
    assert 'aria-current="step"' in page and "2" in page
    response = fill_steps(client, practice)
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.state == "submitted"
    page = client.get("/fr/practices/mine/").content.decode()
    assert "Refuges communautaires" in page and "Soumise" in page

    login(client, editor, password)
    client.post("/en/practices/%s/send-to-review/" % practice.pk)
    practice.refresh_from_db()
    case_url = "/en/reviews/cases/%s/" % practice.review_case_id
    page = client.get(case_url).content.decode()
    assert reviewer.get_full_name() in page
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    client.post(case_url + "invite/", {"reviewer": reviewer.pk, "due": due})

    login(client, reviewer, password)
    assignment = practice.review_case.assignments.get()
    page = client.get("/en/reviews/").content.decode()
    assert "Refuges communautaires" in page
    assignment_url = "/en/reviews/%s/" % assignment.pk
    page = client.get(assignment_url).content.decode()
    assert "420 personnes accompagnées." in page
    assert ngo.organization.name not in page  # the reviewer sees the text, not who sent it (double-blind-safe)
    client.post(assignment_url + "accept/")
    review = {"recommendation": "accept", "comments_to_author": "Très clair.", "submit": "1"}
    for criterion in practice.review_case.rubric.criteria.all():
        review["criterion_%s" % criterion.pk] = "na" if criterion.allow_na else "4"
    response = client.post(assignment_url, review)
    assert response.status_code == 302, re.findall(r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode())
    assignment.refresh_from_db()
    assert assignment.state == "submitted"

    login(client, editor, password)
    page = client.get(case_url).content.decode()
    assert "4.00" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(case_url + "decide/", {"outcome": "accept", "letter": "Bravo."})
    client.post("/en/practices/%s/publish/" % practice.pk)
    practice.refresh_from_db()
    assert practice.state == "published"

    client.logout()
    page = client.get("/es/practices/%s/" % practice.pk).content.decode()
    assert "Refuges communautaires pour les survivantes" in page
    assert "se muestra en el idioma original" in page
    assert "Citar esta práctica" in page
    Practice.objects.filter(pk=practice.pk).update(title_es="Refugios comunitarios para sobrevivientes")
    page = client.get("/es/practices/%s/" % practice.pk).content.decode()
    assert "Refugios comunitarios para sobrevivientes" in page
    assert "Traducción de cortesía" in page
    assert "Refugios comunitarios" in client.get("/es/practices/").content.decode()


def test_draft_pages_are_private(client, password):
    ngo = MembershipFactory()
    login(client, ngo.user, password)
    client.post("/en/practices/new/", FORM)
    practice = Practice.objects.get()
    client.logout()
    assert client.get("/en/practices/%s/" % practice.pk).status_code == 404
    login(client, MembershipFactory().user, password)
    assert client.get("/en/practices/%s/" % practice.pk).status_code == 404
    assert client.get("/en/practices/%s/edit/" % practice.pk).status_code == 404


def test_reviewers_cannot_open_someone_elses_assignment_or_a_case(client, password):
    other = ReviewerProfileFactory().user
    login(client, other, password)
    assert client.get("/en/reviews/999/").status_code == 404
    assert client.get("/en/reviews/cases/1/").status_code == 404


def test_calls_page_shows_time_left(client):
    practice_call(title="Protecting fishers")
    page = client.get("/en/practices/calls/").content.decode()
    assert "Protecting fishers" in page and "Closes in" in page


def test_preview_lists_what_is_missing_with_a_link_to_its_step(client, password):
    ngo = MembershipFactory()
    login(client, ngo.user, password)
    client.post("/en/practices/new/", {"original_language": "en", "title": "Only a title"})
    practice = Practice.objects.get()
    response = client.post("/en/practices/%s/edit/?step=preview" % practice.pk, {"submit": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required before you submit." in page
    assert "?step=results" in page and "?step=contact" in page
    assert 'name="submit"' not in page
    practice.refresh_from_db()
    assert practice.state == "draft"


def test_each_step_saves_only_its_own_fields(client, password):
    ngo = MembershipFactory()
    login(client, ngo.user, password)
    client.post("/en/practices/new/", {**FORM, "original_language": "en"})
    practice = Practice.objects.get()
    client.post("/en/practices/%s/edit/?step=results" % practice.pk, {"results": "Figures.", "go": "implementation"})
    practice.refresh_from_db()
    assert practice.results_en == "Figures." and practice.summary_en == FORM["summary"]
    assert client.get("/en/practices/%s/edit/?step=nowhere" % practice.pk).status_code == 404


def test_public_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):

    editor = UserFactory(roles=["editor"])
    for _ in range(6):
        published_practice(editor)
    with django_assert_max_num_queries(8):
        response = client.get("/en/practices/")
    assert response.content.decode().count('class="card"') == 6


def test_editors_compare_versions_field_by_field(client, password):
    from practices.services import practice_send_to_review, practice_submit, practice_update
    from reviews.services.decisions import decision_make
    from tests.factories import complete_practice

    editor = UserFactory(roles=["editor"])
    practice = complete_practice()
    practice_submit(practice=practice, actor=practice.submitted_by)
    practice_send_to_review(practice=practice, actor=editor)
    practice.refresh_from_db()
    decision_make(case=practice.review_case, outcome="revise", letter="Add figures", actor=editor, force_note="test")
    practice_update(practice=practice, actor=practice.submitted_by, results="510 personnes accompagnées en 2024.")
    practice_submit(practice=practice, actor=practice.submitted_by)
    login(client, editor, password)
    page = client.get("/en/practices/%s/versions/" % practice.pk).content.decode()
    assert "<del>420</del>" in page and "<ins>510</ins>" in page
    assert "Summary" not in page  # unchanged fields are not listed
    login(client, MembershipFactory().user, password)
    assert client.get("/en/practices/%s/versions/" % practice.pk).status_code == 404


def test_attach_a_file_from_the_edit_page(client, password, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.practices.test_practice_api import pdf_bytes

    settings.MEDIA_ROOT = tmp_path
    ngo = MembershipFactory()
    login(client, ngo.user, password)
    client.post("/en/practices/new/", FORM)
    practice = Practice.objects.get()
    client.post("/en/practices/%s/attachments/" % practice.pk, {"file": SimpleUploadedFile("report.pdf", pdf_bytes())})
    fake = SimpleUploadedFile("fake.pdf", b"just text")
    response = client.post("/en/practices/%s/attachments/" % practice.pk, {"file": fake}, follow=True)
    page = response.content.decode()
    assert "report.pdf" in page and "fake.pdf" not in page.split("Attachments")[1].split("Add a file")[0]
    assert practice.attachments.count() == 1


def test_french_text_stays_left_to_right_inside_an_arabic_page(client, password):

    editor = UserFactory(roles=["editor"])
    practice = published_practice(editor)
    page = client.get("/ar/practices/%s/" % practice.pk).content.decode()
    assert 'dir="rtl"' in page
    assert '<h1 lang="fr" dir="ltr">Refuges communautaires' in page


def test_editor_adds_a_translation_and_the_page_labels_it(client, password):
    from practices.models import PracticeTranslation

    editor = UserFactory(roles=["editor"], full_name="Tina Translator")
    practice = published_practice(editor)

    login(client, editor, password)
    coverage = client.get("/en/practices/translations/").content.decode()
    assert "1 published practice." in coverage and '<a href="?missing=es">1</a>' in coverage
    url = "/en/practices/%s/translate/es/" % practice.pk
    assert "420 personnes accompagnées" in client.get(url).content.decode()
    assert client.post(url, {"title": ""}).status_code == 200
    response = client.post(url, {"title": "Refugios comunitarios", "results": "420 personas acompañadas."})
    assert response.status_code == 302
    record = PracticeTranslation.objects.get(practice=practice, language="es")
    assert record.translated_by == editor
    coverage = client.get("/en/practices/translations/").content.decode()
    assert '<a href="?missing=es">' not in coverage and '<a href="?missing=ar">1</a>' in coverage
    assert client.post("/en/practices/%s/translate/fr/" % practice.pk, {"title": "x"}).status_code == 200

    client.logout()
    page = client.get("/es/practices/%s/" % practice.pk).content.decode()
    assert "Refugios comunitarios" in page and "420 personas acompañadas." in page
    assert "Traducción de cortesía" in page
    # Fields not translated yet fall back to the original, never to an empty page.
    assert "Un réseau de refuges gérés par des survivantes." in page
    login(client, practice.submitted_by, password)
    assert client.get(url).status_code == 404


def test_call_dashboard_shows_scores_flags_and_runs_bulk_actions(client, password, django_capture_on_commit_callbacks):
    from practices.services import practice_send_to_review, practice_submit
    from reviews.models import Assignment
    from reviews.services.assignments import assignment_create
    from reviews.services.reviewing import review_save
    from tests.factories import complete_practice

    editor = UserFactory(roles=["editor"])
    call = practice_call(title="Fishers call")
    practices = []
    for _ in range(2):
        practice = complete_practice(call=call)
        practice_submit(practice=practice, actor=practice.submitted_by)
        practices.append(practice_send_to_review(practice=practice, actor=editor))
    case = Practice.objects.get(pk=practices[0].pk).review_case
    for value in (5, 2):
        assignment = assignment_create(
            case=case,
            reviewer=ReviewerProfileFactory(languages=["fr"]).user,
            due=timezone.localdate() + timedelta(days=3),
            actor=editor,
        )
        scores = {str(c.pk): value for c in case.rubric.criteria.all()}
        review_save(
            assignment=assignment, actor=assignment.reviewer, scores=scores, recommendation="accept", submit=True
        )
    late = assignment_create(
        case=case, reviewer=ReviewerProfileFactory(languages=["fr"]).user, due=timezone.localdate(), actor=editor
    )
    Assignment.objects.filter(pk=late.pk).update(due=timezone.localdate() - timedelta(days=2))

    login(client, editor, password)
    url = "/en/practices/calls/%s/dashboard/" % call.pk
    page = client.get(url + "?sort=mean").content.decode()
    assert "2 / 3" in page and "3.50" in page and "reviewers disagree" in page
    assert '<strong class="late">1</strong>' in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"remind": "1"})
        client.post(url, {"remind": "1"})
    from portal.notifications.models import Notification

    assert Notification.objects.filter(kind="review_overdue", recipient=late.reviewer).count() == 1

    ReviewerProfileFactory(languages=["fr"], max_load=5)
    page = client.post(url, {"propose": "1", "reviewers_per_case": "2"}).content.decode()
    values = re.findall(r'name="pair" value="(\d+:\d+)"', page)
    assert values
    before = Assignment.objects.count()
    client.post(url, {"apply": "1", "pair": values, "due": (timezone.localdate() + timedelta(days=20)).isoformat()})
    assert Assignment.objects.count() == before + len(values)

    login(client, practices[0].submitted_by, password)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("blind_mode", ["double", "single"])
def test_reviewers_open_attachments_anonymised_in_double_blind(client, password, settings, tmp_path, blind_mode):
    import io

    import pypdf
    from django.core.files.uploadedfile import SimpleUploadedFile

    from practices.services import attachment_add, practice_send_to_review, practice_submit
    from reviews.services.assignments import assignment_create
    from tests.factories import complete_practice

    settings.MEDIA_ROOT = tmp_path
    editor = UserFactory(roles=["editor"])
    practice = complete_practice(call=practice_call(blind_mode=blind_mode))
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Director of Collectif Atlas"})
    buffer = io.BytesIO()
    writer.write(buffer)
    attachment_add(
        practice=practice,
        actor=practice.submitted_by,
        upload=SimpleUploadedFile("Atlas-annual-report.pdf", buffer.getvalue()),
    )
    practice_submit(practice=practice, actor=practice.submitted_by)
    practice_send_to_review(practice=practice, actor=editor)
    practice.refresh_from_db()
    reviewer = ReviewerProfileFactory(languages=["fr"]).user
    assignment = assignment_create(
        case=practice.review_case, reviewer=reviewer, due=timezone.localdate() + timedelta(days=9), actor=editor
    )

    login(client, reviewer, password)
    page = client.get("/en/reviews/%s/" % assignment.pk).content.decode()
    url = re.search(r'href="(/en/practices/review-files/[^"]+)"', page).group(1)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if blind_mode == "double":
        assert "Atlas" not in page
        assert response["Content-Disposition"] == 'attachment; filename="attachment-1.pdf"'
        assert b"Director of Collectif Atlas" not in response.content
    else:
        assert "Atlas-annual-report.pdf" in page
        assert b"Director of Collectif Atlas" in response.content
    login(client, ReviewerProfileFactory().user, password)
    assert client.get(url).status_code == 404


def test_html_in_user_text_is_shown_as_text_never_run(client, password):
    from practices.services import practice_publish, practice_send_to_review, practice_submit
    from reviews.services.decisions import decision_make
    from tests.factories import complete_practice

    editor = UserFactory(roles=["editor"])
    practice = complete_practice(
        title="<script>alert('x')</script> Refuges",
        summary='<img src=x onerror="alert(1)">Résumé',
        results="<b>420</b> personnes",
    )
    practice_submit(practice=practice, actor=practice.submitted_by)
    practice_send_to_review(practice=practice, actor=editor)
    practice.refresh_from_db()
    decision_make(case=practice.review_case, outcome="accept", letter="<i>ok</i>", actor=editor, force_note="t")
    practice_publish(practice=practice, actor=editor)
    for url in ("/en/practices/%s/" % practice.pk, "/en/practices/", "/en/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>420</b>" not in page
    page = client.get("/en/practices/%s/" % practice.pk).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Refuges" in page


def test_reviewer_of_round_two_sees_what_changed_without_identity_fields(client, password):
    from practices.services import practice_send_to_review, practice_submit, practice_update
    from reviews.services.assignments import assignment_create
    from reviews.services.decisions import decision_make
    from reviews.services.reviewing import review_save
    from tests.factories import complete_practice

    editor = UserFactory(roles=["editor"])
    reviewer = ReviewerProfileFactory(languages=["fr"]).user
    practice = complete_practice()
    practice_submit(practice=practice, actor=practice.submitted_by)
    practice_send_to_review(practice=practice, actor=editor)
    practice.refresh_from_db()
    assignment = assignment_create(case=practice.review_case, reviewer=reviewer, due=timezone.localdate(), actor=editor)
    scores = {str(c.pk): 3 for c in practice.review_case.rubric.criteria.all()}
    review_save(assignment=assignment, actor=reviewer, scores=scores, recommendation="major_revision", submit=True)
    decision_make(case=practice.review_case, outcome="revise", letter="", actor=editor)
    practice_update(
        practice=practice, actor=practice.submitted_by, results="510 personnes.", contact_name="Nadia Contact"
    )
    practice_submit(practice=practice, actor=practice.submitted_by)
    practice_send_to_review(practice=practice, actor=editor)
    second = practice.review_case.assignments.get(round=2)

    login(client, reviewer, password)
    page = client.get("/en/reviews/%s/" % second.pk).content.decode()
    url = re.search(r'href="(/en/practices/\d+/versions/)"', page).group(1)
    diff = client.get(url).content.decode()
    assert "<ins>510 personnes.</ins>" in diff and "Nadia Contact" not in diff
    login(client, editor, password)
    assert "Nadia Contact" in client.get(url).content.decode()


def test_editor_sends_an_accepted_practice_back_for_safeguarding(
    client, password, django_capture_on_commit_callbacks, mailoutbox
):
    from practices.services import practice_send_to_review, practice_submit
    from reviews.services.decisions import decision_make
    from tests.factories import complete_practice

    editor = UserFactory(roles=["editor"])
    practice = complete_practice(description="Écrire à amina.k@mail.example pour témoigner.")
    practice_submit(practice=practice, actor=practice.submitted_by)
    practice_send_to_review(practice=practice, actor=editor)
    practice.refresh_from_db()
    decision_make(case=practice.review_case, outcome="accept", letter="", actor=editor, force_note="test")
    login(client, editor, password)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/practices/%s/send-back/" % practice.pk)
    practice.refresh_from_db()
    assert practice.state == "revision_requested"
    message = [m for m in mailoutbox if m.to == [practice.submitted_by.email]][-1]
    assert "description" in message.body and "/edit/" in message.body


def test_links_are_checked_on_their_step(client, password):
    ngo = MembershipFactory()
    login(client, ngo.user, password)
    client.post("/en/practices/new/", {**FORM, "original_language": "en"})
    practice = Practice.objects.get()
    url = "/en/practices/%s/edit/?step=implementation" % practice.pk
    response = client.post(url, {"links": "https://example.org/report\nnot a link"})
    assert response.status_code == 200 and "“not a link” is not a web address." in response.content.decode()
    client.post(url, {"links": "https://example.org/report\n\nhttp://example.org/video"})
    practice.refresh_from_db()
    assert practice.links == ["https://example.org/report", "http://example.org/video"]


@pytest.mark.parametrize("see_reviews, see_names", [(True, False), (True, True), (False, False)])
def test_the_call_decides_what_reviewers_see_of_each_other(client, password, see_reviews, see_names):
    from practices.services import practice_send_to_review, practice_submit
    from reviews.services.assignments import assignment_create
    from reviews.services.reviewing import review_save
    from tests.factories import complete_practice

    editor = UserFactory(roles=["editor"])
    call = practice_call(reviewers_see_reviews=see_reviews, reviewers_see_each_other=see_names)
    practice = complete_practice(call=call)
    practice_submit(practice=practice, actor=practice.submitted_by)
    practice_send_to_review(practice=practice, actor=editor)
    practice.refresh_from_db()
    case = practice.review_case
    assert (case.reviewers_see_reviews, case.reviewers_see_each_other) == (see_reviews, see_names)
    first, second = (
        assignment_create(
            case=case,
            reviewer=ReviewerProfileFactory(user__full_name=name).user,
            due=timezone.localdate(),
            actor=editor,
        )
        for name in ("Ana First", "Ben Second")
    )
    for assignment, comment in ((first, "Comment by the first."), (second, "Comment by the second.")):
        scores = {str(c.pk): 4 for c in case.rubric.criteria.all()}
        review_save(
            assignment=assignment,
            actor=assignment.reviewer,
            scores=scores,
            recommendation="accept",
            comments_to_author=comment,
            submit=True,
        )
    login(client, first.reviewer, password)
    page = client.get("/en/reviews/%s/" % first.pk).content.decode()
    assert ("Comment by the second." in page) is see_reviews
    assert ("Ben Second" in page) is (see_reviews and see_names)


def test_practice_pdf_in_the_readers_language_in_every_script(client):
    import io
    import unicodedata

    import pypdf

    from tests.factories import complete_practice

    editor = UserFactory(roles=["editor"])
    practice = published_practice(editor)
    Practice.objects.filter(pk=practice.pk).update(
        title_ar="ملاجئ مجتمعية للناجيات", title_hi="उत्तरजीवियों के लिए सामुदायिक आश्रय", title_zh_hans="幸存者社区庇护所"
    )

    def text_of(language):
        response = client.get("/%s/practices/%s/pdf/" % (language, practice.pk))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        text = " ".join(page.extract_text() for page in reader.pages).replace("\x00", "")
        # Shaped Arabic comes back as presentation forms with control bytes between glyphs: fold and drop them.
        text = unicodedata.normalize("NFKC", text)
        return "".join(char for char in text if unicodedata.category(char)[0] in "LNPZM")

    spanish = text_of("es")
    assert "Refuges communautaires pour les survivantes" in spanish  # no Spanish yet: the French original
    assert "420 personnes" in spanish
    assert "幸存者社区庇护所" in text_of("zh-hans")
    arabic = text_of("ar")
    assert "مجتمعية" in arabic or "مجتمعية"[::-1] in arabic
    assert "सामुदायिक" in text_of("hi")
    assert client.get("/en/practices/%s/pdf/" % complete_practice().pk).status_code == 404


def test_public_list_filters_by_theme_and_country_with_a_plain_form(client):
    editor = UserFactory(roles=["editor"])
    practice = published_practice(editor)
    page = client.get("/en/practices/").content.decode()
    assert 'name="theme"' in page and '<option value="MA">' in page  # countries with a published practice
    assert practice.title_fr in client.get("/en/practices/?country=ma&theme=victim-services").content.decode()
    page = client.get("/en/practices/?country=BR").content.decode()
    assert practice.title_fr not in page and "No published practice matches these filters." in page


def test_related_practices_are_cached_until_the_index_changes(settings):
    from portal.search.services import bump_index_version
    from practices.selectors import practice_terms, related_practices_cached
    from tests.factories import UserFactory, published_practice

    settings.SEARCH_CACHE_TIMEOUT = 60
    bump_index_version()
    editor = UserFactory(roles=["editor"])
    shown = published_practice(editor, title="Shown")
    first = published_practice(editor, title="First related")
    assert [other.pk for other in related_practices_cached(shown, practice_terms(shown))] == [first.pk]
    second = published_practice(editor, title="Second related")  # publishing re-indexes, so the cache turns over
    assert [other.pk for other in related_practices_cached(shown, practice_terms(shown))] == [second.pk, first.pk]
    bump_index_version()


def test_translation_coverage_counts_each_language_and_pages_the_practices_without_one(client, password, monkeypatch):
    from practices.services import practice_translate

    monkeypatch.setattr("practices.views.COVERAGE_PER_PAGE", 1)
    editor = UserFactory(roles=["editor"])
    older = published_practice(editor, title="Older practice")
    newer = published_practice(editor, title="Newer practice")
    practice_translate(practice=older, actor=editor, language="es", title="Práctica más antigua")
    login(client, editor, password)
    page = client.get("/en/practices/translations/").content.decode()
    assert "2 published practices." in page and '<a href="?missing=es">1</a>' in page
    assert "Page 1 of 2" in page and "/practices/%s/" % newer.pk in page
    without_spanish = client.get("/en/practices/translations/?missing=es").content.decode()
    assert "/practices/%s/" % newer.pk in without_spanish and '/practices/%s/"' % older.pk not in without_spanish
    assert "Page 1 of 2" not in without_spanish
    assert client.get("/en/practices/translations/?missing=xx").status_code == 200  # unknown: all practices
    client.logout()
    assert client.get("/en/practices/translations/").status_code in (302, 404)
