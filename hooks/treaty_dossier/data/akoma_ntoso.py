"""Each treaty as an Akoma Ntoso 3.0 (OASIS LegalDocML) document, written with lxml's element API.

The document is an ``act`` named ``treaty`` with:

- FRBR Work (the treaty: signature date, the parties as authors, work IRI
  ``/akn/int/act/treaty/<signed>/<treaty-id>``; FRBRcountry ``int``, since an
  agreement between states has no single country), Expression (the project's
  English working translation, dated by the edition) and Manifestation (this
  XML file, dated by the edition);
- the parties (``TLCOrganization``) and the dates (signature, entry into force)
  in the references and the preface; the status and the working-translation
  notice stated in the preface;
- the preamble, articles and numbered paragraphs with the page's ids as
  ``eId``; a clause whose wording rests on summaries only carries ``status="incomplete"``
  and a ``noteRef`` to an editorial note saying what could not be checked; a clause
  with a ``checked:`` record has a note saying what it was checked against and its
  status, and those copies are ``TLCReference`` entries (``name="checkedAgainst"``);
- every annotation as an editorial ``note`` (its sanitised text) in ``meta``,
  referenced by a ``noteRef`` at the end of the clause it annotates;
- the licence: Dublin Core ``dcterms:license`` (its IRI) and ``dc:rights`` (the statement) in
  ``meta/proprietary``, the schema's open container for metadata of other vocabularies, and the
  statement again in the preface.

Contributor text only ever becomes element text or attribute values: lxml escapes it.
"""

from __future__ import annotations

from collections.abc import Callable

import markdown
from lxml import etree, html

from ..content import clause_evidence
from ..content.annotations import Annotation
from ..content.dossier import Dossier
from ..content.licences import CONTENT, statement
from ..content.treaties import Clause, Treaty
from .clause_text import span_plain
from .context import FOLDER, ExportContext

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
PROJECT = "#project"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"


def path_of(treaty: Treaty) -> str:
    return f"{FOLDER}/akn/{treaty.id}.xml"


def _e(tag: str, parent: etree._Element | None = None, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.Element(f"{{{NS}}}{tag}", nsmap={None: NS}) if parent is None else etree.SubElement(parent, f"{{{NS}}}{tag}")
    for key, value in attrs.items():
        el.set(key.rstrip("_").replace("__", ":"), value)
    if text is not None:
        el.text = text
    return el


def _party_id(index: int) -> str:
    return f"party_{index + 1}"


def note_text(body_html: str) -> list[str]:
    """The paragraphs of a note's sanitised HTML, as plain text (markup is not carried into the XML)."""
    if not body_html.strip():
        return []
    root = html.fragment_fromstring(body_html, create_parent="div")
    blocks = [" ".join(el.text_content().split()) for el in root if isinstance(el.tag, str)]
    return [b for b in blocks if b] or [" ".join(root.text_content().split())]


def document(
    treaty: Treaty,
    dossier: Dossier,
    ctx: ExportContext,
    body_of: Callable[[Annotation], str],
    numbers: dict[str, int] | None = None,
) -> bytes:
    """The Akoma Ntoso XML of one treaty; ``body_of`` gives each note's sanitised HTML, ``numbers``
    each note's footnote number on the site (default: in clause order)."""
    order = _notes_in_order(treaty, dossier)
    numbers = numbers or {a.id: n for n, a in enumerate(order, 1)}
    meta_ = treaty.meta
    signed = meta_["signed"]["date"].isoformat()
    work = f"/akn/int/act/treaty/{signed}/{treaty.id}"
    edition_day = ctx.edition.day or signed
    expression = f"{work}/eng@{edition_day}"
    root = _e("akomaNtoso")
    act = _e("act", root, name="treaty", contains="singleVersion")
    meta = _e("meta", act)
    ident = _e("identification", meta, source=PROJECT)
    frbr = _e("FRBRWork", ident)
    _e("FRBRthis", frbr, value=f"{work}/!main")
    _e("FRBRuri", frbr, value=work)
    _e("FRBRdate", frbr, date=signed, name="signature")
    for i, _party in enumerate(meta_["parties"]):
        _e("FRBRauthor", frbr, href=f"#{_party_id(i)}", as_="#party")
    _e("FRBRcountry", frbr, value="int")
    _e("FRBRname", frbr, value=treaty.meta["title"])
    exp = _e("FRBRExpression", ident)
    _e("FRBRthis", exp, value=f"{expression}/!main")
    _e("FRBRuri", exp, value=expression)
    translated = treaty.working_translation
    _e("FRBRdate", exp, date=edition_day, name="workingTranslation" if translated else "authenticText")
    _e("FRBRauthor", exp, href=PROJECT, as_="#translator" if translated else "#editor")  # the schema wants one
    _e("FRBRauthoritative", exp, value="false" if translated else "true")
    _e("FRBRlanguage", exp, language="eng")
    for lang in meta_["authentic_languages"] if translated else ():
        _e("FRBRtranslation", exp, fromLanguage=lang, href=work, by=PROJECT)
    man = _e("FRBRManifestation", ident)
    _e("FRBRthis", man, value=f"{expression}/!main.xml")
    _e("FRBRuri", man, value=f"{expression}.akn")
    _e("FRBRdate", man, date=edition_day, name="generation")
    _e("FRBRauthor", man, href=PROJECT)
    _e("FRBRformat", man, value="application/akn+xml")
    refs = _e("references", meta, source=PROJECT)
    _e("TLCOrganization", refs, eId="project", href="/ontology/organization/treaty-annotations", showAs=ctx.site_name)
    for i, party in enumerate(meta_["parties"]):
        _e("TLCOrganization", refs, eId=_party_id(i), href=f"/ontology/organization/{_party_id(i)}", showAs=party)
    _e("TLCRole", refs, eId="party", href="/ontology/role/party", showAs="Party")
    _e("TLCRole", refs, eId="translator", href="/ontology/role/translator", showAs="Translator")
    _e("TLCRole", refs, eId="editor", href="/ontology/role/editor", showAs="Editor")
    _e("TLCEvent", refs, eId="signature", href="/ontology/event/signature", showAs="Signature")
    _e("TLCEvent", refs, eId="entryIntoForce", href="/ontology/event/entryIntoForce", showAs="Entry into force")
    for sid in dict.fromkeys(c.source for e in treaty.evidence.values() for c in e.checked):
        source = dossier.sources.get(sid)
        if source is not None:  # the copies the clauses were checked against
            href = source.url or ctx.page(source.src_uri)
            _e("TLCReference", refs, eId=f"source_{sid.replace('-', '_')}", href=href, showAs=source.label, name="checkedAgainst")
    _notes(meta, treaty, dossier, body_of, numbers)
    _licence(meta, ctx)
    _preface(act, treaty, ctx)
    _clauses(act, treaty, dossier, numbers)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _notes(
    meta: etree._Element, treaty: Treaty, dossier: Dossier, body_of: Callable[[Annotation], str], numbers: dict[str, int]
) -> None:
    notes = _e("notes", meta, source=PROJECT)
    basis = _e("note", notes, eId="note_text_basis", class_="workingTranslation")
    for text in note_text(markdown.markdown(treaty.meta["text_basis"])):  # maintainers' Markdown, as plain text
        _e("p", basis, text=text)
    for cid, why in treaty.unverified().items():
        note = _e("note", notes, eId=f"note_unverified_{cid}", class_="unverified")
        _e("p", note, text=f"Wording not verified: {why}")
    for cid, entry in treaty.evidence.items():
        note = _e("note", notes, eId=f"note_checked_{cid}", class_=f"checked {entry.status}")
        _e("p", note, text=clause_evidence.checked_sentence(entry, dossier.sources))
    for ann in sorted(_notes_in_order(treaty, dossier), key=lambda a: numbers.get(a.id, 0)):
        note = _e("note", notes, eId=_note_id(ann), marker=str(numbers.get(ann.id, "")), class_=f"annotation {ann.kind}")
        for text in note_text(body_of(ann)) or [""]:
            _e("p", note, text=text)
        _e("p", note, text=f"By {ann.author}. Sources: {'; '.join(s.label for s in dossier.sources_of(ann))}.")


def _licence(meta: etree._Element, ctx: ExportContext) -> None:
    """The licence as Dublin Core in ``proprietary`` (after ``notes``, as the schema orders ``meta``)."""
    own = _e("proprietary", meta, source=PROJECT)
    licence = etree.SubElement(own, f"{{{DCTERMS}}}license", nsmap={"dcterms": DCTERMS})
    licence.text = CONTENT.url
    rights = etree.SubElement(own, f"{{{DC}}}rights", nsmap={"dc": DC})
    rights.text = statement(ctx.site_name)


def _note_id(ann: Annotation) -> str:
    return "note_" + ann.id.replace("/", "__").replace("-", "_")


def _notes_in_order(treaty: Treaty, dossier: Dossier) -> list[Annotation]:
    return [a for cid in treaty.clauses for a in dossier.notes_by_clause.get(f"{treaty.id}/{cid}", [])]


def _preface(act: etree._Element, treaty: Treaty, ctx: ExportContext) -> None:
    meta = treaty.meta
    preface = _e("preface", act)
    _e("docTitle", _e("p", preface), text=meta["title"])
    parties = _e("p", preface, text="Parties: ")
    for i, party in enumerate(meta["parties"]):
        el = _e("party", parties, text=party, refersTo=f"#{_party_id(i)}", as_="#party")
        el.tail = "; " if i < len(meta["parties"]) - 1 else None
    signed = _e("p", preface, text="Signed at ")
    place = _e("location", signed, text=meta["signed"]["place"], refersTo="#signature_place")
    place.tail = ", "
    _e("docDate", signed, text=meta["signed"]["date"].isoformat(), date=meta["signed"]["date"].isoformat(), refersTo="#signature")
    if meta.get("in_force"):
        day = meta["in_force"].isoformat()
        _e("docDate", _e("p", preface, text="In force from "), text=day, date=day, refersTo="#entryIntoForce")
    _e("docStatus", _e("p", preface, text="Status: "), text=meta["status"])
    notice = _e("p", preface, class_="workingTranslation")
    notice.text = (
        f"The text below is {ctx.site_name}'s own English working translation, not an authentic text; "
        if treaty.working_translation
        else "The text below is an authentic English text of the treaty; "
    ) + f"the authentic languages are {', '.join(meta['authentic_languages'])}. How it was established: "
    ref = _e("noteRef", notice, href="#note_text_basis", marker="*")
    ref.tail = None
    counts = clause_evidence.counts_sentence(treaty.evidence)
    if counts:
        _e("p", preface, class_="checked", text=f"Checked: {counts}")
    unverified = treaty.unverified()
    if unverified:
        labels = ", ".join(treaty.clauses[c].label for c in unverified)
        _e("p", preface, class_="unverified", text=f'Not yet verified: {labels}; each is marked status="incomplete".')
    _e("p", preface, class_="licence", text=statement(ctx.site_name))


def _clauses(act: etree._Element, treaty: Treaty, dossier: Dossier, numbers: dict[str, int]) -> None:
    tops = [c for c in treaty.clauses.values() if not c.parent]
    children: dict[str, list[Clause]] = {}
    for c in treaty.clauses.values():
        if c.parent:
            children.setdefault(c.parent, []).append(c)
    preamble = next((c for c in tops if c.id == "preamble"), None)
    if preamble is not None:
        el = _e("preamble", act, eId="preamble")
        _mark(el, treaty, preamble)
        for text in _paragraphs(preamble, preamble.spans) or [""]:
            last = _e("p", el, text=text)
        _refs(last, treaty, dossier, preamble, numbers)
    body = _e("body", act)
    for clause in tops:
        if clause is preamble:
            continue
        tag = "article" if clause.id.startswith("art_") else "hcontainer"
        el = _e(tag, body, eId=clause.id, **({} if tag == "article" else {"name": "clause"}))
        _mark(el, treaty, clause)
        heading = _e("heading", el, text=clause.heading or clause.label)
        subs = children.get(clause.id, [])
        if not subs:
            content = _e("content", el)
            for text in _paragraphs(clause, clause.spans) or [""]:
                last = _e("p", content, text=text)
            _refs(last, treaty, dossier, clause, numbers)
            continue
        in_subs = {span for s in subs for span in s.spans}
        loose = _paragraphs(clause, [s for s in clause.spans if s not in in_subs])
        anchor = heading
        if loose:  # the article's own words before its numbered paragraphs
            intro = _e("intro", el)
            for text in loose:
                anchor = _e("p", intro, text=text)
        _refs(anchor, treaty, dossier, clause, numbers)
        for sub in subs:
            para = _e("paragraph", el, eId=sub.id)
            _mark(para, treaty, sub)
            content = _e("content", para)
            for text in _paragraphs(sub, sub.spans) or [""]:
                last = _e("p", content, text=text)
            _refs(last, treaty, dossier, sub, numbers)


def _paragraphs(clause: Clause, spans: list[tuple[int, int]]) -> list[str]:
    """Each span of ``clause`` as plain text (references shown as on the page), empty ones left out."""
    return [t for t in (span_plain(clause, span) for span in spans) if t]


def _mark(el: etree._Element, treaty: Treaty, clause: Clause) -> None:
    if clause.id in treaty.unverified():
        el.set("status", "incomplete")


def _refs(el: etree._Element, treaty: Treaty, dossier: Dossier, clause: Clause, numbers: dict[str, int]) -> None:
    """Append to ``el`` a ``noteRef`` for the clause's unverified mark, its checked-against note and each annotation on it."""
    if clause.id in treaty.unverified():
        _e("noteRef", el, href=f"#note_unverified_{clause.id}", marker="!")
    if clause.id in treaty.evidence:
        _e("noteRef", el, href=f"#note_checked_{clause.id}", marker="\u2713")
    for ann in dossier.notes_by_clause.get(clause.name, []):
        _e("noteRef", el, href=f"#{_note_id(ann)}", marker=str(numbers.get(ann.id, "")))
