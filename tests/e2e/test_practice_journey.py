"""A practice goes from an NGO's draft to publication through two reviewers, in a real browser."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal.accounts.models import Membership, User
from practices.models import Practice
from tests.e2e.conftest import serious_violations, wait_for_mail
from tests.factories import ReviewerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def accessible(person, path, step):
    person.go(path)
    person.shot(step)
    assert serious_violations(person.page) == [], path


def test_ngo_submits_in_french_two_reviewers_review_editor_publishes_visitors_read(
    visitor, password, mailoutbox, celery_worker
):
    editor = UserFactory(roles=["editor"], full_name="Edith Editor")
    reviewers = [ReviewerProfileFactory(languages=["fr", "en"]).user for _ in range(2)]

    # An NGO member signs up in French, confirms the e-mail address and registers the organisation.
    author = visitor("ngo")
    author.go("/fr/accounts/sign-up/")
    page = author.page
    page.fill("#id_email", "amina@collectif-atlas.example")
    page.fill("#id_full_name", "Amina Diallo")
    page.select_option("#id_preferred_language", "fr")
    page.select_option("#id_country", "MA")
    page.fill("#id_password1", "une-phrase-de-passe-solide")
    page.fill("#id_password2", "une-phrase-de-passe-solide")
    author.shot("0-sign-up")
    assert serious_violations(page) == []
    page.click("main form button[type=submit]")
    assert "amina@collectif-atlas.example" in page.content()
    confirmation = wait_for_mail(mailoutbox, to="amina@collectif-atlas.example", containing="/confirm/")
    link = re.search(r"https?://\S+/confirm/\S+", confirmation.body).group(0)
    author.go(urlsplit(link).path)  # the e-mail links to SITE_URL; the test server listens elsewhere
    assert User.objects.get(email="amina@collectif-atlas.example").is_active
    author.login("amina@collectif-atlas.example", "une-phrase-de-passe-solide", "fr")
    author.go("/fr/accounts/organisation/")
    page.fill("#id_name", "Collectif Atlas")
    page.select_option("#id_kind", "ngo")
    page.select_option("#id_country", "MA")
    page.click("main form.form button[type=submit]")
    assert Membership.objects.get(user__email="amina@collectif-atlas.example").organization.name == "Collectif Atlas"

    # The NGO member writes the practice in French, step by step.
    author.go("/fr/practices/new/")
    page.select_option("#id_original_language", "fr")
    page.fill("#id_title", "Accueil de jour pour les travailleuses domestiques")
    page.fill("#id_summary", "Des médiatrices orientent les femmes exploitées vers un hébergement et un avocat.")
    page.select_option("#id_countries", ["MA"])
    page.select_option("#id_scope", "national")
    author.shot("1-about")
    page.click("main form.form button:not([name])")
    page.fill("#id_description", "Une permanence six jours sur sept.")
    page.select_option("#id_implementation_status", "completed")
    author.shot("2-implementation")
    page.click("main form.form button:not([name])")
    page.fill("#id_results", "640 femmes reçues en trois ans.")
    author.shot("3-results")
    page.click("main form.form button:not([name])")
    page.check("input[name=themes][value=victim-services]")
    author.shot("4-classification")
    page.click("main form.form button:not([name])")
    page.check("#id_no_victim_data")
    author.shot("5-contact")
    page.click("main form.form button:not([name])")
    author.shot("6-preview")
    assert serious_violations(page) == []
    page.click("button[name=submit]")
    practice = Practice.objects.get()
    assert practice.state == "submitted"
    assert "Soumise" in author.page.content()

    # The editor sends it to review and invites the two reviewers suggested.
    desk = visitor("editor")
    desk.login(editor.email, password)
    desk.go("/en/practices/%s/" % practice.pk)
    desk.page.click("text=Send to review")
    practice.refresh_from_db()
    assert practice.state == "in_review"
    desk.go("/en/reviews/cases/%s/" % practice.review_case_id)
    for reviewer in reviewers:
        desk.page.locator("form.card", has_text=reviewer.get_full_name()).locator("button").click()
    desk.shot("invited")
    assert practice.review_case.assignments.count() == 2

    # Each reviewer accepts and scores every criterion.
    for number, reviewer in enumerate(reviewers, start=1):
        person = visitor("reviewer%s" % number)
        person.login(reviewer.email, password)
        person.go("/en/reviews/")
        person.page.click("table a")
        person.page.click("form[action$='/accept/'] button")
        for criterion in practice.review_case.rubric.criteria.all():
            person.page.check("input[name=criterion_%s][value='%s']" % (criterion.pk, 5 - number))
        person.page.check("input[name=recommendation][value=accept]")
        person.page.fill("#id_comments_to_author", "Clear and useful.")
        person.shot("review-form")
        assert serious_violations(person.page) == []
        person.page.click("button[name=submit]")
    assert practice.review_case.assignments.filter(state="submitted").count() == 2

    # The editor sees the scores, decides and publishes.
    desk.go("/en/reviews/cases/%s/" % practice.review_case_id)
    assert "3.50" in desk.page.content()
    desk.shot("case")
    assert serious_violations(desk.page) == []
    desk.page.check("input[name=outcome][value=accept]")
    desk.page.fill("#id_letter", "We are glad to publish your practice.")
    desk.page.click("text=Record the decision")
    desk.go("/en/practices/%s/" % practice.pk)
    desk.page.click("button:has-text('Publish')")
    practice.refresh_from_db()
    assert practice.state == "published"
    # The worker delivered the outbox to the author: the decision letter and the publication notice.
    wait_for_mail(mailoutbox, to="amina@collectif-atlas.example", containing="We are glad to publish your practice.")

    # A visitor reads it in Spanish (original shown, labelled) and in Arabic (right-to-left).
    reader = visitor("visitor")
    accessible(reader, "/es/practices/%s/" % practice.pk, "spanish")
    assert "se muestra en el idioma original" in reader.page.content()
    with reader.page.expect_download() as download:
        reader.page.click("a[href$='/pdf/']")
    assert download.value.suggested_filename == "practice-%s-es.pdf" % practice.pk
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    accessible(reader, "/ar/practices/%s/" % practice.pk, "arabic")
    assert reader.page.get_attribute("html", "dir") == "rtl"


@pytest.mark.parametrize(
    "path",
    ["/en/", "/ar/", "/fr/practices/", "/es/practices/calls/", "/en/accounts/login/", "/hi/accounts/sign-up/"],
)
def test_public_pages_have_no_serious_accessibility_violation(visitor, path):
    accessible(visitor("visitor"), path, path.strip("/").replace("/", "-") or "root")
