"""Checks across files: translation pairs, identical facts, references to agencies, laws and places.

Links between pages are the site's to check (`portal.site.links`), since they need its addresses.

`check_documents(docs, registry)` takes documents already read by `read_document` and
returns every problem it finds; it never stops at the first.
"""

from __future__ import annotations

import datetime
import difflib
from collections import defaultdict

from portal.content.documents import Document, dotted, numbers_in
from portal.content.item_checks import item_problems
from portal.content.languages import LANGUAGES
from portal.content.localities import Registry
from portal.content.phones import same_number
from portal.content.problems import Problem, problem, same, say
from portal.content.schema import Content, facts_of
from portal.content.schema.hotline import Hotline
from portal.content.text_fold import fold

HOTLINE_FIELDS = (("number",), ("display",), ("tel",))
STALE_AFTER = datetime.timedelta(days=180)


def check_documents(
    docs: list[Document], registry: Registry, today: datetime.date | None = None
) -> list[Problem]:
    valid = [d for d in docs if d.model is not None]
    problems: list[Problem] = []
    problems += _duplicate_slugs(valid)
    pairs = _pairs(valid)
    every_path = {d.path for d in docs}
    for slug, by_lang in sorted(pairs.items()):
        problems += _check_pair(slug, by_lang, every_path)
    agencies = {_model(d).slug: _model(d) for d in valid if _model(d).type == "agency"}
    laws = {_model(d).slug for d in valid if _model(d).type == "law"}
    hotlines = hotline_numbers(docs)
    for doc in valid:
        problems += _check_numbers(doc, hotlines)
        problems += _check_agency_refs(doc, agencies)
        problems += _check_law_refs(doc, laws)
        problems += _check_localities(doc, registry)
        problems += _check_freshness(doc, today or datetime.date.today())
        problems += _check_item(doc, today or datetime.date.today())
        problems += _check_sources(doc)
    return problems


def _model(doc: Document) -> Content:
    """The model of a document `check_documents` kept as valid."""
    assert doc.model is not None
    return doc.model


def hotline_numbers(docs: list[Document]) -> set[str]:
    """The numbers the valid hotlines dial (`portal.content.phones.same_number`)."""
    models = [d.model for d in docs if isinstance(d.model, Hotline)]
    return {n for n in (same_number(m.number) for m in models) if n is not None}


def number_problems(
    path: str, numbers: list[tuple[int, tuple, str]], hotlines: set[str], own: tuple = ()
) -> list[Problem]:
    """A problem for each (line, field, number as written) that is not a hotline's, save in the
    fields `own`."""
    return [
        problem(
            path,
            line,
            dotted(loc),
            say("number_not_a_hotline", number=written),
            say("number_add_hotline"),
        )
        for line, loc, written in numbers
        if loc not in own and same_number(written) not in hotlines
    ]


def _check_numbers(doc: Document, hotlines: set[str]) -> list[Problem]:
    """A phone number shown or dialled anywhere must be a hotline's, which carries its source and
    the day it was verified: a number typed into a page's text has neither, and one wrong digit
    sends a person at risk nowhere. A hotline's own number, display and tel: are checked with it
    (`portal.content.phones.hotline_problems`)."""
    numbers = doc.numbers
    if numbers is None:
        numbers = numbers_in(doc.front) if doc.front is not None else []
    own = HOTLINE_FIELDS if isinstance(doc.model, Hotline) else ()
    return number_problems(doc.path, numbers, hotlines, own)


def _check_item(doc: Document, today: datetime.date) -> list[Problem]:
    """Dates after today, dates out of order, phone numbers (`portal.content.item_checks`). Here
    rather than when the file is read, because the answer changes with the clock and the
    short-number list, not only with the file (whose reading the content cache keeps)."""
    return [
        problem(doc.path, doc.line_of(loc), dotted(loc), message, fix)
        for loc, message, fix in item_problems(doc.model, today)
    ]


def _check_sources(doc: Document) -> list[Problem]:
    """A source with neither an address nor a note saying why: warn. A hotline with no source
    anyone can open: an error, since a person at risk will dial what the page says."""
    model = _model(doc)
    problems = []
    if isinstance(model, Hotline) and not any(source.url for source in model.sources):
        problems.append(
            problem(
                doc.path,
                doc.line_of(("sources",)),
                "sources",
                say("hotline_no_public_source"),
                say("add_hotline_source"),
            )
        )
    for i, source in enumerate(model.sources):
        if source.url is None and source.note is None:
            loc = ("sources", i)
            problems.append(
                problem(
                    doc.path,
                    doc.line_of(loc),
                    dotted((*loc, "url")),
                    say("source_no_url"),
                    say("add_url_or_note"),
                    "warning",
                )
            )
    return problems


def _check_freshness(doc: Document, today: datetime.date) -> list[Problem]:
    """A hotline checked long ago may have changed: warn (the build goes on)."""
    verified = getattr(doc.model, "verified", None)
    if verified is None or today - verified <= STALE_AFTER:
        return []
    return [
        problem(
            doc.path,
            doc.line_of(("verified",)),
            "verified",
            say("verified_old", date=verified.isoformat()),
            say("check_again"),
            "warning",
        )
    ]


def _duplicate_slugs(docs: list[Document]) -> list[Problem]:
    seen: dict[tuple, Document] = {}
    problems = []
    for doc in sorted(docs, key=lambda d: d.path):
        key = (_model(doc).slug, _model(doc).lang)
        if key in seen:
            problems.append(
                problem(
                    doc.path,
                    doc.line_of(("slug",)),
                    "slug",
                    say("slug_taken", slug=_model(doc).slug, other=seen[key].path),
                    say("choose_slug"),
                )
            )
        else:
            seen[key] = doc
    return problems


def _pairs(docs: list[Document]) -> dict[str, dict[str, Document]]:
    pairs: dict[str, dict[str, Document]] = defaultdict(dict)
    for doc in docs:
        pairs[_model(doc).slug].setdefault(_model(doc).lang, doc)
    return pairs


def _check_pair(slug: str, by_lang: dict[str, Document], every_path: set[str]) -> list[Problem]:
    """A missing translation (unless its file exists but has problems of its own), or facts that
    differ."""
    missing = [lang for lang in LANGUAGES if lang not in by_lang]
    if missing:
        ((lang, doc),) = by_lang.items()
        other = missing[0]
        wanted = doc.path.replace(f".{lang}.md", f".{other}.md")
        if wanted in every_path:
            return []
        return [
            problem(
                doc.path,
                1,
                "",
                say("no_translation", language=say(f"lang_{other}")),
                say("create_translation", wanted=wanted),
            )
        ]
    vi, en = by_lang["vi"], by_lang["en"]
    vi_type, en_type = _model(vi).type, _model(en).type
    if vi_type != en_type:
        return [
            problem(
                en.path,
                en.line_of(("type",)),
                "type",
                say("type_differs", en_type=en_type, vi_type=vi_type),
                say("write_value", name="type", value=vi_type),
            )
        ]
    return _compare_facts(vi, en)


def _compare_facts(vi: Document, en: Document) -> list[Problem]:
    facts_vi, facts_en = facts_of(_model(vi)), facts_of(_model(en))
    problems = []
    for loc in sorted(set(facts_vi) | set(facts_en), key=str):
        a, b = facts_vi.get(loc, "(missing)"), facts_en.get(loc, "(missing)")
        if a != b:
            field = loc[:-1] if loc[-1] == "count" else loc
            key = "count_differs" if loc[-1] == "count" else "fact_differs"
            where = f"{vi.path}:{vi.line_of(field)}"
            problems.append(
                problem(
                    en.path,
                    en.line_of(field),
                    dotted(field),
                    say(key, where=where, a=repr(a), b=repr(b)),
                    say("same_facts"),
                )
            )
    return problems


def _agency_refs(model) -> list[tuple[tuple, str]]:
    refs: list[tuple[tuple, str]] = []
    for field in ("issuer", "parent"):
        if getattr(model, field, None):
            refs.append(((field,), getattr(model, field)))
    for i, duty in enumerate(getattr(model, "duties", [])):
        refs += [(("duties", i, "agencies", j), slug) for j, slug in enumerate(duty.agencies)]
    for i, deadline in enumerate(getattr(model, "deadlines", [])):
        refs += [(("deadlines", i, "by", j), slug) for j, slug in enumerate(deadline.by)]
        if deadline.to:
            refs.append((("deadlines", i, "to"), deadline.to))
    return refs


def _check_agency_refs(doc: Document, agencies: dict) -> list[Problem]:
    problems = []
    for loc, slug in _agency_refs(doc.model):
        if slug not in agencies:
            close = difflib.get_close_matches(slug, list(agencies), n=3, cutoff=0.5)
            fix = say("did_you_mean", names=", ".join(close)) if close else say("add_agency")
            problems.append(
                problem(
                    doc.path, doc.line_of(loc), dotted(loc), say("unknown_agency", slug=slug), fix
                )
            )
    return problems


def _check_law_refs(doc: Document, laws: set[str]) -> list[Problem]:
    problems = []
    for i, link in enumerate(getattr(doc.model, "laws", [])):
        if link.law not in laws:
            close = difflib.get_close_matches(link.law, sorted(laws), n=3, cutoff=0.5)
            fix = say("did_you_mean", names=", ".join(close)) if close else say("add_law")
            loc = ("laws", i, "law")
            problems.append(
                problem(
                    doc.path, doc.line_of(loc), dotted(loc), say("unknown_law", slug=link.law), fix
                )
            )
    return problems


def _locality_refs(model) -> list[tuple[tuple, str]]:
    refs: list[tuple[tuple, str]] = [
        (("localities", i), code) for i, code in enumerate(model.localities)
    ]
    for i, place in enumerate(getattr(model, "places", [])):
        refs += [(("places", i, "localities", j), code) for j, code in enumerate(place.localities)]
    return refs


def _check_localities(doc: Document, registry: Registry) -> list[Problem]:
    problems = []
    for loc, code in _locality_refs(doc.model):
        if code not in registry:
            near = registry.suggest(fold(code.replace("-", " "))) if not code.isdigit() else []
            fix = (
                say("nearest", names=same(", ".join(f"{u.code} {u.name_vi}" for u in near)))
                if near
                else say("look_up_code")
            )
            problems.append(
                problem(
                    doc.path, doc.line_of(loc), dotted(loc), say("unknown_locality", code=code), fix
                )
            )
    return problems
