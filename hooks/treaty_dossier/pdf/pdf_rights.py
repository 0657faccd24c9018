"""The licence in a compiled PDF's XMP metadata, which Typst cannot write itself.

Typst 0.15's ``set document`` writes title, author, description, keywords and date, but no
rights. So after compiling, the XMP packet gets ``dc:rights`` (the statement),
``xmpRights:Marked`` (true: the document is under a licence) and ``xmpRights:WebStatement`` (the
licence's address), as XMP's rights schema has them. The new metadata stream is appended as an
incremental update (ISO 32000-1, 7.5.6: the object again under its own number, a cross-reference
section for it alone, a trailer pointing back with ``/Prev``), so every byte Typst wrote (tags,
fonts, the PDF/UA-1 identification) stays as it was. pypdf reads the catalog and serialises the
objects; its own incremental writer would parse every object of the file first (0.7 s for the
dossier's PDF instead of a few milliseconds). The XML is edited with lxml's element API, so the
statement is only ever element text.
"""

from __future__ import annotations

import io
import re

import pypdf
from lxml import etree
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject, StreamObject

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def xmp_with_rights(xmp: bytes, statement: str, url: str) -> bytes | None:
    """The XMP packet with the rights properties set on its first ``rdf:Description`` (replacing any);
    ``None`` for a packet without one (Typst always writes one)."""
    root = etree.fromstring(xmp, etree.XMLParser(remove_blank_text=False, resolve_entities=False))
    description = root.find(f".//{{{RDF}}}Description")
    if description is None:
        return None
    for tag in (f"{{{DC}}}rights", f"{{{XMP_RIGHTS}}}Marked", f"{{{XMP_RIGHTS}}}WebStatement"):
        for old in description.findall(tag):
            description.remove(old)
    rights = etree.SubElement(description, f"{{{DC}}}rights", nsmap={"dc": DC})
    item = etree.SubElement(etree.SubElement(rights, f"{{{RDF}}}Alt"), f"{{{RDF}}}li")
    item.set(XML_LANG, "x-default")
    item.text = statement
    etree.SubElement(description, f"{{{XMP_RIGHTS}}}Marked", nsmap={"xmpRights": XMP_RIGHTS}).text = "True"
    etree.SubElement(description, f"{{{XMP_RIGHTS}}}WebStatement", nsmap={"xmpRights": XMP_RIGHTS}).text = url
    return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=False)  # keeps the xpacket wrapper


def with_rights(pdf: bytes, statement: str, url: str) -> bytes | None:
    """``pdf`` with the licence added to its XMP metadata, as an incremental update: nothing else changes.
    ``None`` when the PDF has no classic cross-reference table or XMP packet to update (Typst writes both)."""
    last = _STARTXREF.search(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    ref = reader.root_object.raw_get("/Metadata") if "/Metadata" in reader.root_object else None
    old = ref.get_object() if isinstance(ref, IndirectObject) else None
    xmp = xmp_with_rights(old.get_data(), statement, url) if isinstance(old, StreamObject) else None
    if last is None or xmp is None or not isinstance(ref, IndirectObject):
        return None
    stream = StreamObject()
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    stream.set_data(xmp)  # uncompressed, as XMP should be
    kept = [k for k in reader.trailer if k not in ("/Prev", "/XRefStm")]  # Size, Root, Info, ID: as before
    trailer = DictionaryObject({NameObject(k): reader.trailer.raw_get(k) for k in kept})
    trailer[NameObject("/Prev")] = NumberObject(int(last[1]))
    out = io.BytesIO()
    out.write(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offset = out.tell()
    out.write(f"{ref.idnum} {ref.generation} obj\n".encode())
    stream.write_to_stream(out)
    out.write(b"\nendobj\n")
    xref = out.tell()
    # The head of the free list first (as in the file's first section, so readers see a zero-indexed table), then the
    # stream; each entry is 20 bytes.
    out.write(f"xref\n0 1\n0000000000 65535 f\r\n{ref.idnum} 1\n{offset:010d} {ref.generation:05d} n\r\ntrailer\n".encode())
    trailer.write_to_stream(out)
    out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
