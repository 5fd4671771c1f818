"""Split a content file into YAML front matter and Markdown body, keeping line numbers.

Every value in the front matter is mapped to the line it sits on, so that an error on
`targets[2].value` can name the file's line 14 rather than "somewhere in the header".

>>> doc = split_and_parse("---\\ntitle: A\\ntargets:\\n  - value: 95\\n---\\nBody\\n")
>>> doc.data["targets"][0]["value"], doc.line_of(("targets", 0, "value")), doc.body_line
('95', 4, 6)

Scalars stay strings (no YAML timestamps or booleans guessed from text): the schema parses
them, so "2017-02-30" is reported as a date that does not exist instead of crashing the loader.

The mapping is built here from the parser's events rather than by a YAML constructor, so that
the work is bounded whatever a contributor writes: an anchor or alias is refused at its line
(a content file has no need of them, and nested aliases are the "billion laughs" that expand
a 1 KB file into gigabytes), nesting stops at `MAX_DEPTH` levels, a key written twice is
refused, and nothing recurses, so 5,000 nested brackets are an error rather than a crash.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import yaml

from portal.content.problems import Said, say

BaseLoader: type[yaml.CBaseLoader] | type[yaml.BaseLoader]
SafeLoader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # the C loaders are several times faster on a national-scale site
    BaseLoader, SafeLoader = yaml.CBaseLoader, yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    BaseLoader, SafeLoader = yaml.BaseLoader, yaml.SafeLoader

FENCE = "---"
MAX_DEPTH = 12  # the deepest field of any schema is 4 levels down (duties[0].agencies[0])
# Invisible characters no Vietnamese or English text needs, which make a text show other than
# it reads: direction overrides, embeddings, isolates and marks (the "Trojan Source" characters,
# CVE-2021-42574), zero-width spaces, word joiners, soft hyphens and a byte-order mark inside the
# text; any of them can also split a phone number so that no check sees it.
INVISIBLE = "\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
META_CONTROL = re.compile(rf"[\x00-\x09\x0b-\x1f\x7f-\x9f\ufffe\uffff{INVISIBLE}]")
BODY_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff{INVISIBLE}]")


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
        """The deepest field written on `line` (or the one whose value runs over it); ("body",)
        below the metadata."""
        if line >= self.body_line:
            return ("body",)
        before = [(at, len(path), path) for path, at in self.lines.items() if path and at <= line]
        return max(before)[2] if before else ()


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: Said, fix: Said, field: tuple = ()):
        super().__init__(message.en)
        self.line, self.message, self.fix, self.field = line, message, fix, field


def decode(raw: bytes) -> str:
    """UTF-8 text, or FrontMatterError naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrontMatterError(
            line, say("not_utf8", byte=f"{raw[exc.start]:02x}"), say("save_utf8")
        ) from None


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
    data, positions = load_yaml("\n".join(lines[1:end]), first_line=2)
    if not isinstance(data, dict):
        raise FrontMatterError(2, say("not_mapping"), say("one_per_line"))
    body = "\n".join(lines[end + 1 :])
    return FrontMatter(data=data, lines=positions, body=body, body_line=end + 2)


def first_control_character(text: str) -> tuple[int, str] | None:
    """(line, character) of the first control character the file may not hold, or None.

    A tab is refused in the metadata (YAML indents with spaces) but allowed in the body.
    """
    lines = text.split("\n")
    end = (
        next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), len(lines))
        if lines[0].strip() == FENCE
        else 0
    )
    for number, line in enumerate(lines, start=1):
        found = (META_CONTROL if number <= end + 1 else BODY_CONTROL).search(line)
        if found:
            return number, found.group()
    return None


def load_yaml(yaml_text: str, first_line: int = 1):
    """The value (strings, lists, mappings) and the line of every part, built from the parser's
    events (see the module docstring); `first_line` is the file's line of the text's first line.

    >>> load_yaml("- a\\n- b: c\\n", first_line=1)
    (['a', {'b': 'c'}], {(): 1, (0,): 1, (1,): 2, (1, 'b'): 2})
    """
    tree = _Tree()
    try:
        for event in yaml.parse(yaml_text, Loader=BaseLoader):
            start = event.start_mark
            assert start is not None  # the parser marks where every event starts
            tree.add(event, start.line + first_line)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + first_line) if mark else first_line
        raise FrontMatterError(
            line,
            say("yaml_error", detail=getattr(exc, "problem", None) or str(exc)),
            say("yaml_fix"),
        ) from None
    return tree.root, tree.positions


class _Tree:
    """Mappings, lists and strings from YAML events, with an explicit stack (no recursion)."""

    def __init__(self) -> None:
        self.root = None
        self.positions: dict[tuple, int] = {}
        # [container, its path, the key waiting for a value, that key's line]
        self.stack: list[list] = []
        self.documents = 0

    def add(self, event, line: int) -> None:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterError(
                line, say("yaml_alias"), say("yaml_alias_fix"), self._next_path()
            )
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise FrontMatterError(line, say("not_mapping"), say("one_per_line"))
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(self.stack) >= MAX_DEPTH:
                raise FrontMatterError(
                    line, say("too_deep", limit=MAX_DEPTH), say("flatten"), self._next_path()[:1]
                )
            container: dict | list = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append([container, self._place(container, line), None, 0])
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            self._scalar(event, line)

    def _scalar(self, event, line: int) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top[0], dict) and top[2] is None:  # a key
            if event.value in top[0]:
                raise FrontMatterError(
                    line, say("twice", key=event.value), say("keep_one"), (*top[1], event.value)
                )
            top[2], top[3] = event.value, line
            return
        null = event.tag == "tag:yaml.org,2002:null" or (
            event.style in (None, "") and event.value in ("", "~", "null")
        )
        self._place(None if null else event.value, line)

    def _next_path(self) -> tuple:
        """The path of the value the parser is at (for naming the field of an error)."""
        if not self.stack:
            return ()
        container, path, key = self.stack[-1][:3]
        if isinstance(container, list):
            return (*path, len(container))
        return (*path, key) if key is not None else path

    def _place(self, value, line: int) -> tuple:
        if not self.stack:
            self.root, self.positions[()] = value, line
            return ()
        top = self.stack[-1]
        parent, path = top[0], top[1]
        if isinstance(parent, list):
            here = (*path, len(parent))
            parent.append(value)
            self.positions[here] = line
            return here
        if top[2] is None:  # a list or mapping used as a key
            raise FrontMatterError(line, say("not_mapping"), say("one_per_line"))
        here = (*path, top[2])
        parent[top[2]] = value
        self.positions[here] = top[3]
        top[2] = None
        return here
