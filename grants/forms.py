from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from grants.models import AttachmentKind, BudgetLine, ProgrammeType
from portal.accounts.models import OrganizationKind
from portal.taxonomy.models import Country, ExploitationForm, TargetGroup, Theme

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class GrantCallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    eligibility = forms.CharField(label=_("Who can apply"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    programme_type = forms.ChoiceField(label=_("Programme"), choices=ProgrammeType.choices)
    budget = forms.DecimalField(label=_("Total budget"), max_digits=14, decimal_places=2, min_value=0)
    currency = forms.CharField(
        label=_("Currency"), max_length=3, initial="USD", help_text=_("ISO code, such as USD or EUR.")
    )
    min_award = forms.DecimalField(label=_("Smallest award"), max_digits=14, decimal_places=2, min_value=0, initial=0)
    max_award = forms.DecimalField(label=_("Largest award"), max_digits=14, decimal_places=2, min_value=0)
    opens = forms.DateTimeField(label=_("Opens"), widget=DATETIME)
    closes = forms.DateTimeField(
        label=_("Closes"), widget=DATETIME, help_text=_("Server time; applicants see it in their own time zone.")
    )
    eligible_org_kinds = forms.MultipleChoiceField(
        label=_("Eligible kinds of organisation"),
        choices=OrganizationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind."),
    )
    eligible_countries = forms.ModelMultipleChoiceField(
        label=_("Eligible countries"),
        queryset=Country.objects.order_by("name"),
        to_field_name="code",
        required=False,
        help_text=_("None chosen: every country."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reviewers_per_proposal = forms.IntegerField(
        label=_("Board members per proposal"), min_value=1, max_value=10, initial=2
    )
    required_attachments = forms.MultipleChoiceField(
        label=_("Required attachments"),
        choices=AttachmentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    screening_questions = forms.CharField(
        label=_("Questions answered at screening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line, e.g. “The project directly benefits victims or people at risk”."),
    )
    proposals_per_organization = forms.IntegerField(
        label=_("Proposals allowed per organisation"), min_value=1, max_value=10, initial=1
    )

    def clean_screening_questions(self):
        return [line.strip() for line in self.cleaned_data["screening_questions"].splitlines() if line.strip()]


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    original_language = forms.ChoiceField(label=_("Language you write in"), choices=settings.LANGUAGES)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    problem = forms.CharField(label=_("Problem addressed"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    activities = forms.CharField(label=_("Activities"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    timeline = forms.CharField(
        label=_("Timeline"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Month by month or phase by phase."),
    )
    duration_months = forms.IntegerField(label=_("Duration in months"), min_value=1, max_value=60, required=False)
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"), queryset=Country.objects.order_by("name"), to_field_name="code", required=False
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


class BudgetLineForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *BudgetLine.Category.choices], required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    amount = forms.CharField(label=_("Amount"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def as_line(self) -> dict | None:
        data = self.cleaned_data
        if not any(data.get(field) for field in ("category", "description", "amount")):
            return None
        return data


class ResultForm(forms.Form):
    result = forms.CharField(label=_("Expected result"), max_length=300, required=False)
    indicator = forms.CharField(label=_("Indicator"), max_length=200, required=False)
    target = forms.CharField(label=_("Target"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def as_result(self) -> dict | None:
        data = self.cleaned_data
        if not any(data.get(field) for field in ("result", "indicator", "target")):
            return None
        return data


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=3, max_num=40)
ResultFormSet = forms.formset_factory(ResultForm, extra=2, max_num=20)


class ReportForm(forms.Form):
    narrative = forms.CharField(
        label=_("What the project did in this period"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label, target in indicators:
            help_text = _("Target: %(target)s") % {"target": target} if target is not None else ""
            self.fields["indicator_%s" % key] = forms.CharField(
                label=label, required=False, help_text=help_text, widget=forms.TextInput(attrs={"inputmode": "decimal"})
            )

    def values(self) -> dict:
        prefix = "indicator_"
        return {
            name.removeprefix(prefix): value for name, value in self.cleaned_data.items() if name.startswith(prefix)
        }
