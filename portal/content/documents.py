"""Read one content file into a validated model, collecting every problem on the way.

This is the single path from a file on disk to content: the Pelican reader and `invoke
check` both call `read_document`, so the build and the check can never disagree. A value
left as the scaffolding's placeholder `TODO` (see `portal.commands.new`) is reported by field and
keeps the file from being used. `read_document` never raises: a file too large, a link out of
`content/`, or anything that breaks the reader becomes a problem of that file, so it can never
be mistaken for a missing translation of the other language's file.
"""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from portal.content.body import check_body, links_in, render_body, too_complex
from portal.content.fields import example_text, yaml_value
from portal.content.frontmatter import (
    META_CONTROL,
    FrontMatter,
    FrontMatterError,
    decode,
    first_control_character,
    first_decomposed_line,
    split_and_parse,
)
from portal.content.phones import written_numbers
from portal.content.problems import NOTHING, Problem, Said, problem, same, say
from portal.content.schema import SCHEMAS, SECTIONS, Content

FILE_NAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>vi|en)\.md$")
PLACEHOLDER = "TODO"
# a page of text is some kilobytes; more is a mistake or an attack, not worth parsing
MAX_FILE_BYTES = 256 * 1024
# pydantic error types -> message ids in core.messages
ERROR_IDS = {
    "float_type": "float_parsing",
    "int_type": "int_parsing",
    "int_from_float": "int_parsing",
    "bool_type": "bool_parsing",
    "date_from_datetime_parsing": "date_parsing",
    "date_from_datetime_inexact": "date_parsing",
    "date_type": "date_parsing",
    "dict_type": "model_type",
    "model_attributes_type": "model_type",
}
OWN_WORDING = {
    "float_parsing",
    "int_parsing",
    "bool_parsing",
    "date_parsing",
    "string_too_short",
    "too_short",
    "string_pattern_mismatch",
    "string_type",
}
# the schema's own validators
OWN_WORDING |= {
    "date_range",
    "finite_number",
    "greater_than_equal",
    "less_than_equal",
    "list_type",
    "model_type",
    "share_over_100",
    "period_order",
}


@dataclass
class Document:
    path: str
    text: str = ""
    front: FrontMatter | None = None
    model: Content | None = None
    problems: list[Problem] = field(default_factory=list)
    # (line, address) in the body, kept with the cached page
    links: list[tuple[int, str]] | None = None
    # (line, field, number as written) of the phone numbers the file shows, kept likewise
    numbers: list[tuple[int, tuple, str]] | None = None
    html: str = ""  # the body rendered, as the page shows it
    # the file, to find a field's line again once `front` was let go (`forget_front`)
    source: str = ""

    def line_of(self, loc: tuple) -> int:
        if self.front is None and self.source:
            self.front = _front_again(self.source)
        return self.front.line_of(loc) if self.front else 1

    def forget_front(self, source: Path) -> None:
        """Let the front matter and its line map go: a site keeps thousands of documents, and
        a line is asked for only when a check finds a problem; `line_of` then reads the file again
        (a build's files do not change while it runs)."""
        self.front, self.source = None, str(source)

    def problem(
        self, loc: tuple, message: Said, fix: Said = NOTHING, severity: str = "error"
    ) -> None:
        self.problems.append(
            problem(self.path, self.line_of(loc), dotted(loc), message, fix, severity)
        )


def _front_again(source: str) -> FrontMatter | None:
    try:
        text = plain_text(decode(Path(source).read_bytes()))
        return split_and_parse(unicodedata.normalize("NFC", text))
    except (OSError, FrontMatterError):
        return None


def dotted(loc: tuple) -> str:
    """('targets', 2, 'value') -> 'targets[2].value'"""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_document(source: Path, display_path: str, content_root: Path | None = None) -> Document:
    """The file read, checked and validated; never raises (a file that breaks the reader is one
    problem)."""
    doc = Document(display_path)
    try:
        _read(doc, source, content_root)
    except Exception as exc:  # the last resort: no file may stop the build with a traceback
        doc.model = None
        detail = f"{type(exc).__name__}: {exc}"[:200]
        doc.problems.append(
            problem(display_path, 1, "", say("unreadable", detail=detail), say("simplify_file"))
        )
    return doc


def _read(doc: Document, source: Path, content_root: Path | None) -> None:
    if content_root is not None and not source.resolve().is_relative_to(content_root.resolve()):
        doc.problems.append(
            problem(
                doc.path,
                1,
                "",
                say("link_outside", target=str(source.resolve())),
                say("copy_instead"),
            )
        )
        return
    raw = source.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        doc.problems.append(
            problem(
                doc.path,
                1,
                "",
                say("file_too_large", size=len(raw) // 1024, limit=MAX_FILE_BYTES // 1024),
                say("split_file"),
            )
        )
        return
    try:
        doc.text = plain_text(decode(raw))
        _refuse_control_characters(doc.text)
        front = doc.front = split_and_parse(unicodedata.normalize("NFC", doc.text))
    except FrontMatterError as exc:
        where = (
            dotted(exc.field)
            if exc.field
            else _field_in_text(doc.text or raw.decode("utf-8", "replace"), exc.line)
        )
        doc.problems.append(problem(doc.path, exc.line, where, exc.message, exc.fix))
        return
    _check_normal_form(doc, front)
    _check_body(doc, front)
    pairs = list(scalars(front.data, ()))
    doc.numbers = numbers_in(front, pairs)
    placeholders = _check_placeholders(doc, front, pairs)
    doc.model = _validate(doc, front, placeholders)
    if doc.model is not None:
        _check_file_name(doc, doc.model, source)


def _check_body(doc: Document, front: FrontMatter) -> None:
    slow = too_complex(doc.path, front)
    if slow is not None:  # rendering it would take minutes, or crash
        doc.problems.append(slow)
        doc.links = []
        return
    doc.html = render_body(front.body)
    doc.problems += check_body(doc.path, front, doc.html)
    doc.links = links_in(front)


def numbers_in(
    front: FrontMatter, pairs: list[tuple[tuple, object]] | None = None
) -> list[tuple[int, tuple, str]]:
    """(line, field, number as written) of each phone number in the text fields and the body,
    code included (`portal.content.phones.written_numbers`). `pairs`: the front matter's
    `scalars`, when the caller has them."""
    pairs = pairs if pairs is not None else list(scalars(front.data, ()))
    body = front.body
    found = numbers_in_fields(pairs, front.line_of) + [
        (front.body_line + body.count("\n", 0, at), ("body",), number)
        for at, number in written_numbers(body)
    ]
    return list(dict.fromkeys(found))  # "gọi [115](tel:115)": one number on its line


def numbers_in_fields(
    pairs: Iterable[tuple[tuple, object]], line_of: Callable[[tuple], int]
) -> list[tuple[int, tuple, str]]:
    """(line, field, number as written) of each phone number in the text values of `pairs`
    ((field, value), as `scalars` gives them); `line_of(field)` is the field's line."""
    texts = [(loc, value) for loc, value in pairs if isinstance(value, str)]
    # one search of every field at once (no number runs over a line break); each number's field
    # is the one its offset falls in
    starts = list(accumulate((len(value) + 1 for _loc, value in texts[:-1]), initial=0))
    found = []
    for at, number in written_numbers("\n".join(value for _loc, value in texts)):
        loc = texts[bisect_right(starts, at) - 1][0]
        found.append((line_of(loc), loc, number))
    return found


def plain_text(text: str) -> str:
    """The text without a byte-order mark and with Windows line endings made plain newlines."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _refuse_control_characters(text: str) -> None:
    found = first_control_character(text)
    if found:
        line, char = found
        raise FrontMatterError(
            line, say("control_character", char=f"U+{ord(char):04X}"), say("delete_control")
        )


def _field_in_text(text: str, line: int) -> str:
    """The field on `line` of a file that could not be read, when its front matter can be."""
    try:
        return dotted(split_and_parse(META_CONTROL.sub(" ", text)).field_at(line))
    except FrontMatterError:
        return ""


def _check_normal_form(doc: Document, front: FrontMatter) -> None:
    line = first_decomposed_line(doc.text)
    if line:
        doc.problems.append(
            problem(doc.path, line, dotted(front.field_at(line)), say("nfd"), say("run_fix_nfc"))
        )


def _check_placeholders(doc: Document, front: FrontMatter, pairs: list) -> list[tuple]:
    """Every value still `TODO`, reported with the field's example; returns their locations."""
    schema = _schema_of(front)
    found = [loc for loc, value in pairs if value == PLACEHOLDER]
    for loc in found:
        info = _field_info(schema, loc) if schema else None
        example = _example_of(info, loc)
        fix = say(
            "fill_required" if info is not None and info.is_required() else "fill_or_delete",
            example=example,
        )
        doc.problem(loc, say("placeholder"), fix)
    stripped = [line.strip() for line in front.body.split("\n")]
    if PLACEHOLDER in stripped:
        line = front.body_line + stripped.index(PLACEHOLDER)
        doc.problems.append(
            problem(doc.path, line, "body", say("body_placeholder"), say("write_body"))
        )
        found.append(("body",))
    return found


def _schema_of(front: FrontMatter) -> type[Content] | None:
    kind = front.data.get("type")
    return SCHEMAS.get(kind) if isinstance(kind, str) else None


def scalars(value, loc: tuple):
    """(field, value) of every value that is neither a mapping nor a list, in file order."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from scalars(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from scalars(item, (*loc, i))
    else:
        yield loc, value


def example_in_message(example) -> str:
    """An example in a message: text in quotes, anything else as YAML writes it on one line."""
    return repr(example) if isinstance(example, str) else yaml_value(example)


def _example_of(info, loc: tuple) -> str:
    example = info.examples[0] if info is not None and info.examples else "…"
    if isinstance(example, list) and isinstance(loc[-1], int):  # an item of a list field
        example = example[0] if example else "…"
    return example_text(example)


def _validate(doc: Document, front: FrontMatter, placeholders: list[tuple]) -> Content | None:
    kind = front.data.get("type")
    schema = _schema_of(front)
    if schema is None:
        known = ", ".join(sorted(SCHEMAS))
        doc.problem(
            ("type",),
            say("unknown_type", known=known, got=repr(kind)),
            say("write_value", name="type", value=_closest(str(kind), SCHEMAS) or "page"),
        )
        return None
    try:
        model = schema.model_validate(front.data)
    except ValidationError as exc:
        for error in exc.errors():
            if not any(tuple(error["loc"])[: len(p)] == p for p in placeholders):
                _add_validation_problem(doc, schema, error)
        return None
    return None if placeholders else model


def _add_validation_problem(doc: Document, schema: type[BaseModel], error: ErrorDetails) -> None:
    loc, kind = tuple(error["loc"]), error["type"]
    if kind == "missing":
        info = _field_info(schema, loc)
        name = loc[-1]
        fix = (
            say("add_field_example", name=name, example=example_in_message(info.examples[0]))
            if info and info.examples
            else say("add_field", name=name)
        )
        doc.problem(loc[:-1] or loc, say("missing_field", name=name), fix)
        return
    if kind == "extra_forbidden":
        parent = _model_at(schema, loc[:-1])
        known = list(parent.model_fields) if parent else []
        guess = _closest(str(loc[-1]), known)
        doc.problem(
            loc,
            say("not_a_field"),
            say("did_you_mean_field", guess=guess)
            if guess
            else say("remove_field", known=", ".join(known)),
        )
        return
    info = _field_info(schema, loc)
    value = error.get("input")
    message = expected(error)
    if not isinstance(value, dict):
        message = say(
            "got", expected=message, value=say("nothing") if value is None else same(_shown(value))
        )
    doc.problem(loc, message, _fix_of(info))


def _fix_of(info) -> Said:
    """The field's own fix from the schema, else its example."""
    if info is None:
        return NOTHING
    extra = info.json_schema_extra or {}
    if extra.get("fix"):
        return Said(extra["fix"], extra.get("fix_vi") or extra["fix"])
    if info.examples and not isinstance(info.examples[0], list | dict):
        return say("example", example=info.examples[0])
    return NOTHING


def expected(error: ErrorDetails) -> Said:
    """What the field expects, in both languages where the catalog words it (pydantic's words
    otherwise)."""
    kind = ERROR_IDS.get(error["type"], error["type"])
    ctx = {
        k: (f"{v:g}" if isinstance(v, float) else v) for k, v in (error.get("ctx") or {}).items()
    }
    if kind == "literal_error":
        return Said(
            f"expected {ctx['expected']}",
            say("literal_error", expected=ctx["expected"].replace(" or ", " hoặc ")).vi,
        )
    if kind in OWN_WORDING:
        return say(kind, **ctx)
    return same(re.sub(r"^(Input should be |Value error, )", "", error["msg"]))


def _shown(value) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)[:60]


def _model_at(schema: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    model = schema
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        inner = _model_in(info.annotation)
        if inner is None:
            return None
        model = inner
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


def _check_file_name(doc: Document, model: Content, source: Path) -> None:
    match = FILE_NAME.match(source.name)
    if not match:
        doc.problem(
            ("slug",),
            say("bad_file_name", name=source.name),
            say("rename_to", name=f"{model.slug}.{model.lang}.md"),
        )
        return
    if match["lang"] != model.lang:
        doc.problem(
            ("lang",),
            say("lang_mismatch", lang=model.lang, file_lang=match["lang"]),
            say("write_value", name="lang", value=match["lang"]),
        )
    if match["slug"] != model.slug:
        doc.problem(
            ("slug",),
            say("slug_mismatch", slug=model.slug, stem=match["slug"]),
            say("write_slug_or_rename", stem=match["slug"]),
        )
    section = SECTIONS[model.type]
    if source.parent.name != section:
        doc.problem(
            ("type",),
            say("wrong_folder", type=model.type, section=section, folder=source.parent.name),
            say("move_to", section=section),
        )
