"""Demo resources and a discussion for `seed_demo` (paraphrased from the source documents, never quoted).

Idempotent: a resource whose original title exists, or a thread whose subject exists, is left alone.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from network.models import Thread
from network.services import post_add, thread_start
from portal.accounts.models import Organization, User
from portal.taxonomy.models import Country, ExploitationForm, Theme
from practices.models import Practice
from resources.models import Resource
from resources.services import resource_create, resource_publish
from reviews.models import ReviewerProfile

EDITOR = "editor@portal.example"
MANUAL_TITLE = "Руководство по выявлению и защите жертв торговли людьми на границе"
THREAD_TITLE = "How did you recruit the volunteer committee members?"


def _pdf(title: str) -> SimpleUploadedFile:
    """A minimal valid PDF holding the title, so the file type check passes."""
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% " + title.encode("utf-8") + b"\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile("resource.pdf", body, content_type="application/pdf")


RESOURCES = [
    {
        "kind": "manual",
        "language": "ru",
        "title": MANUAL_TITLE,
        "summary": (
            "Практическое руководство для пограничников и социальных работников: признаки торговли людьми, "
            "первичное собеседование, направление к службам помощи и защита персональных данных."
        ),
        "authors": "Safe Passage Ukraine",
        "publisher": "Safe Passage Ukraine",
        "publication_year": 2022,
        "countries": ["UA", "PL", "MD"],
        "themes": ["victim-services"],
        "audiences": ["criminal_justice", "social_services"],
        "licence": "cc_by",
        "organization": "Safe Passage Ukraine",
        "file": True,
    },
    {
        "kind": "model_law",
        "language": "en",
        "title": "Model provisions on the non-punishment of trafficked persons",
        "summary": "Commented model provisions that spare victims punishment for offences they were compelled to commit.",
        "publisher": "Counter-Trafficking Knowledge Portal",
        "publication_year": 2020,
        "countries": [],
        "themes": [],
        "audiences": ["parliamentarians", "criminal_justice"],
        "licence": "public_domain",
        "url": "https://example.org/model-provisions-non-punishment",
    },
    {
        "kind": "research",
        "language": "fr",
        "title": "Le travail forcé dans la pêche : état des connaissances",
        "summary": "Synthèse des recherches sur le travail forcé à bord des navires de pêche et des réponses des États.",
        "authors": "Institute for Research on Forced Labour",
        "publication_year": 2023,
        "countries": ["TH"],
        "themes": [],
        "audiences": ["researchers", "employers"],
        "licence": "cc_by_nc",
        "organization": "Institute for Research on Forced Labour",
        "url": "https://example.org/peche-travail-force",
    },
]


def seed_resources() -> None:
    editor = User.objects.filter(email=EDITOR).first()
    if editor is None:
        return
    for item in RESOURCES:
        if Resource.objects.filter(**{"title_%s" % item["language"].replace("-", "_"): item["title"]}).exists():
            continue
        upload = {"language": item["language"], "upload": _pdf(item["title"])} if item.get("file") else None
        files = [upload] if upload else [{"language": item["language"], "url": item["url"]}]
        resource = resource_create(
            actor=editor,
            original_language=item["language"],
            kind=item["kind"],
            files=files,
            title=item["title"],
            summary=item["summary"],
            authors=item.get("authors", ""),
            publisher=item.get("publisher", ""),
            publication_year=item["publication_year"],
            countries=list(Country.objects.filter(code__in=item["countries"])),
            themes=list(Theme.objects.filter(slug__in=item["themes"])),
            exploitation_forms=list(ExploitationForm.objects.filter(slug="forced-labour"))
            if item["kind"] == "research"
            else [],
            audiences=item["audiences"],
            licence=item["licence"],
        )
        if item.get("organization"):
            resource.organization = Organization.objects.filter(name=item["organization"]).first()
            resource.save(update_fields=["organization"])
        resource_publish(resource=resource, actor=editor)
    ReviewerProfile.objects.filter(state="approved").update(public_directory=True)
    _discussion()


def _discussion() -> None:
    if Thread.objects.filter(title=THREAD_TITLE).exists():
        return
    practice = Practice.objects.published().select_related("organization").order_by("published_at").first()
    asker = User.objects.filter(email="reviewer2@experts.example").first()
    if practice is None or asker is None:
        return
    thread = thread_start(
        item=practice,
        actor=asker,
        title=THREAD_TITLE,
        body="We would like to start similar committees. How did you find and train the first volunteers?",
        language="en",
    )
    member = User.objects.filter(memberships__organization=practice.organization).first()
    if member is not None:
        post_add(
            thread=thread,
            actor=member,
            body="Through the village councils: each named two people, and we trained them over three weekends.",
            language="en",
        )
