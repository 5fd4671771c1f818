"""Columns of the open datasets: one declaration drives the JSON Schema, the CSV header and the
column tables of the "Open data" page.

A column reads one value from a `Row` (a content item, or a part of one, in both languages).
Values are written as they are in the content: nothing is computed.

>>> col = Column("value", "number", "The number.", "Con số.", lambda row: row.vi, required=True)
>>> json_value(75.0), csv_value(col, 75.0), csv_value(col, None)
(75, '75', '')
>>> csv_value(Column("localities", "codes", "", "", None), ("01", "VN"))
'01;VN'
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from portal.content.languages import LANGUAGES

LANG_WORDS = {"vi": ("in Vietnamese", "bằng tiếng Việt"), "en": ("in English", "bằng tiếng Anh")}

# The JSON Schema of each kind of value; `codes` and `texts` are lists (joined in the CSV).
KINDS: dict[str, dict] = {
    "id": {"type": "string"},
    "text": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "url": {"type": "string", "format": "uri"},
    "codes": {"type": "array", "items": {"type": "string"}},
    "texts": {"type": "array", "items": {"type": "string"}},
}
CSV_JOIN = {"codes": ";", "texts": "\n"}


@dataclass(frozen=True)
class Site:
    """What the rows are read from: the content index, the locality registry, public addresses."""

    content: dict  # context["content"]: lang → type → pages
    by_slug: dict  # context["by_slug"]: lang → slug → page
    registry: dict  # code → Unit
    address: Callable[[str], str]  # a page URL → its public address

    def agency_name(self, slug: str | None, lang: str) -> str | None:
        page = self.by_slug[lang].get(slug) if slug else None
        return page.data.title if page else None


@dataclass(frozen=True)
class Row:
    """One item in both languages, with what places it (its plan, its position, its agency)."""

    items: dict  # lang → the model (or part of one) in that language
    site: Site
    pages: dict = field(default_factory=dict)  # lang → the page it is (plans, hotlines)
    plan: str | None = None
    position: int | None = None
    agency: str | None = None

    @property
    def vi(self) -> Any:
        """The Vietnamese item; facts are the same in both languages (checked when reading)."""
        return self.items["vi"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # a key of KINDS
    en: str
    vi: str
    get: Callable[[Row], Any]
    required: bool = False  # True: never empty
    choices: tuple = ()

    def description(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en

    def json_schema(self) -> dict:
        schema = {**KINDS[self.kind], "description": self.en, "x-description-vi": self.vi}
        if self.kind in CSV_JOIN:
            schema["x-csv-separator"] = CSV_JOIN[self.kind]
        if self.choices:
            schema["enum"] = list(self.choices) + ([] if self.required else [None])
        if not self.required:
            schema["type"] = [schema["type"], "null"]
        return schema


def in_both(
    name: str, kind: str, en: str, vi: str, get: Callable[[Row, str], Any], required: bool = False
) -> list[Column]:
    """Two columns, `<name>_vi` and `<name>_en`: the same field read in each language."""
    return [
        Column(
            f"{name}_{lang}",
            kind,
            f"{en}, {LANG_WORDS[lang][0]}.",
            f"{vi}, {LANG_WORDS[lang][1]}.",
            _in_lang(get, lang),
            required,
        )
        for lang in LANGUAGES
    ]


def _in_lang(get: Callable[[Row, str], Any], lang: str) -> Callable[[Row], Any]:
    """`get` with its language fixed."""
    return lambda row: get(row, lang)


def field_of(name: str) -> Callable[[Row, str], Any]:
    """Reads `name` from the item in the asked language (None where the type has no such field)."""
    return lambda row, lang: getattr(row.items[lang], name, None)


def choices_of(model, name: str) -> tuple:
    """The allowed values of a `Literal` field of a content schema."""
    annotation = model.model_fields[name].annotation
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return tuple(
        value
        for arg in get_args(annotation)
        if get_origin(arg) is Literal
        for value in get_args(arg)
    )


def json_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, tuple):
        return list(value)
    return value


# a spreadsheet runs such a cell: OWASP's "CSV Injection" advice is a leading '
FORMULA_START = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
)


def csv_value(column: Column, value: Any) -> str:
    """The cell: a value that a spreadsheet would run as a formula gets a leading ' (the Open data
    page says so).

    >>> text = Column("title", "text", "", "", print)
    >>> number = Column("value", "number", "", "", print)
    >>> [csv_value(text, v) for v in ("=1+2", "@SUM(A1)", "Plan 24")], csv_value(number, 95.0)
    (["'=1+2", "'@SUM(A1)", 'Plan 24'], '95')
    """
    value = json_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = CSV_JOIN[column.kind].join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
