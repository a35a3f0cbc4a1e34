from modeltranslation.translator import TranslationOptions, register

from reviews.models import Criterion, Rubric, RubricLevel


@register(Rubric)
class RubricTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(RubricLevel)
class RubricLevelTranslationOptions(TranslationOptions):
    fields = ("description",)


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("label", "help_text")
