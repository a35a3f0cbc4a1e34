from modeltranslation.translator import TranslationOptions, register

from portal.taxonomy.models import Country, ExploitationForm, Region, Sector, TargetGroup, Theme


@register(Region)
@register(Country)
@register(Theme)
@register(ExploitationForm)
@register(TargetGroup)
@register(Sector)
class NameTranslationOptions(TranslationOptions):
    fields = ("name",)
