"""Read one content file into a validated model, collecting every problem on the way.

This is the single path from a file on disk to content: the Pelican reader and `invoke
check` both call `read_document`, so the build and the check can never disagree.
"""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .frontmatter import FrontMatter, FrontMatterError, decode, first_decomposed_line, split_and_parse
from .problems import Problem
from .schema import SCHEMAS, SECTIONS

FILE_NAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>vi|en)\.md$")


@dataclass
class Document:
    path: str
    text: str = ""
    front: FrontMatter | None = None
    model: BaseModel | None = None
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, loc: tuple) -> int:
        return self.front.line_of(loc) if self.front else 1

    def problem(self, loc: tuple, message: str, fix: str = "", severity: str = "error") -> None:
        self.problems.append(Problem(self.path, self.line_of(loc), dotted(loc), message, fix, severity))


def dotted(loc: tuple) -> str:
    """('targets', 2, 'value') -> 'targets[2].value'"""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_document(source: Path, display_path: str) -> Document:
    doc = Document(display_path)
    try:
        doc.text = decode(source.read_bytes())
        _check_normal_form(doc)
        doc.front = split_and_parse(unicodedata.normalize("NFC", doc.text))
    except FrontMatterError as exc:
        doc.problems.append(Problem(display_path, exc.line, "", exc.message, exc.fix))
        return doc
    doc.model = _validate(doc)
    if doc.model is not None:
        _check_file_name(doc, source)
    return doc


def _check_normal_form(doc: Document) -> None:
    line = first_decomposed_line(doc.text)
    if line:
        doc.problems.append(Problem(doc.path, line, "", "the text uses decomposed Unicode (accents stored as separate marks)", "run `invoke check --fix` to convert the file to NFC"))


def _validate(doc: Document) -> BaseModel | None:
    kind = doc.front.data.get("type")
    schema = SCHEMAS.get(kind)
    if schema is None:
        known = ", ".join(sorted(SCHEMAS))
        doc.problem(("type",), f"expected one of {known}, got {kind!r}", f"write type: {_closest(str(kind), SCHEMAS) or 'page'}")
        return None
    try:
        return schema.model_validate(doc.front.data)
    except ValidationError as exc:
        for error in exc.errors():
            _add_validation_problem(doc, schema, error)
        return None


def _add_validation_problem(doc: Document, schema: type[BaseModel], error: dict) -> None:
    loc, kind = tuple(error["loc"]), error["type"]
    if kind == "missing":
        example = _field_info(schema, loc)
        hint = f"add '{loc[-1]}:'" + (f" (for example: {example.examples[0]!r})" if example and example.examples else "")
        doc.problem(loc[:-1] or loc, f"the required field '{loc[-1]}' is missing", hint)
        return
    if kind == "extra_forbidden":
        parent = _model_at(schema, loc[:-1])
        known = list(parent.model_fields) if parent else []
        guess = _closest(str(loc[-1]), known)
        doc.problem(loc, "is not a field of this content type", f"did you mean '{guess}'?" if guess else f"remove it; known fields: {', '.join(known)}")
        return
    info = _field_info(schema, loc)
    fix = (info.json_schema_extra or {}).get("fix", "") if info else ""
    value = error.get("input")
    got = "" if isinstance(value, dict) else f", got {_shown(value)}"
    doc.problem(loc, f"{_expected(error)}{got}", fix)


def _expected(error: dict) -> str:
    message = error["msg"]
    message = re.sub(r"^Input should be ", "expected ", message)
    message = re.sub(r"^Value error, ", "", message)
    message = re.sub(r"^String should match pattern .*", "expected a different form", message)
    return message


def _shown(value) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "nothing"
    return repr(value)[:60]


def _model_at(schema: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    model = schema
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = _model_in(info.annotation)
        if model is None:
            return None
    return model


def _field_info(schema: type[BaseModel], loc: tuple):
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None
    parent = _model_at(schema, tuple(names[:-1]))
    return parent.model_fields.get(names[-1]) if parent else None


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _closest(word: str, choices) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _check_file_name(doc: Document, source: Path) -> None:
    model = doc.model
    match = FILE_NAME.match(source.name)
    if not match:
        doc.problem(("slug",), f"the file name '{source.name}' is not NAME.vi.md or NAME.en.md", f"rename it to {model.slug}.{model.lang}.md")
        return
    if match["lang"] != model.lang:
        doc.problem(("lang",), f"says '{model.lang}' but the file name ends in .{match['lang']}.md", f"write lang: {match['lang']}")
    if match["slug"] != model.slug:
        doc.problem(("slug",), f"'{model.slug}' differs from the file name '{match['slug']}'", f"write slug: {match['slug']} (or rename the file)")
    section = SECTIONS[model.type]
    if source.parent.name != section:
        doc.problem(("type",), f"a {model.type} must live in content/{section}/, not in {source.parent.name}/", f"move the file to content/{section}/")
