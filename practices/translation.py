from modeltranslation.translator import TranslationOptions, register

from practices.models import TRANSLATED_FIELDS, Practice, PracticeCall


@register(PracticeCall)
class PracticeCallTranslationOptions(TranslationOptions):
    fields = ("title", "description", "criteria")


@register(Practice)
class PracticeTranslationOptions(TranslationOptions):
    fields = TRANSLATED_FIELDS
    # A practice falls back to its own original language (Practice.localized), not to English.
    fallback_languages = {"default": ()}
