import pytest
from django.utils import translation

from portal.taxonomy.models import Country, ExploitationForm, Region, Sector, TargetGroup, Theme

pytestmark = pytest.mark.django_db


def test_reference_data_is_complete():
    assert Country.objects.count() == 249
    assert Region.objects.filter(parent__isnull=True).count() == 5
    assert Region.objects.filter(parent__isnull=False).count() == 17
    assert set(Theme.objects.filter(parent__isnull=True).values_list("slug", flat=True)) == {
        "prevention",
        "protection",
        "prosecution",
        "partnership",
    }
    assert ExploitationForm.objects.filter(slug="organ-removal").exists()
    assert TargetGroup.objects.filter(slug="fishers").exists()
    assert Sector.objects.filter(slug="fishing").exists()
    # Every country but Antarctica sits in an M49 sub-region.
    assert list(Country.objects.filter(subregion__isnull=True).values_list("code", flat=True)) == ["AQ"]


@pytest.mark.parametrize(
    "code, subregion, region",
    [
        ("NA", "sub-saharan-africa", "africa"),
        ("UA", "eastern-europe", "europe"),
        ("MA", "northern-africa", "africa"),
        ("PE", "latin-america-and-the-caribbean", "americas"),
    ],
)
def test_countries_map_to_m49_regions(code, subregion, region):
    country = Country.objects.get(code=code)
    assert (country.subregion.slug, country.region.slug) == (subregion, region)


@pytest.mark.parametrize(
    "language, country, theme",
    [
        ("en", "Morocco", "Prevention"),
        ("fr", "Maroc", "Prévention"),
        ("es", "Marruecos", "Prevención"),
        ("ar", "المغرب", "المنع"),
    ],
)
def test_names_are_translated(language, country, theme):
    with translation.override(language):
        assert Country.objects.get(code="MA").name == country
        assert Theme.objects.get(slug="prevention").name == theme


def test_missing_translation_falls_back_to_english():
    Theme.objects.filter(slug="prevention").update(name_pt="", name_hi="")
    with translation.override("pt"):
        assert Theme.objects.get(slug="prevention").name == "Prevention"
    with translation.override("hi"):
        assert Theme.objects.get(slug="prevention").name == "Prevention"


def test_taxonomy_api_lists_each_kind_in_the_requested_language(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        body = api_client.get("/api/v1/taxonomy/countries/?lang=fr&page_size=100").json()
    assert body["count"] == 249
    assert len(body["results"]) == 100 and body["next"]
    morocco = api_client.get("/api/v1/taxonomy/countries/?lang=es&page=2&page_size=100").json()["results"]
    assert {
        "code": "MA",
        "name": "Marruecos",
        "m49": "504",
        "region": "africa",
        "subregion": "northern-africa",
    } in morocco
    themes = api_client.get("/api/v1/taxonomy/themes/", HTTP_ACCEPT_LANGUAGE="es").json()["results"]
    assert {"slug": "victim-services", "name": "Servicios de atención a las víctimas", "parent": "protection"} in themes
    for kind in ["regions", "exploitation-forms", "target-groups", "sectors"]:
        response = api_client.get("/api/v1/taxonomy/%s/" % kind)
        assert response.status_code == 200 and response.json()["count"] > 0


def test_page_size_is_capped_at_100(api_client):
    assert len(api_client.get("/api/v1/taxonomy/countries/?page_size=1000").json()["results"]) == 100


def test_unknown_taxonomy_or_language_is_a_clear_json_error(api_client):
    response = api_client.get("/api/v1/taxonomy/planets/")
    assert response.status_code == 404
    assert "Unknown taxonomy" in response.json()["detail"]
    response = api_client.get("/api/v1/taxonomy/themes/?lang=xx")
    assert response.status_code == 400
    assert "Unknown language “xx”" in response.json()["lang"][0]
    response = api_client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_taxonomy_is_read_only_over_the_api(api_client, staff_user):
    api_client.force_authenticate(staff_user)
    assert api_client.post("/api/v1/taxonomy/themes/", {"slug": "x"}, format="json").status_code == 405
