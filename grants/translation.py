from modeltranslation.translator import TranslationOptions, register

from grants.models import GrantCall


@register(GrantCall)
class GrantCallTranslationOptions(TranslationOptions):
    fields = ("title", "description", "eligibility")
