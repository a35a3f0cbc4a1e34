import io
import struct
import zipfile
import zlib

import pypdf

from portal.files import check_upload, extract_text
from practices.anonymise import without_metadata


class Upload(io.BytesIO):
    def __init__(self, content, name):
        super().__init__(content)
        self.name, self.size = name, len(content)


def test_pdf_loses_its_author_but_keeps_its_pages():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Amina of Collectif Atlas", "/Creator": "Word"})
    buffer = io.BytesIO()
    writer.write(buffer)
    clean = without_metadata(buffer.getvalue(), "pdf")
    assert b"Amina" not in clean
    assert len(pypdf.PdfReader(io.BytesIO(clean)).pages) == 1


def docx(author: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>'
            % text,
        )
        archive.writestr(
            "docProps/core.xml", "<cp:coreProperties><dc:creator>%s</dc:creator></cp:coreProperties>" % author
        )
        archive.writestr("docProps/app.xml", "<Properties><Company>%s</Company></Properties>" % author)
    return buffer.getvalue()


def test_docx_loses_creator_and_company_but_keeps_its_text():
    clean = without_metadata(docx("Collectif Atlas", "Trois refuges ouverts."), "docx")
    assert b"Collectif Atlas" not in b"".join(
        zipfile.ZipFile(io.BytesIO(clean)).read(name) for name in zipfile.ZipFile(io.BytesIO(clean)).namelist()
    )
    upload = Upload(clean, "report.docx")
    assert check_upload(upload) == "docx"
    assert "Trois refuges ouverts." in extract_text(upload, "docx")


def png_with_text() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Author\x00Amina")
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_png_loses_its_text_chunks():
    clean = without_metadata(png_with_text(), "png")
    assert b"Amina" not in clean and b"IDAT" in clean and clean.endswith(b"IEND\xaeB`\x82")


def test_jpeg_loses_exif_and_comments():
    exif = b"\xff\xe1" + struct.pack(">H", 2 + 12) + b"Exif\x00\x00Amina!"
    comment = b"\xff\xfe" + struct.pack(">H", 2 + 5) + b"Omar!"
    quant = b"\xff\xdb" + struct.pack(">H", 2 + 3) + b"\x00\x01\x02"
    jpeg = b"\xff\xd8" + exif + comment + quant + b"\xff\xda\x00\x02IMAGEDATA\xff\xd9"
    clean = without_metadata(jpeg, "jpeg")
    assert clean == b"\xff\xd8" + quant + b"\xff\xda\x00\x02IMAGEDATA\xff\xd9"


def test_webp_loses_exif_and_keeps_a_valid_riff_size():
    def chunk(kind, data):
        return kind + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")

    body = b"WEBP" + chunk(b"VP8X", b"\x00" * 10) + chunk(b"VP8 ", b"frame") + chunk(b"EXIF", b"Amina")
    webp = b"RIFF" + struct.pack("<I", len(body)) + body
    clean = without_metadata(webp, "webp")
    assert b"Amina" not in clean and b"frame" in clean
    assert struct.unpack("<I", clean[4:8])[0] == len(clean) - 8
