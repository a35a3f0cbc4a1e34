"""Load the reference vocabularies shipped in `data/` (and ISO 3166 names from pycountry)."""

import gettext
import json
from functools import cache
from pathlib import Path

import pycountry
from django.conf import settings
from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"

# pycountry names its catalogues by locale; Django names languages by code.
PYCOUNTRY_LOCALES = {"fr": "fr", "es": "es", "ar": "ar", "ru": "ru", "zh-hans": "zh_CN", "pt": "pt", "hi": "hi"}

TERM_FILES = {
    "Theme": "themes.json",
    "ExploitationForm": "exploitation_forms.json",
    "TargetGroup": "target_groups.json",
    "Sector": "sectors.json",
}


def translated_field(field: str, language: str) -> str:
    return f"{field}_{language.replace('-', '_')}"


def translated_values(field: str, texts: dict) -> dict:
    """Model keyword arguments for a translated field from {language: text}; the base field gets English."""
    values = {translated_field(field, code): texts.get(code, "") for code, _label in settings.LANGUAGES}
    return values | {field: texts["en"]}


def _read(filename: str):
    return json.loads((DATA_DIR / filename).read_text(encoding="utf-8"))


@cache
def _country_catalogue(language: str):
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[PYCOUNTRY_LOCALES[language]])


def country_names(code: str) -> dict:
    country = pycountry.countries.get(alpha_2=code)
    english = getattr(country, "common_name", None) or country.name
    names = {"en": english}
    for language in PYCOUNTRY_LOCALES:
        catalogue = _country_catalogue(language)
        translated = catalogue.gettext(english)
        if translated == english:
            translated = catalogue.gettext(country.name)
        names[language] = translated
    return names


@transaction.atomic
def load_reference_data(*, models: dict) -> None:
    """Create or update every region, country and term; idempotent.

    `models` maps model names to classes, so data migrations can pass their historical models.
    """
    Region = models["Region"]
    regions = {}
    for position, item in enumerate(_read("regions.json")):
        region, _created = Region.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "m49": item["m49"],
                "parent": regions.get(item["parent"]),
                "position": position,
                **translated_values("name", item["name"]),
            },
        )
        regions[item["slug"]] = region
    by_m49 = {region.m49: region for region in regions.values()}

    Country = models["Country"]
    for code, subregion_m49 in _read("countries.json").items():
        country = pycountry.countries.get(alpha_2=code)
        Country.objects.update_or_create(
            code=code,
            defaults={
                "m49": country.numeric,
                "subregion": by_m49.get(subregion_m49),
                **translated_values("name", country_names(code)),
            },
        )

    for model_name, filename in TERM_FILES.items():
        Model = models[model_name]
        has_parent = any(field.name == "parent" for field in Model._meta.get_fields())
        created = {}
        for position, item in enumerate(_read(filename)):
            defaults = {"position": position, **translated_values("name", item["name"])}
            if has_parent:
                defaults["parent"] = created.get(item.get("parent"))
            term, _created = Model.objects.update_or_create(slug=item["slug"], defaults=defaults)
            created[item["slug"]] = term
