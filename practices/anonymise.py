"""Copies of attachments without the metadata that can name who wrote them (double-blind review).

What is removed: PDF document information and XMP; the core and application properties of DOCX and
the meta.xml of ODT (author, company, editing history); text, time and EXIF chunks of PNG; EXIF, XMP,
IPTC and comments of JPEG; EXIF and XMP of WebP. The visible content is left as it is: a name written
in the text is the submitter's responsibility, and the editor's to check.
"""

import io
import struct
import zipfile

import pypdf

_EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>'
)
_EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)
_EMPTY_ODT_META = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2">'
    b"<office:meta/></office:document-meta>"
)
_ZIP_REPLACEMENTS = {
    "docx": {"docProps/core.xml": _EMPTY_CORE, "docProps/app.xml": _EMPTY_APP},
    "odt": {"meta.xml": _EMPTY_ODT_META},
}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_DROPPED = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}
# APP1 (EXIF, XMP), APP13 (IPTC) and COM.
_JPEG_DROPPED = {0xE1, 0xED, 0xFE}
_WEBP_DROPPED = {b"EXIF", b"XMP "}


def without_metadata(content: bytes, kind: str) -> bytes:
    strip = {"pdf": _pdf, "docx": _zip, "odt": _zip, "png": _png, "jpeg": _jpeg, "webp": _webp}[kind]
    return strip(content, kind)


def _pdf(content: bytes, kind: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(content)))
    writer.metadata = None
    writer._root_object.pop("/Metadata", None)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip(content: bytes, kind: str) -> bytes:
    replacements = _ZIP_REPLACEMENTS[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = replacements.get(item.filename) or source.read(item.filename)
            # ODT requires its "mimetype" entry first and stored uncompressed; keep every entry's method.
            target.writestr(item, data, compress_type=item.compress_type)
    return buffer.getvalue()


def _png(content: bytes, kind: str) -> bytes:
    output, position = [_PNG_SIGNATURE], len(_PNG_SIGNATURE)
    while position + 8 <= len(content):
        (length,) = struct.unpack(">I", content[position : position + 4])
        chunk_type = content[position + 4 : position + 8]
        end = position + 12 + length
        if chunk_type not in _PNG_DROPPED:
            output.append(content[position:end])
        position = end
    return b"".join(output)


def _jpeg(content: bytes, kind: str) -> bytes:
    output, position = [content[:2]], 2
    while position + 4 <= len(content) and content[position] == 0xFF:
        marker = content[position + 1]
        if marker == 0xDA:  # start of scan: the image data follows to the end
            break
        (length,) = struct.unpack(">H", content[position + 2 : position + 4])
        end = position + 2 + length
        if marker not in _JPEG_DROPPED:
            output.append(content[position:end])
        position = end
    output.append(content[position:])
    return b"".join(output)


def _webp(content: bytes, kind: str) -> bytes:
    chunks, position = [], 12
    while position + 8 <= len(content):
        chunk_type = content[position : position + 4]
        (length,) = struct.unpack("<I", content[position + 4 : position + 8])
        end = position + 8 + length + (length & 1)
        if chunk_type not in _WEBP_DROPPED:
            chunks.append(content[position:end])
        position = end
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body
