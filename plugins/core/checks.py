"""Checks across files: translation pairs, identical facts, references to agencies and places.

`check_documents(docs, registry)` takes documents already read by `read_document` and
returns every problem it finds; it never stops at the first.
"""

from __future__ import annotations

import datetime
import difflib
from collections import defaultdict

from .documents import Document, dotted
from .localities import Registry
from .problems import Problem
from .schema import facts_of
from .text_fold import fold

LANGS = ("vi", "en")
LANG_NAMES = {"vi": "Vietnamese", "en": "English"}
STALE_AFTER = datetime.timedelta(days=180)


def check_documents(docs: list[Document], registry: Registry, today: datetime.date | None = None) -> list[Problem]:
    valid = [d for d in docs if d.model is not None]
    problems: list[Problem] = []
    problems += _duplicate_slugs(valid)
    pairs = _pairs(valid)
    for slug, by_lang in sorted(pairs.items()):
        problems += _check_pair(slug, by_lang)
    agencies = {d.model.slug: d.model for d in valid if d.model.type == "agency"}
    for doc in valid:
        problems += _check_agency_refs(doc, agencies)
        problems += _check_localities(doc, registry)
        problems += _check_freshness(doc, today or datetime.date.today())
    return problems


def _check_freshness(doc: Document, today: datetime.date) -> list[Problem]:
    """A hotline checked long ago may have changed: warn (the build goes on)."""
    verified = getattr(doc.model, "verified", None)
    if verified is None or today - verified <= STALE_AFTER:
        return []
    return [
        Problem(
            doc.path,
            doc.line_of(("verified",)),
            "verified",
            f"the number was last verified on {verified.isoformat()}, more than 180 days ago",
            "call or check the source again, then update the date",
            "warning",
        )
    ]


def _duplicate_slugs(docs: list[Document]) -> list[Problem]:
    seen: dict[tuple, Document] = {}
    problems = []
    for doc in sorted(docs, key=lambda d: d.path):
        key = (doc.model.slug, doc.model.lang)
        if key in seen:
            problems.append(Problem(doc.path, doc.line_of(("slug",)), "slug", f"'{doc.model.slug}' is already used by {seen[key].path}", "choose another slug and rename the file to match"))
        else:
            seen[key] = doc
    return problems


def _pairs(docs: list[Document]) -> dict[str, dict[str, Document]]:
    pairs: dict[str, dict[str, Document]] = defaultdict(dict)
    for doc in docs:
        pairs[doc.model.slug].setdefault(doc.model.lang, doc)
    return pairs


def _check_pair(slug: str, by_lang: dict[str, Document]) -> list[Problem]:
    missing = [lang for lang in LANGS if lang not in by_lang]
    if missing:
        ((lang, doc),) = by_lang.items()
        other = missing[0]
        wanted = doc.path.replace(f".{lang}.md", f".{other}.md")
        return [Problem(doc.path, 1, "", f"has no {LANG_NAMES[other]} translation", f"create {wanted} with the same slug, type and facts")]
    vi, en = by_lang["vi"], by_lang["en"]
    if vi.model.type != en.model.type:
        return [Problem(en.path, en.line_of(("type",)), "type", f"is '{en.model.type}' but the Vietnamese file says '{vi.model.type}'", f"write type: {vi.model.type}")]
    return _compare_facts(vi, en)


def _compare_facts(vi: Document, en: Document) -> list[Problem]:
    facts_vi, facts_en = facts_of(vi.model), facts_of(en.model)
    problems = []
    for loc in sorted(set(facts_vi) | set(facts_en), key=str):
        a, b = facts_vi.get(loc, "(missing)"), facts_en.get(loc, "(missing)")
        if a != b:
            field = loc[:-1] if loc[-1] == "count" else loc
            what = "the number of items" if loc[-1] == "count" else "the value"
            line = vi.line_of(field) if vi.front else 1
            problems.append(
                Problem(
                    en.path,
                    en.line_of(field),
                    dotted(field),
                    f"{what} differs from the Vietnamese file ({vi.path}:{line}): vi has {a!r}, en has {b!r}",
                    "facts (numbers, dates, codes, references) must be the same in both languages",
                )
            )
    return problems


def _agency_refs(model) -> list[tuple[tuple, str]]:
    refs = []
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
            fix = f"did you mean {', '.join(close)}?" if close else "add the agency under content/agencies/ or correct the slug"
            problems.append(Problem(doc.path, doc.line_of(loc), dotted(loc), f"unknown agency '{slug}'", fix))
    return problems


def _locality_refs(model) -> list[tuple[tuple, str]]:
    refs = [(("localities", i), code) for i, code in enumerate(model.localities)]
    for i, place in enumerate(getattr(model, "places", [])):
        refs += [(("places", i, "localities", j), code) for j, code in enumerate(place.localities)]
    return refs


def _check_localities(doc: Document, registry: Registry) -> list[Problem]:
    problems = []
    for loc, code in _locality_refs(doc.model):
        if code not in registry:
            near = registry.suggest(fold(code.replace("-", " "))) if not code.isdigit() else []
            fix = "nearest: " + ", ".join(f"{u.code} {u.name_vi}" for u in near) if near else "look the code up in content/data/localities/*.csv"
            problems.append(Problem(doc.path, doc.line_of(loc), dotted(loc), f"unknown locality code '{code}'", fix))
    return problems
