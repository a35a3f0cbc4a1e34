import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# One string of the skeleton as each language renders it: the page is translated, not just tagged.
SKIP_LINK = {
    "en": "Skip to main content",
    "fr": "Aller au contenu principal",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_in_every_language(client, language):
    response = client.get("/%s/" % language)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="%s" dir="%s">' % (language, "rtl" if language == "ar" else "ltr") in page
    skip_link = re.search(r'<a class="skip-link" href="#main">([^<]+)</a>', page).group(1)
    if language == "en":
        assert skip_link == "Skip to main content"
    else:
        assert skip_link != "Skip to main content", "the skip link is not translated into %s" % language
    if language in SKIP_LINK:
        assert skip_link == SKIP_LINK[language]
    # Every language is offered, each named in its own language, the current one marked.
    assert page.count('name="language"') == len(LANGUAGES)
    assert 'value="%s" lang="%s"' % (language, language) in page
    assert 'aria-current="true"' in page


def test_arabic_pages_are_right_to_left_with_translated_chrome(client):
    page = client.get("/ar/").content.decode()
    assert 'dir="rtl"' in page
    assert "تسجيل الدخول" in page


def test_taxonomy_names_on_the_home_page_follow_the_language(client):
    assert "Prévention" in client.get("/fr/").content.decode()
    assert "Prevención" in client.get("/es/").content.decode()


def test_unknown_language_prefix_is_a_clear_404(client):
    response = client.get("/xx/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'href="/fr/"' in page


def test_root_redirects_to_the_browser_or_remembered_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9").headers["Location"] == "/es/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es").headers["Location"] == "/ru/"


def test_language_switcher_keeps_the_current_page(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/en/accounts/login/?next=/en/"})
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/accounts/login/?next=/en/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    page = client.get("/en/accounts/login/").content.decode()
    assert '<input type="hidden" name="next" value="/en/accounts/login/">' in page


def test_language_switcher_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/en/"})
    assert response["Location"] == "/en/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_signed_in_users_choice_is_remembered(client, password):
    user = UserFactory(preferred_language="en")
    client.login(username=user.email, password=password)
    client.post(reverse("set_language"), {"language": "hi", "next": "/en/"})
    user.refresh_from_db()
    assert user.preferred_language == "hi"


def test_pages_work_without_javascript_and_load_nothing_from_outside(client):
    page = client.get("/en/").content.decode()
    # The one script of every page is the quick exit's, a static file; the page works without it (the
    # quick exit is then a plain link).
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/quick-exit.js" defer>']
    assert not re.search(r'src="(https?:)?//', page)
    loaded = re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', page)
    assert loaded and all(not re.match(r"(https?:)?//", url) for url in loaded), loaded
    # The only link away from the portal is the quick exit, which leaves on purpose.
    assert re.findall(r'<a [^>]*href="(?:https?:)?//[^"]*"', page) == [
        '<a class="quick-exit" href="https://www.google.com/search?q=weather"'
    ]
    assert 'href="#main"' in page and '<main id="main"' in page
