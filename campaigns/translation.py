from modeltranslation.translator import TranslationOptions, register

from campaigns.models import TRANSLATED_FIELDS, AwarenessDay, Campaign


@register(Campaign)
class CampaignTranslationOptions(TranslationOptions):
    fields = TRANSLATED_FIELDS
    # A campaign falls back to its own original language (Campaign.localized), not to English.
    fallback_languages = {"default": ()}


@register(AwarenessDay)
class AwarenessDayTranslationOptions(TranslationOptions):
    # Reference data, like the taxonomy: falls back to English.
    fields = ("name", "description")
