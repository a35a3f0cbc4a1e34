"""A visitor searches the demo content in Spanish and in Arabic, refines with a facet, opens and downloads."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_searches_in_spanish_and_arabic(visitor):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    reader = visitor("visitor")
    page = reader.page

    reader.go("/es/search/")
    page.fill("#search-q", "trabajadora doméstica")
    page.click("form[role=search] button")
    assert "Acogida diurna y orientación de migrantes explotadas en el trabajo doméstico" in page.content()
    assert page.locator(".results mark").count() >= 1
    reader.shot("spanish-results")
    assert serious_violations(page) == []
    page.locator(".facets a", has_text="Marruecos").click()
    assert "country=MA" in page.url
    assert page.locator(".results > li").count() == 1

    reader.go("/ar/search/?q=%D8%A7%D9%84%D8%B9%D9%85%D9%84%20%D8%A7%D9%84%D9%85%D9%86%D8%B2%D9%84%D9%8A")
    assert page.get_attribute("html", "dir") == "rtl"
    reader.shot("arabic-results")
    assert serious_violations(page) == []
    page.locator(".results h3 a").first.click()
    assert "/ar/practices/" in page.url
    with page.expect_download() as download:
        page.click("a[href$='/pdf/']")
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
