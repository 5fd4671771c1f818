"""`invoke new TYPE --slug SLUG`: a Vietnamese and an English file with every field of the type's
schema.

Each field comes with a comment in the file's language (its meaning, whether it is required,
its kind of value, allowed values, default and an example) read from the schema, so a new
field appears here as soon as it is declared. `type`, `slug` and `lang` are filled in, a field
with a default carries it, and every other value is the placeholder `TODO`, which `invoke check`
reports by field name until it is replaced (or, for an optional field, the line deleted).

>>> text = scaffold("page", "vi-du", "en")
>>> [line for line in text.splitlines() if not line.lstrip().startswith("#")][:8]
... # doctest: +NORMALIZE_WHITESPACE
['---', 'type: page', 'title: TODO', 'slug: vi-du', 'lang: en', 'summary: TODO',
 'localities:', '  - TODO']
"""

from __future__ import annotations

import re
from pathlib import Path

from portal.content.documents import PLACEHOLDER
from portal.content.fields import FieldDoc, example_text, fields_of, yaml_value
from portal.content.languages import LANGUAGES
from portal.content.schema import SCHEMAS, SECTIONS

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
WORDS = {
    "required": ("required", "bắt buộc"),
    "optional": ("optional", "không bắt buộc"),
    "allowed": ("allowed", "giá trị cho phép"),
    "default": ("default", "mặc định"),
    "example": ("Example", "Ví dụ"),
    "fact": ("same in both languages", "giống nhau ở cả hai ngôn ngữ"),
}
HEADER = {
    "en": [
        "Made by `invoke new {kind}`. Replace each TODO with the real value; delete the "
        "line of an optional field that does not apply.",
        "Below the second '---' line, replace TODO with the page text in Markdown. Then "
        "run: invoke check --lang en",
    ],
    "vi": [
        "Tệp do `invoke new {kind}` tạo ra. Thay mỗi TODO bằng giá trị thật; xóa dòng của "
        "trường không bắt buộc nếu không dùng.",
        "Bên dưới dòng '---' thứ hai, thay TODO bằng nội dung trang viết bằng Markdown. "
        "Sau đó chạy: invoke check --lang vi",
    ],
}
FILLED = ("type", "slug", "lang")


def scaffold(kind: str, slug: str, lang: str) -> str:
    """The text of a new `kind` file in `lang`."""
    lines = ["---", *(f"# {line.format(kind=kind)}" for line in HEADER[lang]), "#"]
    fields = fields_of(SCHEMAS[kind])
    top = [f for f in fields if len(f.path) == 1]
    values = {"type": kind, "slug": slug, "lang": lang}
    for field in top:
        lines += _field_lines(field, fields, lang, 0, values.get(field.name))
    lines += ["---", "", PLACEHOLDER, ""]
    return "\n".join(lines)


def write_scaffold(content: Path, kind: str, slug: str) -> list[Path]:
    """Write `content/<section>/<slug>.vi.md` and `.en.md`; refuse to replace either."""
    if kind not in SCHEMAS:
        raise ValueError(f"unknown type '{kind}': use one of {', '.join(SCHEMAS)}")
    if not SLUG.match(slug):
        raise ValueError(
            f"the slug '{slug}' must be lower-case letters, digits and hyphens, e.g. "
            "ke-hoach-12-2026"
        )
    paths = [content / SECTIONS[kind] / f"{slug}.{lang}.md" for lang in LANGUAGES]
    existing = [str(p) for p in paths if p.exists()]
    if existing:
        raise FileExistsError(f"not overwriting {', '.join(existing)}: nothing was written")
    for path, lang in zip(paths, LANGUAGES, strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(scaffold(kind, slug, lang), encoding="utf-8")
    return paths


def comment(field: FieldDoc, lang: str) -> str:
    """`meaning (required; kind; allowed: …; default: …) Example: …` in `lang`."""
    vi = lang == "vi"
    notes = [WORDS["required" if field.required else "optional"][vi]]
    if field.choices:
        notes.append(f"{WORDS['allowed'][vi]}: {', '.join(map(str, field.choices))}")
    else:
        notes.append(field.kind_name(lang))
    if field.default not in (None, []):
        notes.append(f"{WORDS['default'][vi]}: {yaml_value(field.default)}")
    if field.fact:
        notes.append(WORDS["fact"][vi])
    text = f"{field.help(lang)} ({'; '.join(notes)})"
    if field.example not in (None, []) and field.kind != "group":
        text += f" {WORDS['example'][vi]}: {example_text(field.example)}"
    return text


def _field_lines(
    field: FieldDoc, fields: list[FieldDoc], lang: str, indent: int, value=None, dash: bool = False
) -> list[str]:
    """The comment and `name: value` lines of one field; a group's fields follow, indented."""
    pad = " " * indent
    first = pad[:-2] + "- " if dash else pad
    lines = [f"{pad}# {comment(field, lang)}"]
    if field.model is not None:
        children = [f for f in fields if f.path[:-1] == field.path]
        inner = indent + (4 if field.is_list else 2)
        lines.append(f"{first}{field.name}:")
        for i, child in enumerate(children):
            lines += _field_lines(child, fields, lang, inner, dash=field.is_list and i == 0)
        return lines
    if value is None:
        value = field.default if field.default not in (None, []) else PLACEHOLDER
    if field.is_list:
        return [*lines, f"{first}{field.name}:", f"{pad}  - {PLACEHOLDER}"]
    return [*lines, f"{first}{field.name}: {value if value == PLACEHOLDER else yaml_value(value)}"]
