from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    MATERIAL_LANGUAGES,
    Audience,
    AwarenessDay,
    Campaign,
    CampaignPartner,
    Event,
    Material,
    ReachFigure,
)
from portal.accounts.models import Organization
from portal.taxonomy.models import Country, Theme


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _datetime():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CampaignFilterForm(forms.Form):
    """The filters of the campaign list: a plain GET form, so it works without JavaScript."""

    audience = forms.ChoiceField(label=_("Audience"), choices=[("", _("All")), *Audience.choices], required=False)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), to_field_name="code", required=False, empty_label=_("All")
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug", required=False, empty_label=_("All")
    )
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All")), *Campaign.State.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.filter(campaign__published=True).distinct().order_by("name")


class LibraryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *Material.Kind.choices], required=False)
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("All")), *MATERIAL_LANGUAGES], required=False)
    licence = forms.ChoiceField(label=_("Licence"), choices=[("", _("All")), *Material.Licence.choices], required=False)
    audience = forms.ChoiceField(label=_("Audience"), choices=[("", _("All")), *Audience.choices], required=False)


class CampaignForm(forms.Form):
    original_language = forms.ChoiceField(label=_("Language you write in"), choices=settings.LANGUAGES)
    name = forms.CharField(label=_("Name"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    key_messages = forms.CharField(
        label=_("Key messages"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One message per line."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    lead_organization = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organization.objects.order_by("name"), required=False
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"), queryset=Country.objects.none(), to_field_name="code", required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    awareness_days = forms.ModelMultipleChoiceField(
        label=_("Awareness days"),
        queryset=AwarenessDay.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts = forms.DateField(label=_("Starts"), widget=_date())
    ends = forms.DateField(label=_("Ends"), widget=_date())
    hashtag = forms.CharField(
        label=_("Hashtag"), max_length=100, required=False, help_text=_("For example #StartFreedom.")
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].queryset = Country.objects.order_by("name")
        if editing:
            del self.fields["original_language"]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The campaign cannot end before it starts."))
        return cleaned


def initial_from(campaign: Campaign) -> dict:
    initial = {field: campaign.localized(field, campaign.original_language) for field in ("name", "summary")}
    for field in ("description", "objectives", "key_messages"):
        initial[field] = campaign.localized(field, campaign.original_language)
    initial.update(
        {
            "audiences": campaign.audiences,
            "lead_organization": campaign.lead_organization_id,
            "countries": [country.code for country in campaign.countries.all()],
            "themes": [theme.slug for theme in campaign.themes.all()],
            "awareness_days": [day.slug for day in campaign.awareness_days.all()],
            "starts": campaign.starts,
            "ends": campaign.ends,
            "hashtag": campaign.hashtag,
        }
    )
    return initial


class MaterialForm(forms.Form):
    material = forms.ModelChoiceField(
        label=_("Material"),
        queryset=Material.objects.none(),
        required=False,
        empty_label=_("A new material"),
        help_text=_("Choose an existing material to add another language of it."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Material.Kind.choices], required=False)
    title = forms.CharField(label=_("Title in this language"), max_length=300)
    language = forms.CharField(
        label=_("Language"),
        max_length=10,
        widget=forms.Select(choices=MATERIAL_LANGUAGES),
    )
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF, image, audio or video; or give a link instead.")
    )
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    licence = forms.ChoiceField(label=_("Licence"), choices=Material.Licence.choices, required=False)
    usage_rules = forms.CharField(label=_("Usage rules"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = campaign.materials.order_by("kind", "pk")


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    starts = forms.DateTimeField(label=_("Starts"), widget=_datetime())
    ends = forms.DateTimeField(label=_("Ends"), widget=_datetime())
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), to_field_name="code", required=False
    )
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organization.objects.order_by("name"), required=False
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=2**31 - 1, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by("name")


class ReachForm(forms.Form):
    metric = forms.ChoiceField(label=_("Metric"), choices=ReachFigure.Metric.choices)
    value = forms.IntegerField(label=_("Value"), max_value=10**15)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), to_field_name="code", required=False
    )
    period_start = forms.DateField(label=_("Period start"), widget=_date())
    period_end = forms.DateField(label=_("Period end"), widget=_date())
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by("name")


class JoinForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Your organisation"), queryset=Organization.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=CampaignPartner.Role.choices, initial="endorser")

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()
