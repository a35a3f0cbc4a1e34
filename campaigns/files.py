"""Checks on campaign material files: the type is read from the content, never taken from the name."""

from pathlib import PurePath
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from portal.files import UploadRejected

ALLOWED_KINDS = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
    "mp4": "video/mp4",
    "webm": "video/webm",
}
_KIND_BY_EXTENSION = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "webp": "webp",
    "mp3": "mp3",
    "ogg": "ogg",
    "oga": "ogg",
    "wav": "wav",
    "mp4": "mp4",
    "m4v": "mp4",
    "webm": "webm",
}
_PDF_HEADER_WINDOW = 1024
_lazy_filesize = lazy(filesizeformat, str)


def check_material_file(file: Any, *, max_bytes: int) -> str:
    """Return the kind of `file` (a key of ALLOWED_KINDS) read from its first bytes, or raise UploadRejected."""
    size = getattr(file, "size", None)
    if size == 0:
        raise UploadRejected(_("The file is empty."), code="empty")
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    file.seek(0)
    head = file.read(max_bytes + 1)
    file.seek(0)
    if not head:
        raise UploadRejected(_("The file is empty."), code="empty")
    if len(head) > max_bytes:
        raise _too_large(max_bytes)
    claimed = _KIND_BY_EXTENSION.get(PurePath(file.name or "").suffix.lower().lstrip("."))
    if claimed is None:
        raise UploadRejected(
            _(
                "Materials can be PDF, PNG, JPEG, WebP, MP3, OGG, WAV, MP4 or WebM files; for anything else give a link."
            ),
            code="unsupported_type",
        )
    if sniff(head) != claimed:
        raise UploadRejected(
            _("The file is named as a %(kind)s file but its content is not one. Save it again in that format."),
            code="type_mismatch",
            params={"kind": claimed.upper()},
        )
    return claimed


def _too_large(max_bytes: int) -> UploadRejected:
    return UploadRejected(
        _("The file is larger than %(limit)s, the most a material file may be; give a link instead."),
        code="too_large",
        params={"limit": _lazy_filesize(max_bytes)},
    )


def sniff(content: bytes) -> str | None:
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    if content[:4] == b"RIFF" and content[8:12] == b"WAVE":
        return "wav"
    if content.startswith(b"OggS"):
        return "ogg"
    if content.startswith(b"ID3") or (len(content) > 1 and content[0] == 0xFF and content[1] & 0xE0 == 0xE0):
        return "mp3"
    if content[4:8] == b"ftyp":
        return "mp4"
    if content.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if b"%PDF-" in content[:_PDF_HEADER_WINDOW]:
        return "pdf"
    return None
