"""Writes the pages that list content, once per language: home, one list per content type, 404.

A `Generator` returned from `get_generators`. It reads the context key `content` (written by
`content_index`) and writes, under each language's prefix (`''` for vi, `en/` for en):
`index.html` (template `home`), `plans/`, `campaigns/`, `hotlines/`, `agencies/`,
`guidance/` (template `list`, or `hotlines` for the hotline list) and `404.html`.

A list longer than its page size (setting `PAGE_SIZES`, see `portal.site.render`) goes on numbered
pages: `plans/` holds the newest 50 plans, `plans/page/2/` the next 50, and so on, each page
linking the others (`components/pagination.html`); the sitemap lists every page.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from portal.content.schema import SECTIONS
from portal.site.render import page_count, page_size, write_in_language, write_pages

LIST_TEMPLATES = {"hotline": "hotlines"}


class ListingsGenerator(Generator):
    def generate_output(self, writer) -> None:
        for lang in self.settings["LANGUAGES"]:
            self._write(writer, lang, "index.html", "home")
            # Served at any address, so never relative: SITEURL is absolute when published, and
            # "" (the server's root) in development.
            self._write(writer, lang, "404.html", "404", relative_urls=False)
            for kind, section in SECTIONS.items():
                template = LIST_TEMPLATES.get(kind, "list")
                size = page_size(self.settings, kind)
                pages_in = {
                    other: page_count(len(self.context["content"][other][kind]), size)
                    for other in self.settings["LANGUAGES"]
                }
                write_pages(
                    self,
                    writer,
                    lang,
                    f"{section}/",
                    template,
                    self.context["content"][lang][kind],
                    size,
                    pages_in,
                    kind=kind,
                )

    def _write(self, writer, lang: str, name: str, template: str, **extra) -> None:
        path, file_name = name.rsplit("/", 1) if "/" in name else ("", name)
        write_in_language(
            self, writer, lang, path + "/" if path else "", template, file_name, **extra
        )


def get_generators(pelican):
    return ListingsGenerator


def register():
    signals.get_generators.connect(get_generators)
