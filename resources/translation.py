from modeltranslation.translator import TranslationOptions, register

from resources.models import TRANSLATED_FIELDS, Resource


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = TRANSLATED_FIELDS
    # A resource falls back to its own original language (Resource.localized), not to English.
    fallback_languages = {"default": ()}
