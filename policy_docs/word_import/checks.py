"""Checks on an uploaded file before any of it is parsed: size, format, damage, password,
macros, zip bombs and, through `limits`, what its XML holds. Each refusal is one sentence that
says what to do."""

import io
import zipfile
import zlib
from dataclasses import dataclass

import msoffcrypto
from django.utils.translation import gettext as _
from lxml import etree

from .errors import WordImportError, damaged
from .limits import ImportLimits, check_limits

MAX_FILE_BYTES = 20 * 1024 * 1024
# Limits on what the zip directory declares, checked before anything is unpacked. Python's
# zipfile never inflates an entry beyond its declared size, so they bound the work as well.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 2000
MAX_RATIO = 100  # Word's XML packs about 10:1, a zip bomb about 1000:1
RATIO_CHECKED_ABOVE = 1024 * 1024

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}
MACRO_MAIN_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
OFFICE_DOCUMENT_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
PACKAGE_NS = {
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
# Word never writes a DTD: one is refused outright (limits.check_limits), and entities are
# never resolved.
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass
class DocxPackage:
    """The XML parts of a checked .docx file (pictures are never unpacked), the name of its main
    document part and the content types of its parts."""

    parts: dict[str, bytes]
    main: str
    content_types: dict[str, str]

    def part_of_type(self, content_type: str) -> bytes | None:
        name = next((n for n, t in self.content_types.items() if t == content_type), None)
        return self.parts.get(name) if name else None


def _not_docx() -> WordImportError:
    return WordImportError(
        _(
            "This is not a Word document (.docx). Open it in Word, save it as a Word document "
            "(.docx) and upload that."
        )
    )


def _password_protected() -> WordImportError:
    return WordImportError(
        _(
            "The document is protected by a password. In Word, remove the password (File › Info "
            "› Protect Document), save the document and upload it again."
        )
    )


def _macros() -> WordImportError:
    return WordImportError(
        _(
            "The document contains macros (a .docm file), which are not accepted. In Word, save "
            "it as a Word document (.docx) without macros and upload that."
        )
    )


def _zip_bomb() -> WordImportError:
    return WordImportError(
        _(
            "The file unpacks to far more data than a Word document holds, so it was refused as "
            "unsafe. Save it again from Word and upload the new file."
        )
    )


def parse_xml(data: bytes):
    """An XML part, parsed without DTDs or entities; a part that is not XML is damage."""
    try:
        return etree.fromstring(data, parser=_XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise damaged() from error


def _too_large() -> WordImportError:
    return WordImportError(
        _(
            "The file is larger than %(size)d MB. Pictures are not imported anyway: remove "
            "or compress them in Word and upload the smaller file."
        )
        % {"size": MAX_FILE_BYTES // (1024 * 1024)}
    )


def read_upload(file) -> bytes:
    """The bytes of an uploaded or opened file, refused when empty or over the size limit
    (reading stops just past the limit)."""
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large()
    if not data:
        raise WordImportError(_("The file is empty."))
    return data


def _refuse_pdf() -> None:
    raise WordImportError(
        _(
            "This is a PDF file, not a Word document (.docx). Upload the Word document the "
            "PDF was made from."
        )
    )


def check_upload(file) -> None:
    """What the web request checks before it queues an import: the size and the first bytes
    only. Anything that needs the file unpacked or parsed is left to the worker."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise _too_large()
    file.seek(0)
    head = file.read(len(OLE_SIGNATURE))
    file.seek(0)
    if not head:
        raise WordImportError(_("The file is empty."))
    if head.startswith(b"%PDF-"):
        _refuse_pdf()
    if not head.startswith((ZIP_SIGNATURE, OLE_SIGNATURE)):
        raise _not_docx()


def _refuse_ole_file(data: bytes) -> None:
    """A password-protected .docx is an OLE compound file holding an EncryptedPackage stream;
    so are old .doc files, protected or not."""
    try:
        encrypted = msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
    except Exception:  # a compound file msoffcrypto cannot read is refused below all the same
        encrypted = False
    if encrypted:
        raise _password_protected()
    raise WordImportError(
        _(
            "This is an old-style Word document (.doc, Word 97–2003) or another older Office "
            "file. Open it in Word, save it as a Word document (.docx) and upload that."
        )
    )


def _check_zip_directory(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_PARTS or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise _zip_bomb()
    for entry in entries:
        if entry.flag_bits & 0x1:  # a password on the zip itself
            raise _password_protected()
        if entry.file_size > RATIO_CHECKED_ABOVE and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise _zip_bomb()
    if any(name.lower().endswith("vbaproject.bin") for name in archive.namelist()):
        raise _macros()


def _xml_part_names(archive: zipfile.ZipFile) -> list[str]:
    return [
        entry.filename
        for entry in archive.infolist()
        if not entry.is_dir() and entry.filename.lower().endswith((".xml", ".rels"))
    ]


def _read_xml_parts(archive: zipfile.ZipFile, names: list[str]) -> dict[str, bytes]:
    parts = {}
    for name in names:
        try:
            parts[name] = archive.read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
            raise damaged() from error
    return parts


def _main_part(parts: dict[str, bytes]) -> tuple[str, dict[str, str]]:
    """The main document part, found as mammoth finds it, and the content types."""
    if "[Content_Types].xml" not in parts:
        raise _not_docx()
    types = {
        override.get("PartName", "").lstrip("/"): override.get("ContentType", "")
        for override in parse_xml(parts["[Content_Types].xml"]).iterfind("ct:Override", PACKAGE_NS)
    }
    main = "word/document.xml"
    if "_rels/.rels" in parts:
        for relationship in parse_xml(parts["_rels/.rels"]).iterfind(
            "rel:Relationship", PACKAGE_NS
        ):
            if relationship.get("Type") == OFFICE_DOCUMENT_REL:
                main = relationship.get("Target", main).lstrip("/")
    if types.get(main) in MACRO_MAIN_TYPES:
        raise _macros()
    if main not in parts:
        raise damaged()
    if types.get(main) not in WORD_MAIN_TYPES:
        raise _not_docx()
    return main, types


def check_docx(data: bytes, limits: ImportLimits | None = None) -> DocxPackage:
    """Refuse anything that is not a plain, readable .docx before any of it is parsed: other
    formats (PDF, old .doc, text), damaged files, passwords, macros, zip bombs, and documents
    whose XML holds more than `limits` (by default the settings') or a DTD."""
    if data.startswith(OLE_SIGNATURE):
        _refuse_ole_file(data)
    if data.startswith(b"%PDF-"):
        _refuse_pdf()
    if not data.startswith(ZIP_SIGNATURE):
        raise _not_docx()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise damaged() from error
    with archive:
        _check_zip_directory(archive)
        names = _xml_part_names(archive)
        check_limits(archive, names, limits or ImportLimits.from_settings())
        parts = _read_xml_parts(archive, names)
    main, types = _main_part(parts)
    return DocxPackage(parts=parts, main=main, content_types=types)
