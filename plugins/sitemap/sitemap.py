"""`sitemap.xml` for every HTML page in both languages, with hreflang alternates, and `robots.txt`.

It listens to `content_written` (Pelican's writer sends it for every file any generator writes)
and keeps each HTML page with the languages the page declares: `page` and its `translations`
(content pages) or `alternate_urls` (pages from `portal.site.render.write_in_language`), as the page
head's own hreflang links do. Left out: `404.html`, pages whose `page.status` is not `published`
(drafts, hidden, invalid files), and pages whose template context sets `canonical_path` (a former
unit pointing at its successor; a sitemap lists canonical pages only).

On `finalized` it writes `sitemap.xml` at the output root: one `<url>` per page, sorted, absolute
(`portal.site.urls.absolute`), each with an `<xhtml:link rel="alternate" hreflang=… href=…>` for
every language of the page that is itself listed, and no `lastmod` (no clock; a content date is not
a modification date). Its `SitemapGenerator` writes `robots.txt` pointing at the sitemap.

One file is enough: the protocol allows 50,000 URLs and 50 MB per file, and the shipped content
gives 8,222 URLs (2.4 MB, about 290 bytes a URL, so the URL count is the limit that binds). Past
it the build stops, saying a sitemap index is needed.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

from pelican import signals
from pelican.generators import Generator

from portal.engine.output_tree import make_output
from portal.site.urls import absolute

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000
# Pages written during a build, by output directory (the writer's signal carries no generator).
# A build's entry is created by its generator and removed when the sitemap is written.
_BUILDS: dict[str, dict[str, dict[str, str]]] = {}


class SitemapGenerator(Generator):
    def generate_context(self) -> None:
        _BUILDS[self.output_path] = {}

    def generate_output(self, writer) -> None:
        robots = f"User-agent: *\nDisallow:\n\nSitemap: {absolute(self.settings, 'sitemap.xml')}\n"
        make_output(self.output_path, "robots.txt", lambda: robots)  # from the settings alone


def record(path: str, context: dict) -> None:
    output = context.get("OUTPUT_PATH")
    pages = _BUILDS.get(output) if output is not None else None
    if pages is None or not path.endswith(".html"):
        return
    root = context["OUTPUT_PATH"].rstrip("/") + "/"
    name = (
        path[len(root) :] if path.startswith(root) else Path(os.path.relpath(path, root)).as_posix()
    )
    url = name.removesuffix("index.html")
    if listed(name, context):
        pages[url] = languages_of(url, context)


def listed(name: str, context: dict) -> bool:
    page = context.get("page")
    if name.rsplit("/", 1)[-1] == "404.html" or context.get("canonical_path"):
        return False
    return page is None or getattr(page, "status", "published") == "published"


def languages_of(url: str, context: dict) -> dict[str, str]:
    """Language → URL of this page in each language it declares (itself included)."""
    page = context.get("page")
    if page is not None and page.url == url:
        return {page.lang: page.url} | {other.lang: other.url for other in page.translations}
    declared = context.get("alternate_urls") or {}
    if url in declared.values():
        return dict(declared)
    return {context.get("lang") or context["DEFAULT_LANG"]: url}


def urlset(pages: dict[str, dict[str, str]], settings: dict, limit: int = MAX_URLS) -> bytes:
    """The sitemap of `pages` (URL → language → URL); alternates only to listed pages.

    >>> xml = urlset({"": {"vi": "", "en": "en/"}, "en/": {"vi": "", "en": "en/"}}, {"PUBLIC_URL": "https://x.org"})
    >>> b'<xhtml:link rel="alternate" hreflang="en" href="https://x.org/en/" />' in xml
    True
    """
    if len(pages) > limit:
        raise RuntimeError(
            f"sitemap: {len(pages)} pages is more than the {limit} URLs one sitemap file "
            "may list; split it with a sitemap index"
        )
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for url in sorted(pages):
        entry = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = public(settings, url)
        for lang, other in sorted(pages[url].items()):
            if other in pages:
                ET.SubElement(
                    entry,
                    f"{{{XHTML_NS}}}link",
                    rel="alternate",
                    hreflang=lang,
                    href=public(settings, other),
                )
    ET.indent(root, space="")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    ).encode("utf-8")


def public(settings: dict, url: str) -> str:
    return absolute(settings, quote(url, safe="/"))


def write_sitemap(pelican) -> None:
    """Made again only when the pages or the site changed (`portal.engine.output_tree`)."""
    pages = _BUILDS.pop(pelican.output_path, None)
    if pages is None:
        return
    settings = pelican.settings
    make_output(
        pelican.output_path,
        "sitemap.xml",
        lambda: urlset(pages, settings),
        repr(sorted(pages.items())),
    )


def get_generators(pelican):
    return SitemapGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.content_written.connect(record)
    signals.finalized.connect(write_sitemap)
