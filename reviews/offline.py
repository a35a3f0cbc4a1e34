"""The review form as a plain-text file: download it, fill it offline (any editor, any phone), upload it.

Lines are keyed by criterion slugs and the "===" section markers, not by translated words, so a form
downloaded in one language reads back the same whatever the interface language of the upload.
"""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reviews.models import Review

NOT_APPLICABLE = {"n/a", "na", "-"}
SECTIONS = ("comments_to_author", "confidential_comments")


def offline_form(assignment) -> str:
    case = assignment.case
    context = {
        "assignment": assignment,
        "case": case,
        "criteria": list(case.rubric.criteria.all()),
        "levels": list(case.rubric.levels.all()),
        "recommendations": Review.Recommendation.values,
    }
    return render_to_string("reviews/offline_form.txt", context, using="text")


def parse_offline_form(text: str, rubric) -> dict:
    """Scores by criterion id (None for N/A), recommendation and both comments; errors name the line."""
    criteria = {criterion.slug: criterion for criterion in rubric.criteria.all()}
    scores, errors, recommendation = {}, [], ""
    sections = {name: [] for name in SECTIONS}
    current, markers_seen = None, 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.startswith("==="):
            # The first marker opens the comments to the author, the second the confidential ones.
            current = SECTIONS[markers_seen] if markers_seen < len(SECTIONS) else current
            markers_seen += 1
            continue
        if current:
            sections[current].append(raw)
            continue
        if not line.strip() or line.lstrip().startswith("#") or ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.split(" ")[0].lower()
        if key == "recommendation":
            recommendation = value.lower()
            if recommendation and recommendation not in Review.Recommendation.values:
                errors.append(
                    _("Line %(line)s: unknown recommendation “%(value)s”.") % {"line": number, "value": value}
                )
            continue
        if key not in criteria or not value:
            continue
        if value.lower() in NOT_APPLICABLE:
            scores[str(criteria[key].pk)] = None
        elif value.isdigit():
            scores[str(criteria[key].pk)] = int(value)
        else:
            errors.append(_("Line %(line)s: “%(value)s” is not a score.") % {"line": number, "value": value})
    if errors:
        raise ValidationError(errors)
    return {
        "scores": scores,
        "recommendation": recommendation,
        "comments_to_author": "\n".join(sections["comments_to_author"]).strip(),
        "confidential_comments": "\n".join(sections["confidential_comments"]).strip(),
    }
