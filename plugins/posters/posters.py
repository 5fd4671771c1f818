"""A print-ready A4 poster and A5 flyer for every campaign and guidance page, in each language.

Guidance about the site itself (`topic: about`) gets none: nobody pins "About this site" on a wall.

A `Generator` returned from `get_generators`. It reads the context key `content` (from
`content_index`: types `campaign` and `page`) and, in the template, `national_hotlines`.

- `generate_context` writes the context key `print_urls[lang][slug]`: `{"poster": url,
  "flyer": url}` (URLs relative to the output root), which `campaign.html` and `page.html` link.
- `generate_output` writes `<page url>poster/index.html` (A4) and `<page url>flyer/index.html`
  (A5) with the template `poster`: title, theme or summary, key messages or key points (the
  section headings when a guidance page has none), the national hotlines, and an inline SVG QR
  code (made with `segno`, no style attributes) encoding the page's public address
  (`portal.site.urls.printed`, from `SITEURL` or `PUBLIC_URL`). A build without a real address
  prints "preview — address not set" in place of the code, never a placeholder domain. The template
  calls `qr_svg(address)`, so a sheet a rebuild does not render costs no QR encoding.
"""

from __future__ import annotations

import re
from functools import lru_cache

import segno
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from portal.site.urls import printed

PRINTED_TYPES = ("campaign", "page")
FORMATS = {"poster": "A4", "flyer": "A5"}  # folder under the page's URL → paper size
_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S)


def printable(page) -> bool:
    """Campaigns and guidance for citizens; not the page about the site itself (topic `about`)."""
    return getattr(page.data, "topic", None) != "about"


def poster_points(page) -> list[str]:
    """What the sheet lists: key messages or key points, else the page's section headings."""
    data = page.data
    points = getattr(data, "key_messages", None) or getattr(data, "key_points", None)
    if points:
        return list(points)
    if data.type == "page":
        return [Markup(heading).striptags() for heading in _H2.findall(page.content)]
    return []


@lru_cache(maxsize=4096)
def qr_svg(address: str) -> Markup:
    """An inline SVG QR code for `address`: a viewBox and a path, sized by CSS."""
    code = segno.make(address, error="m", micro=False)
    svg = code.svg_inline(omitsize=True, svgclass="qr-code", lineclass=None, title=address)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def print_url(page, kind: str) -> str:
    return f"{page.url}{kind}/"


class PostersGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.globals["qr_svg"] = qr_svg

    def generate_context(self) -> None:
        content = self.context["content"]
        self.items = [
            page
            for lang in self.settings["LANGUAGES"]
            for kind in PRINTED_TYPES
            for page in content[lang][kind]
            if printable(page)
        ]
        urls: dict[str, dict] = {lang: {} for lang in self.settings["LANGUAGES"]}
        for page in self.items:
            urls[page.lang][page.slug] = {kind: print_url(page, kind) for kind in FORMATS}
        self.context["print_urls"] = urls

    def generate_output(self, writer) -> None:
        for page in self.items:
            # None in a build that does not know its address
            address = printed(self.settings, page.url)
            shared = {"item": page, "points": poster_points(page), "address": address}
            for kind, paper in FORMATS.items():
                self._write(writer, page, kind, paper, shared)

    def _write(self, writer, page, kind: str, paper: str, shared: dict) -> None:
        alternates = {other.lang: print_url(other, kind) for other in [page, *page.translations]}
        writer.write_file(
            page.save_as.removesuffix("index.html") + f"{kind}/index.html",
            self.get_template("poster"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            lang=page.lang,
            alternate_urls=dict(sorted(alternates.items())),
            page_url=print_url(page, kind),
            sheet=kind,
            paper=paper,
            **shared,
        )


def get_generators(pelican):
    return PostersGenerator


def register():
    signals.get_generators.connect(get_generators)
