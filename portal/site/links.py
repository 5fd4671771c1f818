"""Links between pages of the site: every link in a Markdown text must lead to a page the build
writes.

How a link is resolved (as a browser would, from the page's own address):

- a relative link (`../../hotlines/`) from the page's address, e.g. `en/guidance/cach-to-giac/`;
- a link starting with `/` is refused even when its page exists: it points at the domain's
  root and breaks when the site is published under a sub-path; the fix gives the relative form;
- `{filename}../hotlines/111.vi.md` (Pelican's form) must name a content file, relative to the
  file's folder (or to `content/` when it starts with `/`);
- addresses with a scheme (`https:`, `tel:`, `mailto:`) or only a `#fragment` are not checked.

The pages that exist are the routes the enabled plugins declare (`portal.site.routes`): each
content item, each section's list, the home page and `404.html`, every locality page of the full
registry and its `feed.atom`, the calendar, the search page and so on.

>>> resolve("en/guidance/cach-to-giac/", "../../hotlines/")
'en/hotlines/'
>>> resolve("guidance/x/", "../../"), resolve("a/", "../../x/")
('', None)
>>> relative("guidance/x/", "hotlines/"), relative("guidance/x/", "")
('../../hotlines/', '../../')
"""

from __future__ import annotations

import difflib
import posixpath
import re

from portal.content.body import links_in
from portal.content.documents import Document
from portal.content.problems import Problem, problem, say
from portal.content.schema import SECTIONS
from portal.site.routes import LANG_PREFIX, linkable

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
FILENAME = re.compile(r"^[{|](filename)[}|]")


def page_path(model) -> str:
    return f"{LANG_PREFIX[model.lang]}{SECTIONS[model.type]}/{model.slug}/"


def resolve(page: str, href: str) -> str | None:
    """The site address `href` leads to from `page`, or None when it leaves the site's root."""
    target = posixpath.normpath(posixpath.join(page or ".", href))
    if target == ".." or target.startswith("../"):
        return None
    target = "" if target == "." else target
    if target.endswith("/index.html") or target == "index.html":
        target = target[: -len("index.html")]
    elif target and (href.endswith("/") or href in (".", "..")):
        target += "/"
    return target


def relative(page: str, target: str) -> str:
    rel = posixpath.relpath(target.rstrip("/") or ".", page.rstrip("/") or ".")
    return rel + "/" if target.endswith("/") or target == "" else rel


def check_links(docs: list[Document], registry, plugins) -> list[Problem]:
    """Every link of every valid document against the routes of `plugins` (the settings'
    PLUGINS)."""
    docs = [d for d in docs if d.model is not None]
    known = linkable(plugins, docs, registry) | {page_path(d.model) for d in docs}
    files = {d.path for d in docs}
    problems = []
    for doc in docs:
        page = page_path(doc.model)
        for line, href in _links(doc):
            found = _check_one(doc.path, page, href, known, files)
            if found:
                problems.append(problem(doc.path, line, "body", *found))
    return problems


def _links(doc: Document) -> list[tuple[int, str]]:
    if doc.links is not None:
        return doc.links
    return links_in(doc.front) if doc.front is not None else []


def _check_one(path: str, page: str, href: str, known: set[str], files: set[str]):
    url = href.split("#", 1)[0].split("?", 1)[0]
    if not url or url.startswith("//") or (SCHEME.match(url) and not FILENAME.match(url)):
        return None
    if FILENAME.match(url):
        rest = FILENAME.sub("", url)
        base = path.split("/", 1)[0] + "/" if rest.startswith("/") else posixpath.dirname(path)
        file = posixpath.normpath(posixpath.join(base, rest.lstrip("/")))
        return None if file in files else (say("broken_file_link", href=href), say("link_hint"))
    target = resolve(
        "" if url.startswith("/") else page, url.lstrip("/") if url.startswith("/") else url
    )
    if target in known:
        return (
            (
                say("absolute_link", href=href),
                say("write_link", href=relative(page, _same_language(page, target, known))),
            )
            if url.startswith("/")
            else None
        )
    same_lang = [p for p in known if p.startswith("en/") == page.startswith("en/")]
    near = (
        difflib.get_close_matches(target or "", same_lang, n=1, cutoff=0.7)
        if target is not None
        else []
    )
    fix = say("did_you_mean", names=relative(page, near[0])) if near else say("link_hint")
    return say("broken_link", href=href), fix


def _same_language(page: str, target: str, known: set[str]) -> str:
    """`/hotlines/` written on an English page most likely means the English list."""
    prefix = LANG_PREFIX["en"]
    if page.startswith(prefix) and not target.startswith(prefix) and prefix + target in known:
        return prefix + target
    return target
