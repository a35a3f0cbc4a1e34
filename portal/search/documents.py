"""What an app hands to the index: plain documents, and one registration per type of content."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Document:
    key: str  # "<type>:<id>", the same for every language of one object
    type: str
    object_id: int
    language: str
    title: str
    path: str  # without the language prefix, e.g. "/practices/12/"
    published: datetime
    original_language: str
    languages: list[str] = field(default_factory=list)
    summary: str = ""
    body: str = ""
    countries: list[int] = field(default_factory=list)
    regions: list[int] = field(default_factory=list)  # beyond those of the countries, which are added
    themes: list[int] = field(default_factory=list)
    exploitation_forms: list[int] = field(default_factory=list)
    target_groups: list[int] = field(default_factory=list)
    sectors: list[int] = field(default_factory=list)
    scope: str = ""


@dataclass(frozen=True)
class ContentType:
    key: str
    label: str  # lazy translation, shown in the type facet
    # Every published object's documents, for a full rebuild of the index.
    all_documents: Callable[[], Iterable[list[Document]]]


_types: dict[str, ContentType] = {}


def register_type(content_type: ContentType) -> None:
    _types[content_type.key] = content_type


def registered_types() -> dict[str, ContentType]:
    return dict(_types)
