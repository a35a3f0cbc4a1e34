from django.core.files.uploadedfile import SimpleUploadedFile

from portal.taxonomy.models import Country, Theme
from resources.services import resource_create, resource_publish

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="manual.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def new_resource(actor, *, language="ru", files=None, **overrides):
    fields = {
        "kind": "manual",
        "title": "Руководство по выявлению жертв торговли людьми",
        "summary": "Практическое руководство для сотрудников пограничной службы.",
        "authors": "А. Иванова",
        "publication_year": 2021,
        "themes": [Theme.objects.get(slug="victim-services")],
        "countries": [Country.objects.get(code="UA")],
        "audiences": ["criminal_justice"],
        **overrides,
    }
    files = files if files is not None else [{"language": language, "upload": pdf()}]
    return resource_create(actor=actor, original_language=language, files=files, **fields)


def published_resource(editor, **overrides):
    return resource_publish(resource=new_resource(editor, **overrides), actor=editor)
