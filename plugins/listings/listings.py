"""Writes the pages that list content, once per language: home, one list per content type, 404.

A `Generator` returned from `get_generators`. It reads the context key `content` (written by
`content_index`) and writes, under each language's prefix (`''` for vi, `en/` for en):
`index.html` (template `home`), `plans/`, `campaigns/`, `hotlines/`, `agencies/`,
`guidance/` (template `list`, or `hotlines` for the hotline list) and `404.html`.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from plugins.core.schema import SECTIONS

LIST_TEMPLATES = {"hotline": "hotlines"}


class ListingsGenerator(Generator):
    def generate_output(self, writer) -> None:
        for lang in self.settings["LANGUAGES"]:
            self._write(writer, lang, "index.html", "home")
            self._write(writer, lang, "404.html", "404")
            for kind, section in SECTIONS.items():
                template = LIST_TEMPLATES.get(kind, "list")
                self._write(writer, lang, f"{section}/index.html", template, kind=kind, items=self.context["content"][lang][kind])

    def _write(self, writer, lang: str, name: str, template: str, **extra) -> None:
        prefixes = self.settings["LANG_PREFIX"]
        url = name.removesuffix("index.html")
        alternates = {other: prefixes[other] + url for other in self.settings["LANGUAGES"]}
        writer.write_file(
            prefixes[lang] + name,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            lang=lang,
            alternate_urls=alternates,
            page_url=prefixes[lang] + url,
            **extra,
        )


def get_generators(pelican):
    return ListingsGenerator


def register():
    signals.get_generators.connect(get_generators)
