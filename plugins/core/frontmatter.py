"""Split a content file into YAML front matter and Markdown body, keeping line numbers.

Every value in the front matter is mapped to the line it sits on, so that an error on
`targets[2].value` can name the file's line 14 rather than "somewhere in the header".

>>> doc = split_and_parse("---\\ntitle: A\\ntargets:\\n  - value: 95\\n---\\nBody\\n")
>>> doc.data["targets"][0]["value"], doc.line_of(("targets", 0, "value")), doc.body_line
('95', 4, 6)

Scalars stay strings (no YAML timestamps or booleans guessed from text): the schema parses
them, so "2017-02-30" is reported as a date that does not exist instead of crashing the loader.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import yaml

from .problems import Said, say

try:  # the C loader is several times faster on a national-scale site
    _BaseLoader = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.BaseLoader

FENCE = "---"


@dataclass
class FrontMatter:
    data: dict
    lines: dict[tuple, int]
    body: str
    body_line: int

    def line_of(self, path: tuple) -> int:
        """The line of `path`, or of its nearest parent that has one (1 if none)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def field_at(self, line: int) -> tuple:
        """The deepest field written on `line` (or the one whose value runs over it); ("body",) below the metadata."""
        if line >= self.body_line:
            return ("body",)
        before = [(at, len(path), path) for path, at in self.lines.items() if path and at <= line]
        return max(before)[2] if before else ()


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: Said, fix: Said):
        super().__init__(message.en)
        self.line, self.message, self.fix = line, message, fix


def decode(raw: bytes) -> str:
    """UTF-8 text, or FrontMatterError naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrontMatterError(line, say("not_utf8", byte=f"{raw[exc.start]:02x}"), say("save_utf8")) from None


def first_decomposed_line(text: str) -> int:
    """Line of the first character sequence that is not in NFC form, or 0."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not unicodedata.is_normalized("NFC", line):
            return number
    return 0


def split_and_parse(text: str) -> FrontMatter:
    """Parse `---`-fenced YAML at the top of `text`; raise FrontMatterError if it is wrong."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise FrontMatterError(1, say("no_fence"), say("add_fences"))
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise FrontMatterError(1, say("unclosed"), say("add_closing")) from None
    yaml_text = "\n".join(lines[1:end])
    node = _compose(yaml_text)
    if node is None or not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(2, say("not_mapping"), say("one_per_line"))
    positions: dict[tuple, int] = {}
    data = _construct(node, (), positions)
    body = "\n".join(lines[end + 1 :])
    return FrontMatter(data=data, lines=positions, body=body, body_line=end + 2)


def _compose(yaml_text: str):
    try:
        return yaml.compose(yaml_text, Loader=_BaseLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 2) if mark else 2  # +1 for 1-based, +1 for the opening fence
        raise FrontMatterError(line, say("yaml_error", detail=exc.problem), say("yaml_fix")) from None


def _construct(node, path: tuple, positions: dict):
    positions[path] = node.start_mark.line + 2
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in result:
                raise FrontMatterError(key_node.start_mark.line + 2, say("twice", key=key), say("keep_one"))
            result[key] = _construct(value_node, (*path, key), positions)
            positions[(*path, key)] = key_node.start_mark.line + 2
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), positions) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:null" or (node.style in (None, "") and node.value in ("", "~", "null")):
        return None
    return node.value
