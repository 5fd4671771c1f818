"""What the search indexes: one `SearchDoc` per page of a language, content first, then places."""

from __future__ import annotations

import datetime
import hashlib
import html
import re

from babel.dates import format_date

from portal.content.dates import item_date
from portal.content.schema import SCHEMAS

from .searchdoc import SearchDoc

TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
ENTITY_END = re.compile(r"&#?\w+;$")
SLUG_OR_URL = re.compile(r"^(https?://\S+|[a-z0-9]+(-[a-z0-9]+)+)$")
# the title and summary are indexed on their own
SKIPPED_FIELDS = {
    "type",
    "title",
    "slug",
    "lang",
    "summary",
}
SNIPPET_CHARS = 1_500  # display text kept per result: the passages a snippet is chosen from


def content_docs(
    context: dict, lang: str, registry, made: DocMemo | None = None
) -> list[SearchDoc]:
    made = made if made is not None else DocMemo("")
    docs = []
    for kind in SCHEMAS:
        for page in sorted(context["content"][lang][kind], key=lambda p: p.slug):
            docs.append(made.get(page, lambda page=page: _content_doc(page, lang, registry)))
    return docs


class DocMemo:
    """The content documents of the last build, by site fingerprint (`portal.engine.fingerprint`:
    code, data and all metadata), source file and body: a rebuild makes only the changed pages'
    again."""

    def __init__(self, site: str, last: dict | None = None):
        self.site, self.last = site, last or {}
        self.now: dict[tuple, SearchDoc] = {}

    def places(self, lang: str, make) -> list[SearchDoc]:
        """The locality documents: they follow from the registry and settings alone."""
        return self._reuse(("localities", lang), make)

    def get(self, page, make) -> SearchDoc:
        return self._reuse(
            (
                page.source_path,
                hashlib.sha1(page._content.encode("utf-8"), usedforsecurity=False).hexdigest(),
            ),
            make,
        )

    def _reuse(self, key: tuple, make):
        made = self.last.get(key) if self.site else None
        self.now[key] = made = made or make()
        return made


def _content_doc(page, lang: str, registry) -> SearchDoc:
    data = page.data
    text = clean(TAG.sub(" ", page.content))
    extra = " ".join(_strings(data.model_dump(exclude=SKIPPED_FIELDS)))
    codes = tuple(getattr(data, "localities", ()))
    when = item_date(data)
    return SearchDoc(
        url=page.url,
        title=data.title,
        body=f"{data.summary}\n{text}\n{extra}",
        type=data.type,
        places=expand_places(codes, registry),
        date=when.isoformat() if when else "",
        place_label=", ".join(registry[c].name(lang) for c in codes if c in registry and c != "VN"),
        snippet=sentences(f"{data.summary} {text}"),
        national="VN" in codes,
    )


def list_docs(context: dict, lang: str, gettext) -> list[SearchDoc]:
    """The pages that are more than a list: the hotline list (every hotline's name and number on
    one page), the calendar page, and each awareness day on it (`context["awareness_days"]`, from
    the calendar plugin), so that "đường dây nóng" or "30/7" finds them."""
    prefix = context["LANG_PREFIX"][lang]
    hotlines = context["content"][lang].get("hotline", [])
    lines = [
        f"{h.data.title} {getattr(h.data, 'number', '')}. {h.data.summary}"
        for h in sorted(hotlines, key=lambda p: p.slug)
    ]
    docs = [
        SearchDoc(
            url=f"{prefix}hotlines/",
            title=gettext("Hotlines"),
            body=" ".join(lines),
            type="hotline",
            places=("VN",),
            snippet=sentences(" ".join(lines)),
            national=True,
            listing=True,
        )
    ]
    days = context.get("awareness_days", [])
    if not days:
        return docs
    lead = gettext(
        "The awareness days of every year, and the dates that plans and campaigns set: "
        "what is due, from whom and to whom."
    )
    names = [day.name(lang) for day in days]
    docs.append(
        SearchDoc(
            url=f"{prefix}calendar/",
            title=gettext("Calendar"),
            body=f"{lead} {'. '.join(names)}",
            type="calendar",
            places=("VN",),
            snippet=sentences(f"{lead} {'. '.join(names)}."),
            national=True,
        )
    )
    for day in days:
        when = _when(day, lang)
        text = f"{when}: {day.name(lang)}. {day.source_title}"
        docs.append(
            SearchDoc(
                url=f"{prefix}calendar/#{day.id}",
                title=day.name(lang),
                body=f"{when} {day.source_title}",
                type="calendar",
                places=("VN",),
                snippet=sentences(text),
                national=True,
            )
        )
    return docs


def _when(day, lang: str) -> str:
    """The day as readers write it: "30 tháng 7, 30/7" or "30 July"; a month alone: "tháng 6"."""
    locale = "vi" if lang == "vi" else "en_GB"
    if day.month_only:
        return format_date(datetime.date(2000, day.month_number, 1), "MMMM", locale=locale)
    date = datetime.date(2000, day.month_number, day.day)
    written = format_date(date, "d MMMM", locale=locale)
    return f"{written}, {day.day}/{day.month_number}" if lang == "vi" else written


def _strings(value):
    """Every text leaf of a model dump, except slugs and URLs (they make no words)."""
    if isinstance(value, str):
        if not SLUG_OR_URL.match(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def doc_types(context: dict, lang: str, registry) -> list[str]:
    """The types of the documents `content_docs`, `list_docs` and `locality_docs` make in `lang`,
    sorted, without making them: the search page's filter needs them in the build process while
    the documents are made in the index's (tested against the documents themselves)."""
    found = {page.data.type for kind in SCHEMAS for page in context["content"][lang][kind]}
    found.add("hotline")  # the hotline list, always
    if context.get("awareness_days"):
        found.add("calendar")
    if any(code != "VN" and code in registry for code in locality_urls(context)):
        found.add("locality")
    return sorted(found)


def locality_docs(context: dict, lang: str, registry) -> list[SearchDoc]:
    """One document per locality page; units that share a page share its document."""
    by_url: dict[str, list] = {}
    for code, url in sorted(locality_urls(context).items()):
        if code != "VN" and code in registry:
            by_url.setdefault(url, []).append(registry[code])
    prefix = context["LANG_PREFIX"][lang]
    return [
        _locality_doc(prefix + url, units, lang, registry) for url, units in sorted(by_url.items())
    ]


def _locality_doc(url: str, units: list, lang: str, registry) -> SearchDoc:
    units.sort(key=lambda u: (not u.current, u.code))
    main = units[0]
    parents = [p.name(lang) for p in registry.ancestors(main.code) if p.code != "VN"]
    others = [u.name(lang) for u in units[1:]] + [
        registry[c].name(lang) for c in main.formerly if c in registry
    ]
    label = ", ".join(parents)
    return SearchDoc(
        url=url,
        title=main.name(lang),
        body=" ".join([*parents, *others]),
        type="locality",
        places=expand_places(tuple(u.code for u in units), registry),
        place_label=label,
        snippet=[label] if label else [],
    )


def expand_places(codes: tuple[str, ...], registry) -> tuple[str, ...]:
    """The codes, their ancestors, and what former units became: a filter on a province
    finds its communes and the former districts merged into it."""
    seen: set[str] = set()
    todo = list(codes)
    while todo:
        code = todo.pop()
        if code in seen or code not in registry:
            continue
        seen.add(code)
        unit = registry[code]
        todo.extend(a.code for a in registry.ancestors(code))
        todo.extend(unit.merged_into)
    return tuple(sorted(seen))


def clean(html_text: str) -> str:
    """The text of HTML with its tags already removed: entities decoded once, spaces collapsed."""
    return SPACE.sub(" ", html.unescape(html_text)).strip()


def sentences(text: str, limit: int = SNIPPET_CHARS) -> list[str]:
    """The first sentences of `text` (plain text, not HTML: nothing is decoded again, so a literal
    "&amp;" stays as written), at most `limit` characters in all.

    >>> sentences("Tom &amp; Jerry.  Next one!", 20)
    ['Tom &amp; Jerry.']
    >>> sentences("Q&amp;A: the  page.  Then more")
    ['Q&amp;A:', 'the page.', 'Then more']
    """
    out: list[str] = []
    used = 0
    for sentence in _split(SPACE.sub(" ", text).strip()):
        if used + len(sentence) > limit:
            if not out:
                out.append(sentence[:limit].rsplit(" ", 1)[0] + " …")
            break
        out.append(sentence)
        used += len(sentence)
    return out


def locality_urls(context) -> dict:
    """The place pages the localities plugin made; without it the index would silently lose every
    place."""
    if "locality_urls" not in context:
        raise RuntimeError(
            "search: the context has no 'locality_urls': the localities plugin (which "
            "makes the place pages search indexes) is not in PLUGINS"
        )
    return context["locality_urls"]


def _split(text: str) -> list[str]:
    """Sentences: cut after . ! ? ; or : and a space, but not after an entity's ";" ("&amp; ")."""
    parts: list[str] = []
    for part in re.split(r"(?<=[.!?;:])\s+", text):
        if parts and ENTITY_END.search(parts[-1]):
            parts[-1] += " " + part
        else:
            parts.append(part)
    return parts
