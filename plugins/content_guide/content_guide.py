"""Writes the content guide for officers, once per language: every type, every field, from the
schemas.

A `Generator` returned from `get_generators`. It reads the schemas (`portal.content.schema.SCHEMAS`
through `portal.content.fields`), no metadata and no context key of other plugins beyond what
`base.html` needs, and writes `content-guide/index.html` (template `guide`) under each
language prefix. For each field: its name as written in the file (`targets[].value`), meaning
in the page's language, whether it is required, its default, kind of value, allowed values,
an example and whether it is a fact that must be the same in both languages.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from portal.content.fields import example_text, fields_of, yaml_value
from portal.content.schema import SCHEMAS, SECTIONS
from portal.site.render import write_in_language

PATH = "content-guide/"


def guide(lang: str) -> list[dict]:
    """The guide's content in `lang`: one entry per type, with its fields in file order."""
    return [
        {
            "kind": kind,
            "section": SECTIONS[kind],
            "fields": [_field(f, lang) for f in fields_of(model)],
        }
        for kind, model in SCHEMAS.items()
    ]


def _field(field, lang: str) -> dict:
    return {
        "label": field.label,
        "depth": len(field.path) - 1,
        "meaning": field.help(lang),
        "required": field.required,
        "default": None if field.default in (None, []) else yaml_value(field.default),
        "kind": field.kind_name(lang),
        "choices": [str(c) for c in field.choices],
        "example": None
        if field.example in (None, []) or field.kind == "group"
        else example_text(field.example),
        "fact": field.fact,
    }


class ContentGuideGenerator(Generator):
    def generate_output(self, writer) -> None:
        for lang in self.settings["LANGUAGES"]:
            write_in_language(self, writer, lang, PATH, "guide", types=guide(lang))


def get_generators(pelican):
    return ContentGuideGenerator


def register():
    signals.get_generators.connect(get_generators)
