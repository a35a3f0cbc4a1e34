from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reviews.models import Review
from reviews.services.assignments import assignment_create
from tests.factories import ReviewerProfileFactory, review_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(editor, owner_callback):
    return assignment_create(
        case=review_case(),
        reviewer=ReviewerProfileFactory().user,
        due=timezone.localdate() + timedelta(days=9),
        actor=editor,
    )


def fill(form: str, scores: dict, recommendation: str) -> str:
    lines = []
    for line in form.splitlines():
        key = line.split(":")[0]
        if key in scores:
            line = "%s: %s" % (key, scores[key])
        elif key == "recommendation":
            line = "recommendation: %s" % recommendation
        lines.append(line)
    text = "\n".join(lines)
    first, second = text.index("==="), text.rindex("===")
    author_end = text.index("\n", first)
    confidential_end = text.index("\n", second) if "\n" in text[second:] else len(text)
    return (
        text[: author_end + 1]
        + "Strong evidence; add the 2023 figures.\n"
        + text[author_end + 1 : confidential_end + 1]
        + "I know the director.\n"
        + text[confidential_end + 1 :]
    )


def test_download_fill_offline_and_upload_becomes_a_draft(client, password, assignment):
    client.login(username=assignment.reviewer.email, password=password)
    response = client.get("/en/reviews/%s/offline/" % assignment.pk)
    assert response["Content-Disposition"] == 'attachment; filename="review-%s.txt"' % assignment.pk
    form = response.content.decode()
    assert "relevance:" in form and "innovation:" in form and "N/A allowed" in form
    slugs = [criterion.slug for criterion in assignment.case.rubric.criteria.all()]
    filled = fill(form, dict.fromkeys(slugs, 4) | {"innovation": "N/A"}, "minor_revision")
    response = client.post(
        "/en/reviews/%s/offline/upload/" % assignment.pk, {"form": SimpleUploadedFile("review.txt", filled.encode())}
    )
    assert response.status_code == 302
    review = Review.objects.get(assignment=assignment)
    assert (review.state, review.recommendation, review.score) == ("draft", "minor_revision", 4)
    assert review.comments_to_author == "Strong evidence; add the 2023 figures."
    assert review.confidential_comments == "I know the director."
    assert review.scores.get(criterion__slug="innovation").value is None


def test_a_bad_line_is_reported_with_its_number_and_nothing_is_saved(client, password, assignment):
    client.login(username=assignment.reviewer.email, password=password)
    form = client.get("/en/reviews/%s/offline/" % assignment.pk).content.decode()
    broken = form.replace("relevance: ", "relevance: excellent")
    response = client.post(
        "/en/reviews/%s/offline/upload/" % assignment.pk,
        {"form": SimpleUploadedFile("r.txt", broken.encode())},
        follow=True,
    )
    assert "is not a score" in response.content.decode() and "Line " in response.content.decode()
    assert not Review.objects.exists()
