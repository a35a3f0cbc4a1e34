from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organization
from portal.taxonomy.models import ExploitationForm, Region, Theme
from reviews.models import ConflictOfInterest, Review

NOT_APPLICABLE = "na"


class ReviewForm(forms.Form):
    """One radio group per criterion, each level described; N/A only where the rubric allows it."""

    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Review.Recommendation.choices, widget=forms.RadioSelect, required=False
    )
    comments_to_author = forms.CharField(
        label=_("Comments to the author"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Sent to the submitter with the decision."),
    )
    confidential_comments = forms.CharField(
        label=_("Confidential comments to the editor"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Only the editors read these."),
    )

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [(str(level.value), "%s — %s" % (level.value, level.description)) for level in rubric.levels.all()]
        self.criteria = list(rubric.criteria.all())
        for criterion in reversed(self.criteria):
            choices = levels + ([(NOT_APPLICABLE, _("Not applicable"))] if criterion.allow_na else [])
            field = forms.ChoiceField(
                label=criterion.label,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                help_text=criterion.help_text,
            )
            self.fields = {"criterion_%s" % criterion.pk: field, **self.fields}

    def scores(self) -> dict:
        scores = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get("criterion_%s" % criterion.pk)
            if value == NOT_APPLICABLE:
                scores[str(criterion.pk)] = None
            elif value:
                scores[str(criterion.pk)] = int(value)
        return scores


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why do you decline?"), max_length=500)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("revise", _("Request a revision")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    letter = forms.CharField(
        label=_("Letter to the submitter"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Leave it empty to send the standard letter, in the submitter's language."),
    )
    force_note = forms.CharField(
        label=_("Note (only to decide without a submitted review)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InviteForm(forms.Form):
    reviewer = forms.IntegerField(widget=forms.HiddenInput)
    due = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))


class RosterApplicationForm(forms.Form):
    bio = forms.CharField(
        label=_("Short biography"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your experience against trafficking: roles, years, places."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you read well enough to review"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes you know"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    exploitation_forms = forms.ModelMultipleChoiceField(
        label=_("Forms of exploitation you know"),
        queryset=ExploitationForm.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions you know"),
        queryset=Region.objects.filter(parent__isnull=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Organisations you work with as a partner"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        help_text=_("You will never be asked to review their submissions."),
    )
    funders = forms.ModelMultipleChoiceField(
        label=_("Organisations that fund you, or that you fund"),
        queryset=Organization.objects.order_by("name"),
        required=False,
    )
    max_load = forms.IntegerField(
        label=_("How many reviews can you carry at once?"), min_value=1, max_value=20, initial=4
    )
    cv = forms.FileField(label=_("CV (PDF)"), required=False)
    public_directory = forms.BooleanField(
        label=_("List me in the public expert directory once approved"), required=False
    )


class ConflictForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of conflict"), choices=ConflictOfInterest.Kind.choices)
    note = forms.CharField(label=_("Details (optional)"), max_length=300, required=False)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}))


def assignment_proposal_for_form(result, cases) -> dict:
    """The solver's proposal as the call pages show it: ticked pairs "case:reviewer", unfilled cases, a due date."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from reviews.services.cases import DEFAULT_REVIEW_DAYS

    users = get_user_model().objects.in_bulk([reviewer for _case, reviewer in result.pairs])
    titles = {case.pk: case.title for case in cases}
    return {
        "pairs": [
            {
                "case": case_id,
                "title": titles[case_id],
                "reviewer": users[reviewer_id],
                "value": "%s:%s" % (case_id, reviewer_id),
            }
            for case_id, reviewer_id in result.pairs
        ],
        "unfilled": [(titles[case_id], missing) for case_id, missing in result.unfilled.items()],
        "due": timezone.localdate() + timedelta(days=DEFAULT_REVIEW_DAYS),
    }


def assignment_pairs_from_form(data) -> list[tuple[int, int]]:
    """The pairs kept by the editor; a malformed value raises ValueError."""
    return [tuple(int(part) for part in value.split(":", 1)) for value in data.getlist("pair")]
