from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.taxonomy.models import Country, Theme
from practices.models import Practice
from resources.models import Resource


class ResourceForm(forms.Form):
    """A new resource with its first file or link; more languages are added on its page."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    original_language = forms.ChoiceField(label=_("Language of the description"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}))
    authors = forms.CharField(label=_("Authors"), max_length=500, required=False)
    publisher = forms.CharField(label=_("Publisher"), max_length=300, required=False)
    publication_year = forms.IntegerField(label=_("Publication year"), min_value=1900, max_value=2100, required=False)
    themes = forms.ModelMultipleChoiceField(label=_("Themes"), queryset=Theme.objects.all(), required=False)
    countries = forms.ModelMultipleChoiceField(label=_("Countries"), queryset=Country.objects.all(), required=False)
    scope = forms.ChoiceField(label=_("Geographic scope"), choices=[("", "—"), *Practice.Scope.choices], required=False)
    audiences = forms.MultipleChoiceField(
        label=_("Audience"), choices=Resource.Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=[("", "—"), *Resource.Licence.choices], required=False)
    file_language = forms.ChoiceField(label=_("Language of the file or link"), choices=settings.LANGUAGES)
    file = forms.FileField(label=_("File"), required=False, help_text=_("PDF, Word, OpenDocument or an image."))
    url = forms.URLField(label=_("Or a link"), max_length=500, required=False, assume_scheme="https")


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
