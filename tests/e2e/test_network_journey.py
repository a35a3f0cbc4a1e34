"""A practitioner finds a Russian manual through search, asks the organisation behind a practice a question,
receives its answer by e-mail; an editor hides a reported post. Axe on the new pages."""

import pytest
from django.core import mail
from django.core.management import call_command

from network.models import Post
from portal.site.demo import DEMO_PASSWORD
from practices.models import Practice
from tests.e2e.conftest import serious_violations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_practitioner_asks_an_organisation_and_an_editor_moderates(visitor, settings):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    asker = UserFactory(email="practitioner@kyiv.example", preferred_language="ru")
    reader = visitor("practitioner")
    page = reader.page
    reader.login(asker.email, "correct-horse-battery-staple", language="ru")

    reader.go("/ru/search/?q=%D1%80%D1%83%D0%BA%D0%BE%D0%B2%D0%BE%D0%B4%D1%81%D1%82%D0%B2%D0%BE")  # руководство
    page.locator(".results h3 a", has_text="Руководство").first.click()
    assert "/ru/resources/" in page.url
    assert serious_violations(page) == []

    practice = Practice.objects.published().select_related("organization").get(title_en__startswith="Community child")
    organization = practice.organization
    reader.go("/ru/practices/%s/" % practice.pk)
    page.locator("a[href*='/organisations/%s/']" % organization.pk).first.click()
    assert organization.name in page.content()
    assert serious_violations(page) == []
    page.locator("a[href*='/discussions/new/practice/%s/']" % practice.pk).first.click()
    page.fill("#id_title", "Как обучали добровольцев?")
    page.fill("#id_body", "Сколько длилось обучение членов комитетов?")
    page.click("main form button[type=submit]")
    assert "/ru/discussions/" in page.url
    assert serious_violations(page) == []
    thread_url = page.url.replace(reader.base_url, "")

    member = organization.memberships.select_related("user").first().user
    answerer = visitor("organisation")
    answerer.login(member.email, DEMO_PASSWORD)
    answerer.go(thread_url.replace("/ru/", "/en/", 1))
    answerer.page.fill("#id_body", "Three weekends, with the village councils.")
    answerer.page.click("main form:has(#id_body) button[type=submit]")
    answerer.page.wait_for_load_state()
    assert any(asker.email in message.to and "Three weekends" in message.body for message in mail.outbox)

    troll = visitor("troll")
    troll_user = UserFactory(email="troll@nowhere.example")
    troll.login(troll_user.email, "correct-horse-battery-staple")
    troll.go(thread_url.replace("/ru/", "/en/", 1))
    troll.page.fill("#id_body", "Buy cheap watches now!")
    troll.page.click("main form:has(#id_body) button[type=submit]")
    spam = Post.objects.get(body="Buy cheap watches now!")
    reader.go(thread_url)
    page.locator("#post-%s button" % spam.pk, has_text="").last.click()
    page.wait_for_load_state()
    assert spam.reports.exists()

    editor = visitor("editor")
    editor.login("editor@portal.example", DEMO_PASSWORD)
    editor.go("/en/discussions/moderation/")
    assert serious_violations(editor.page) == []
    editor.page.locator("form[action$='/posts/%s/hide/'] button" % spam.pk).first.click()
    editor.page.wait_for_load_state()
    spam.refresh_from_db()
    assert spam.hidden
    reader.go(thread_url)
    assert "Buy cheap watches" not in page.content()

    for path in ("/en/resources/", "/en/organisations/", "/en/experts/"):
        reader.go(path)
        assert serious_violations(page) == [], path
