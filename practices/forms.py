from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organization
from portal.taxonomy.models import Country, ExploitationForm, Sector, TargetGroup, Theme
from practices.models import TRANSLATED_FIELDS, Practice, PracticeCall, field_in


class PracticeForm(forms.Form):
    """One form for a draft; every field is optional until the practice is submitted."""

    call = forms.ModelChoiceField(
        label=_("Call for practices"),
        queryset=PracticeCall.objects.none(),
        required=False,
        empty_label=_("No call: an open submission"),
    )
    original_language = forms.ChoiceField(label=_("Language you write in"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    activities = forms.CharField(label=_("Activities"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    results = forms.CharField(
        label=_("Results and impact"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Give figures where you have them: people reached, cases referred, staff trained."),
    )
    lessons_learned = forms.CharField(
        label=_("Lessons learned"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    sustainability = forms.CharField(
        label=_("Sustainability"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    replicability = forms.CharField(label=_("Replicability"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"), queryset=Country.objects.order_by("name"), to_field_name="code", required=False
    )
    scope = forms.ChoiceField(label=_("Geographic scope"), choices=[("", "—"), *Practice.Scope.choices], required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exploitation_forms = forms.ModelMultipleChoiceField(
        label=_("Forms of exploitation"),
        queryset=ExploitationForm.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_organizations = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"), queryset=Organization.objects.order_by("name"), required=False
    )
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One web address per line: reports, videos, the project's page."),
    )
    start_date = forms.DateField(
        label=_("Implementation start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("Implementation end"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    implementation_status = forms.ChoiceField(
        label=_("Implementation status"), choices=[("", "—"), *Practice.ImplementationStatus.choices], required=False
    )
    budget_range = forms.ChoiceField(
        label=_("Budget"), choices=[("", "—"), *Practice.BudgetRange.choices], required=False
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_public = forms.BooleanField(label=_("Publish the contact person with the practice"), required=False)
    no_victim_data = forms.BooleanField(
        label=_(
            "I confirm that this practice and its attachments hold no information that could identify a victim or survivor."
        ),
        required=False,
    )

    def __init__(self, *args, editable_call=True, only=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Sorted by the name in the active language, which is only known per request.
        self.fields["countries"].queryset = Country.objects.order_by("name")
        if editable_call:
            self.fields["call"].queryset = PracticeCall.objects.open()
        else:
            del self.fields["call"]
            del self.fields["original_language"]
        if only is not None:
            for name in list(self.fields):
                if name not in only and name not in ("call", "original_language"):
                    del self.fields[name]

    def clean_links(self):
        validate = URLValidator(schemes=["http", "https"])
        links = [line.strip() for line in self.cleaned_data.get("links", "").splitlines() if line.strip()]
        for link in links:
            try:
                validate(link)
            except forms.ValidationError:
                raise forms.ValidationError(_("“%(link)s” is not a web address.") % {"link": link}) from None
        return links

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned


STEPS = [
    ("about", _("About the practice"), ["title", "summary", "countries", "scope"]),
    (
        "implementation",
        _("What you did"),
        [
            "description",
            "objectives",
            "activities",
            "partner_organizations",
            "start_date",
            "end_date",
            "implementation_status",
            "budget_range",
            "links",
        ],
    ),
    (
        "results",
        _("Results and lessons"),
        ["results", "lessons_learned", "recommendations", "sustainability", "replicability"],
    ),
    ("classification", _("Themes and people concerned"), ["themes", "exploitation_forms", "target_groups", "sectors"]),
    ("contact", _("Contact and safeguarding"), ["contact_name", "contact_email", "contact_public", "no_victim_data"]),
]
STEP_OF_FIELD = {field: slug for slug, _label, fields in STEPS for field in fields}


def initial_from(practice: Practice) -> dict:

    data = {field: getattr(practice, field_in(field, practice.original_language)) for field in TRANSLATED_FIELDS}
    for field in (
        "scope",
        "start_date",
        "end_date",
        "implementation_status",
        "budget_range",
        "contact_name",
        "contact_email",
        "contact_public",
        "no_victim_data",
    ):
        data[field] = getattr(practice, field)
    for relation in ("countries", "themes", "exploitation_forms", "target_groups", "sectors", "partner_organizations"):
        data[relation] = list(getattr(practice, relation).all())
    data["links"] = "\n".join(practice.links or [])
    return data


class TranslationForm(forms.Form):
    """The translated text of each field; empty fields fall back to the original on the page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = PracticeForm(editable_call=False).fields
        for field in TRANSLATED_FIELDS:
            widget = forms.TextInput() if field == "title" else forms.Textarea(attrs={"rows": 4})
            self.fields[field] = forms.CharField(
                label=labels[field].label,
                required=field == "title",
                widget=widget,
                max_length=300 if field == "title" else None,
            )
