import io
import logging
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.functional import Promise

from portal.files import ALLOWED_KINDS, MAX_ATTACHMENT_BYTES, UploadRejected, check_upload, extract_text

SENTENCE = "The shelter opened in Rabat with twelve beds"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_pdf(sentence: str = SENTENCE) -> bytes:
    """A one-page PDF written by hand, with the sentence in Helvetica."""
    stream = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % sentence.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def make_docx(sentence: str = SENTENCE, *, header: str = "Confidential draft", macros: bool = False) -> bytes:
    main_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    if macros:
        main_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
    first, second = sentence.split(" with ")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        # The sentence is split across two runs, as Word does after any edit.
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{first}</w:t></w:r>'
            f'<w:r><w:t xml:space="preserve"> with {second}</w:t></w:r></w:p><w:p><w:r><w:t>Second</w:t>'
            "<w:tab/><w:t>paragraph</w:t></w:r></w:p></w:body></w:document>",
        )
        archive.writestr("word/header1.xml", f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>{header}</w:t></w:r></w:p></w:hdr>')
    return buffer.getvalue()


def make_odt(sentence: str = SENTENCE) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ODF wants the mimetype first and stored uncompressed.
        archive.writestr("mimetype", ALLOWED_KINDS["odt"], compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
        first, second = sentence.split(" with ")
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            "<office:automatic-styles/><office:body><office:text>"
            f"<text:h>Title</text:h><text:p>{first}<text:s/><text:span>with</text:span> {second}</text:p>"
            "</office:text></office:body></office:document-content>",
        )
    return buffer.getvalue()


def make_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, make, kind",
    [
        ("report.pdf", make_pdf, "pdf"),
        ("REPORT.PDF", make_pdf, "pdf"),
        ("report.docx", make_docx, "docx"),
        ("report.odt", make_odt, "odt"),
        ("photo.png", make_png, "png"),
        ("photo.jpg", lambda: JPEG, "jpeg"),
        ("photo.jpeg", lambda: JPEG, "jpeg"),
        ("photo.webp", lambda: WEBP, "webp"),
    ],
)
def test_each_allowed_type_is_accepted(name, make, kind):
    file = upload(name, make())

    assert check_upload(file) == kind
    assert kind in ALLOWED_KINDS
    # The caller stores the file next: it must be read from the start again.
    assert file.tell() == 0


def test_too_large_is_refused():
    with pytest.raises(UploadRejected) as refusal:
        check_upload(upload("report.pdf", make_pdf()), max_bytes=100)

    assert refusal.value.code == "too_large"
    assert "100" in str(refusal.value)


def test_a_file_whose_size_is_wrong_is_measured_by_reading():
    file = upload("report.pdf", make_pdf())
    file.size = 10

    with pytest.raises(UploadRejected) as refusal:
        check_upload(file, max_bytes=100)

    assert refusal.value.code == "too_large"


def test_the_default_limit_is_ten_megabytes():
    assert MAX_ATTACHMENT_BYTES == 10 * 1024 * 1024
    big = upload("report.pdf", make_pdf() + b"\n" * MAX_ATTACHMENT_BYTES)

    with pytest.raises(UploadRejected) as refusal:
        check_upload(big)

    assert refusal.value.code == "too_large"


def test_empty_is_refused():
    with pytest.raises(UploadRejected) as refusal:
        check_upload(upload("report.pdf", b""))

    assert refusal.value.code == "empty"


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", make_png()),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 This program cannot be run"),
        ("report.pdf", b"Plain text pretending to be a PDF.\n"),
        ("photo.png", make_pdf()),
        ("report.docx", make_odt()),
        ("report.odt", make_docx()),
        ("report.docx", make_docx(macros=True)),
        ("report.docx", b"PK\x03\x04 not really a zip archive"),
    ],
)
def test_content_that_is_not_what_the_name_says_is_refused(name, content):
    with pytest.raises(UploadRejected) as refusal:
        check_upload(upload(name, content))

    assert refusal.value.code == "type_mismatch"


@pytest.mark.parametrize(
    "name, content",
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("notes.txt", b"Plain text."),
        ("photo.gif", b"GIF89a\x01\x00\x01\x00"),
        ("report", make_pdf()),
    ],
)
def test_types_outside_the_list_are_refused(name, content):
    with pytest.raises(UploadRejected) as refusal:
        check_upload(upload(name, content))

    assert refusal.value.code == "unsupported_type"


def test_the_refusal_is_a_translatable_sentence():
    with pytest.raises(UploadRejected) as refusal:
        check_upload(upload("report.pdf", make_png()))

    assert isinstance(refusal.value.message, Promise)
    assert (
        str(refusal.value)
        == "The file is named as a PDF file but its content is not one. Save it again in that format."
    )
    assert isinstance(refusal.value, ValueError)


@pytest.mark.parametrize("kind, make", [("pdf", make_pdf), ("docx", make_docx), ("odt", make_odt)])
def test_text_is_extracted(kind, make):
    file = upload("report." + kind, make())

    text = extract_text(file, kind)

    assert SENTENCE in " ".join(text.split())
    assert file.tell() == 0


def test_docx_text_keeps_paragraphs_tabs_and_headers():
    text = extract_text(upload("report.docx", make_docx()), "docx")

    assert text.startswith(SENTENCE + "\nSecond\tparagraph\n")
    assert "Confidential draft" in text


def test_odt_text_keeps_headings_and_spaces():
    assert extract_text(upload("report.odt", make_odt()), "odt") == "Title\n" + SENTENCE + "\n"


@pytest.mark.parametrize("kind, make", [("png", make_png), ("jpeg", lambda: JPEG), ("webp", lambda: WEBP)])
def test_images_have_no_text(kind, make):
    assert extract_text(upload("photo." + kind, make()), kind) == ""


def test_text_is_cut_at_max_chars():
    assert extract_text(upload("report.docx", make_docx()), "docx", max_chars=10) == SENTENCE[:10]


@pytest.mark.parametrize(
    "kind, content",
    [
        ("pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\ngarbage\n%%EOF"),
        ("pdf", make_pdf()[:60]),
        ("docx", b"PK\x03\x04 truncated"),
        ("odt", make_odt()[:-40]),
    ],
)
def test_a_corrupt_file_gives_no_text_and_a_warning(kind, content, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.files"):
        assert extract_text(upload("broken." + kind, content), kind) == ""

    assert any(record.name == "portal.files" for record in caplog.records)


def test_a_docx_with_an_entity_bomb_gives_no_text():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", bomb)

    assert extract_text(upload("bomb.docx", buffer.getvalue()), "docx") == ""
