"""Language handling for the index: text-search configurations, accents, Chinese characters."""

import re
import unicodedata

# Each language's stemmer, with accents removed first (migration 0002 creates these configurations).
CONFIGS = {
    "en": "portal_english",
    "fr": "portal_french",
    "es": "portal_spanish",
    "ar": "portal_arabic",
    "ru": "portal_russian",
    "pt": "portal_portuguese",
    "hi": "portal_hindi",
    "zh-hans": "portal_simple",
}
SIMPLE = "portal_simple"
_CJK = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def config_for(language: str) -> str:
    return CONFIGS.get(language, SIMPLE)


def split_cjk(text: str) -> str:
    """Chinese has no spaces between words: index and query it character by character."""
    return _CJK.sub(r" \1 ", text)


# Latin, Greek and Cyrillic accents, and Arabic short-vowel marks; not Devanagari vowel signs, which are letters.
_MARKS = re.compile(r"[\u0300-\u036f\u064b-\u065f\u0670]")


def normalise(text: str) -> str:
    """Lower case without accents: "Traité" and "traite" compare equal."""
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text.lower())))
