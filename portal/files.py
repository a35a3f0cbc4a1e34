"""Checks on uploads: the type is read from the content, never taken from the name.

The text of documents is extracted so the safeguarding scan can read attachments as well as the
practice itself. Images are accepted but have no text: an editor must look at them.
"""

import io
import logging
import re
import zipfile
from pathlib import PurePath
from typing import IO, Any
from xml.parsers import expat

import pypdf
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from portal.errors import PayloadTooLarge

logger = logging.getLogger(__name__)

ALLOWED_KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

_KIND_BY_EXTENSION = {
    "pdf": "pdf",
    "docx": "docx",
    "odt": "odt",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "webp": "webp",
}
_KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "odt": "OpenDocument (.odt)",
    "png": "PNG",
    "jpeg": "JPEG",
    "webp": "WebP",
}
_ODT_MIMETYPE = ALLOWED_KINDS["odt"].encode()
# Acrobat accepts a PDF header anywhere in the first kilobyte, and some generators put bytes before it.
_PDF_HEADER_WINDOW = 1024
# A 10 MB document inflates to far less than this; more means a zip bomb.
_MAX_XML_BYTES = 64 * 1024 * 1024
_XML_CHUNK_BYTES = 64 * 1024

_lazy_filesize = lazy(filesizeformat, str)


class UploadRejected(ValueError):
    """An attachment refused before it is stored. `str()` gives the sentence to show the person who sent it,
    in the language active when it is read; `code` says why for code (too_large, unsupported_type,
    type_mismatch, empty)."""

    code: str

    def __init__(self, message: Any, *, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params or {}

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


def checked_upload(file: Any, *, max_bytes: int, check=None) -> str:
    """The file's kind, or the refusal as services raise it: 413 when too large, a field error otherwise."""
    try:
        return (check or check_upload)(file, max_bytes=max_bytes)
    except UploadRejected as rejection:
        if rejection.code == "too_large":
            raise PayloadTooLarge(str(rejection)) from rejection
        raise ValidationError({"file": [str(rejection)]}) from rejection


def save_with_file(instance, upload) -> None:
    """Store the upload and save the row; storage is not transactional, so a row that fails leaves no file."""
    instance.file.save(upload.name, upload, save=False)
    try:
        instance.save()
    except Exception:
        instance.file.delete(save=False)
        raise


def check_upload(file: Any, *, max_bytes: int = MAX_ATTACHMENT_BYTES) -> str:
    """Return the kind of `file` (a key of ALLOWED_KINDS), read from its content, or raise UploadRejected.

    `file` is a Django UploadedFile or File-like object with `name`, `size`, `read()` and `seek()`; it is
    left at position 0.
    """
    size = getattr(file, "size", None)
    if size == 0:
        raise _empty()
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    file.seek(0)
    # One byte past the limit is enough to know a file whose `size` was wrong is too large.
    content = file.read(max_bytes + 1)
    file.seek(0)
    if not content:
        raise _empty()
    if len(content) > max_bytes:
        raise _too_large(max_bytes)

    claimed = _KIND_BY_EXTENSION.get(PurePath(file.name or "").suffix.lower().lstrip("."))
    if claimed is None:
        raise UploadRejected(
            _("Only PDF, Word (.docx), OpenDocument text (.odt), PNG, JPEG and WebP files can be attached."),
            code="unsupported_type",
        )
    if _sniff(content) != claimed:
        raise UploadRejected(
            _("The file is named as a %(kind)s file but its content is not one. Save it again in that format."),
            code="type_mismatch",
            params={"kind": _KIND_LABELS[claimed]},
        )
    return claimed


def extract_text(file: Any, kind: str, *, max_chars: int = 500_000) -> str:
    """Return the text of a pdf, docx or odt attachment, at most `max_chars` of it; "" for images.

    Never raises on a damaged or hostile file: it logs a warning and returns "" instead, so an upload is
    not lost because its text could not be read (an editor still sees the file).
    """
    extractor = _EXTRACTORS.get(kind)
    if extractor is None:
        return ""
    try:
        file.seek(0)
        content = file.read()
        file.seek(0)
        return extractor(content, max_chars)[:max_chars]
    # Parsers of untrusted files fail in many ways (pypdf alone raises a dozen exception types).
    except Exception:
        logger.warning("Could not read the text of %s attachment %r", kind, getattr(file, "name", ""), exc_info=True)
        return ""


def _empty() -> UploadRejected:
    return UploadRejected(_("The file is empty."), code="empty")


def _too_large(max_bytes: int) -> UploadRejected:
    return UploadRejected(
        _("The file is larger than %(limit)s, the most an attachment may be."),
        code="too_large",
        params={"limit": _lazy_filesize(max_bytes)},
    )


def _sniff(content: bytes) -> str | None:
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in content[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        return _sniff_zip(content)
    return None


def _sniff_zip(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                # A macro-enabled document (.docm) renamed .docx is not the harmless type it claims.
                content_types = _read_member(archive, "[Content_Types].xml", 1024 * 1024)
                return None if b"macroEnabled" in content_types else "docx"
            if "mimetype" in names and _read_member(archive, "mimetype", 256).strip() == _ODT_MIMETYPE:
                return "odt"
    # A damaged archive (bad CRC, truncated, encrypted member...) is simply not an office document.
    except Exception:
        return None
    return None


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as member:
        return member.read(limit)


# --- text extraction -----------------------------------------------------------------------------


class _Enough(Exception):
    """Raised inside a parser callback once `max_chars` are collected, to stop reading the file."""


class _Text:
    """Text collected from a document, in reading order; `depth` counts the open elements whose text is kept."""

    def __init__(self, max_chars: int) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.max_chars = max_chars
        self.depth = 0

    def append(self, value: str) -> None:
        self.parts.append(value)
        self.length += len(value)
        if self.length >= self.max_chars:
            raise _Enough

    def __str__(self) -> str:
        return "".join(self.parts)


def _pdf_text(content: bytes, max_chars: int) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        # Many PDFs are encrypted with an empty user password only to forbid editing.
        reader.decrypt("")
    text = _Text(max_chars)
    try:
        for number, page in enumerate(reader.pages, start=1):
            try:
                text.append((page.extract_text() or "") + "\n")
            # One damaged page must not hide the text of the others from the safeguarding scan.
            except _Enough:
                raise
            except Exception:
                logger.warning("Could not read the text of PDF page %s", number, exc_info=True)
    except _Enough:
        pass
    return str(text)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
_DOCX_PARTS_RE = re.compile(r"word/(?:document|footnotes|endnotes|comments|header\d*|footer\d*)\.xml")


class _DocxText(_Text):
    """Text runs of WordprocessingML, deleted ones included: tracked deletions stay in the published file."""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name in (_W + "t", _W + "delText"):
            self.depth += 1
        elif name == _W + "tab":
            self.append("\t")
        elif name in (_W + "br", _W + "cr"):
            self.append("\n")

    def end(self, name: str) -> None:
        if name in (_W + "t", _W + "delText"):
            self.depth -= 1
        elif name == _W + "p":
            self.append("\n")

    def data(self, value: str) -> None:
        if self.depth:
            self.append(value)


def _docx_text(content: bytes, max_chars: int) -> str:
    text = _DocxText(max_chars)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = sorted((n for n in archive.namelist() if _DOCX_PARTS_RE.fullmatch(n)), key=_main_part_first)
        try:
            for name in parts:
                with archive.open(name) as member:
                    _parse_xml(member, text)
        except _Enough:
            pass
    return str(text)


def _main_part_first(name: str) -> tuple[bool, str]:
    return name != "word/document.xml", name


_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0 "
_ODT_CONTAINERS = {_OFFICE + "body"} | {
    _STYLE + part for part in ("header", "footer", "header-left", "footer-left", "header-first", "footer-first")
}


class _OdtText(_Text):
    """Text of the body and of page headers and footers; tracked deletions and comments included."""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name in _ODT_CONTAINERS:
            self.depth += 1
        elif not self.depth:
            return
        elif name == _TEXT + "s":
            count = attrs.get(_TEXT + "c", "1")
            self.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif name == _TEXT + "tab":
            self.append("\t")
        elif name == _TEXT + "line-break":
            self.append("\n")

    def end(self, name: str) -> None:
        if name in _ODT_CONTAINERS:
            self.depth -= 1
        elif self.depth and name in (_TEXT + "p", _TEXT + "h"):
            self.append("\n")

    def data(self, value: str) -> None:
        if self.depth:
            self.append(value)


def _odt_text(content: bytes, max_chars: int) -> str:
    text = _OdtText(max_chars)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        try:
            for name in ("content.xml", "styles.xml"):
                if name in names:
                    with archive.open(name) as member:
                        _parse_xml(member, text)
        except _Enough:
            pass
    return str(text)


def _refuse_dtd(*args: object) -> None:
    raise ValueError("Office documents have no DTD; one here can only be an entity-expansion attack.")


def _parse_xml(member: IO[bytes], text: _DocxText | _OdtText) -> None:
    """Stream one XML part through expat, with DTDs refused and the inflated size capped."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = text.start
    parser.EndElementHandler = text.end
    parser.CharacterDataHandler = text.data
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    read = 0
    while chunk := member.read(_XML_CHUNK_BYTES):
        read += len(chunk)
        if read > _MAX_XML_BYTES:
            raise ValueError("XML part inflates past %s bytes" % _MAX_XML_BYTES)
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


_EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text, "odt": _odt_text}
