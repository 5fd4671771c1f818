"""Write new front-matter values into an existing file the way a careful person would.

`write(old_text, data, body, model)` (what a save writes) puts `data` in the schema's order and
calls `merge(old_text, data, body, model)`, which keeps every line of a field whose value did not
change, byte for byte (its comments, its quoting, its place), rewrites only the fields that changed,
and, in a changed list, only the items that changed. A new field goes after the field the
schema declares before it; a field emptied in the form is removed. Values are compared as the
site reads them (`portal.content.frontmatter`: every scalar a string), so `95`, `"95"` and `95.0`
are one. `static/merge.js` is this module in JavaScript, for saves that do not pass through our
server (a hosted Git backend, a published editor); `test_editor.py` runs both on the same cases.

>>> old = "---\\n# the title\\ntitle: Cũ\\ntargets:\\n  - value: 95\\n"
>>> old += "    unit: \\"%\\"\\n  - value: 2\\n---\\n\\nBody\\n"
>>> data = {"title": "Mới", "targets": [{"value": "95", "unit": "%"}, {"value": "3"}]}
>>> print(merge(old, data, "\\nBody\\n", ["title", "targets"]), end="")
---
# the title
title: Mới
targets:
  - value: 95
    unit: "%"
  - value: 3
---
<BLANKLINE>
Body
>>> data = {"title": ">= 5", "status": "", "localities": ["01"]}
>>> print(merge(None, data, "Text", ["title", "status", "localities"]), end="")
---
title: ">= 5"
localities:
  - "01"
---
<BLANKLINE>
Text
"""

from __future__ import annotations

import functools
import json
import re

import yaml

from portal.content.fields import describe
from portal.content.frontmatter import BaseLoader, FrontMatterError, SafeLoader, split_and_parse

FENCE = "---"
KEY_LINE = re.compile(r"^(?P<key>[^\s#\-][^:]*):(\s|$)")
EMPTY: tuple[object, ...] = (None, "", [], {})


def merge(old_text: str | None, data: dict, body: str, model) -> str:
    """The file with `data` (every scalar a string) as its front matter and `body` below it.

    `model` is the type's schema (for the order of fields, nested groups included) or a list of
    top-level field names."""
    order = _order(model)
    if old_text is None:
        lines = [
            line for key in order if not _empty(data.get(key)) for line in emit(key, data[key])
        ]
        extra = [
            line
            for key, value in data.items()
            if key not in order and not _empty(value)
            for line in emit(key, value)
        ]
        return "\n".join([FENCE, *lines, *extra, FENCE, ""]) + ("\n" + body.strip("\n") + "\n")
    old = split_and_parse(old_text)
    all_lines = old_text.split("\n")
    end = next(i for i in range(1, len(all_lines)) if all_lines[i].strip() == FENCE)
    front = _merge_mapping(all_lines[1:end], 0, old.data, data, model)
    old_body = "\n".join(all_lines[end + 1 :])
    new_body = (
        old_body if body.strip("\n") == old_body.strip("\n") else "\n" + body.strip("\n") + "\n"
    )
    return "\n".join([FENCE, *front, FENCE, new_body])


def write(old_text: str | None, data: dict, body: str, model) -> str:
    """What a save writes: `data` in the schema's order merged into `old_text`, or written afresh
    when the merge would not read back as `data` (never trust a clever edit blindly)."""
    data = ordered(data, model)
    text = merge(old_text, data, body, model)
    if old_text is not None and not same(_read_back(text), data):
        text = merge(None, data, body, model)
    return text


def _read_back(text: str) -> dict | None:
    try:
        return split_and_parse(text).data
    except FrontMatterError:
        return None


def ordered(data: dict, model) -> dict:
    """`data` with its fields, and those of its groups, in the order the schema declares them."""
    order = _order(model)
    out = {k: data[k] for k in order if k in data} | {
        k: v for k, v in data.items() if k not in order
    }
    for key, value in out.items():
        nested = _nested(model, key)
        if nested is not None and isinstance(value, dict):
            out[key] = ordered(value, nested)
        elif nested is not None and isinstance(value, list):
            out[key] = [ordered(v, nested) if isinstance(v, dict) else v for v in value]
    return out


def _order(model) -> list[str]:
    """The field names `model` declares: a schema, a list of names, or `rules.rules_of()`'s tree."""
    if model is None:
        return []
    if isinstance(model, dict):
        return [f["name"] for f in model["fields"]]
    return list(model) if isinstance(model, list | tuple) else list(model.model_fields)


def _nested(model, key: str):
    """The schema of the group `key` holds (a list's items or an object), if any."""
    if isinstance(model, dict):
        return next((f for f in model["fields"] if f["name"] == key and "fields" in f), None)
    if model is None or isinstance(model, list | tuple) or key not in model.model_fields:
        return None
    info = model.model_fields[key]
    return describe(info.annotation, info.metadata)[3]


def _merge_mapping(lines: list[str], indent: int, old: dict, new: dict, model) -> list[str]:
    """The lines of a mapping written at `indent`, each unchanged field's lines kept as they are."""
    order = _order(model)
    blocks, trailing = _blocks(lines, indent)
    seen = {key for key, _, _ in blocks}
    out: list[str] = []
    for key, prefix, own in blocks:
        out += prefix
        value = new.get(key)
        if _empty(value):
            if _empty(old.get(key)):
                out += own
            continue  # emptied in the form: the field's lines go
        out += (
            own
            if same(old.get(key), value)
            else _changed(key, old.get(key), value, own, indent, _nested(model, key))
        )
        out += [
            line for k in _inserted_after(key, order, new, seen) for line in emit(k, new[k], indent)
        ]
    head = [
        line for k in _inserted_after(None, order, new, seen) for line in emit(k, new[k], indent)
    ]
    unknown = [
        line
        for k, v in new.items()
        if k not in seen and k not in order and not _empty(v)
        for line in emit(k, v, indent)
    ]
    return [*head, *out, *unknown, *trailing]


def _inserted_after(key: str | None, order: list[str], data: dict, seen: set[str]) -> list[str]:
    """New fields (not in the old file) the schema declares right after `key` (None: before every
    old field)."""
    if key is not None and key not in order:
        return []
    out = []
    for name in order[order.index(key) + 1 if key is not None else 0 :]:
        if name in seen:
            break
        if not _empty(data.get(name)):
            out.append(name)
            seen.add(name)
    return out


def _blocks(
    lines: list[str], indent: int
) -> tuple[list[tuple[str, list[str], list[str]]], list[str]]:
    """(key, blank and comment lines above it, its own lines) for each field at `indent`; the lines
    after the last."""
    blocks: list[tuple[str, list[str], list[str]]] = []
    pending: list[str] = []
    for line in lines:
        depth = len(line) - len(line.lstrip(" "))
        match = KEY_LINE.match(line[indent:]) if depth == indent else None
        if match:
            blocks.append((match["key"].strip(), pending, [line]))
            pending = []
        elif (
            blocks
            and line.strip()
            and (depth > indent or line[indent:].startswith("- ") or line[indent:] == "-")
            and not line.lstrip().startswith("#")
        ):
            blocks[-1][2].extend([*pending, line])  # blank lines inside a value stay with it
            pending = []
        else:
            pending.append(line)
    return blocks, pending


def _changed(key: str, old, new, lines: list[str], indent: int, model) -> list[str]:
    """A changed field: a list keeps each unchanged item's lines, a group each unchanged field's
    lines."""
    if isinstance(old, dict) and isinstance(new, dict) and lines[0].rstrip().endswith(":"):
        return [lines[0], *_merge_mapping(lines[1:], indent + 2, old, new, model)]
    if not (isinstance(old, list) and isinstance(new, list)) or not old:
        return emit(key, new, indent)
    items = _items(lines[1:])
    if len(items) != len(old):  # flow style or a layout we cannot cut into items safely
        return emit(key, new, indent)
    out = [lines[0]]
    for i, value in enumerate(new):
        if i < len(old) and same(old[i], value):
            out += items[i]
        elif (
            i < len(old)
            and isinstance(old[i], dict)
            and isinstance(value, dict)
            and items[i][0].lstrip().startswith("- ")
            and ":" in items[i][0]
        ):
            out += _merge_item(items[i], old[i], value, model)
        else:
            out += _item(value, indent + 2)
    return out


def _merge_item(lines: list[str], old: dict, new: dict, model) -> list[str]:
    """A changed `- key: value` item of a list: merged as the mapping it is, then given its dash
    back."""
    dash = len(lines[0]) - len(lines[0].lstrip(" "))
    as_mapping = [lines[0][:dash] + "  " + lines[0][dash + 2 :], *lines[1:]]
    merged = _merge_mapping(as_mapping, dash + 2, old, new, model)
    first = next(
        i for i, line in enumerate(merged) if line.strip() and not line.lstrip().startswith("#")
    )
    merged[first] = merged[first][:dash] + "- " + merged[first][dash + 2 :]
    return merged


def _items(lines: list[str]) -> list[list[str]]:
    """The lines of each `- ` item of a block list."""
    starts = [
        i for i, line in enumerate(lines) if line.lstrip().startswith("- ") or line.strip() == "-"
    ]
    if not starts:
        return []
    indent = len(lines[starts[0]]) - len(lines[starts[0]].lstrip())
    starts = [i for i in starts if len(lines[i]) - len(lines[i].lstrip()) == indent]
    if starts[0] != 0:
        return []
    return [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


def same(old, new) -> bool:
    """Equal as the site reads them: strings compared as written, numbers by value."""
    if _empty(old) and _empty(new):
        return True
    if isinstance(old, dict) and isinstance(new, dict):
        keys = {
            k for k in old.keys() | new.keys() if not (_empty(old.get(k)) and _empty(new.get(k)))
        }
        return all(same(old.get(k), new.get(k)) for k in keys)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, str) and isinstance(new, str):
        if old == new:
            return True
        try:
            return float(old) == float(new)
        except ValueError:
            return False
    return old == new


def _empty(value) -> bool:
    return any(value is e or value == e for e in EMPTY) and not isinstance(value, bool)


def emit(key: str, value, indent: int = 0) -> list[str]:
    """`key: value` as block YAML, in the style of the shipped content (two-space indents, `- `
    items)."""
    pad = " " * indent
    if isinstance(value, list):
        if not value:
            return [f"{pad}{key}: []"]
        return [f"{pad}{key}:", *(line for item in value for line in _item(item, indent + 2))]
    if isinstance(value, dict):
        return [
            f"{pad}{key}:",
            *(line for k, v in value.items() if not _empty(v) for line in emit(k, v, indent + 2)),
        ]
    return [f"{pad}{key}: {scalar(value)}"]


def _item(value, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        lines = [line for k, v in value.items() if not _empty(v) for line in emit(k, v, indent + 2)]
        return [f"{pad}- {lines[0].lstrip()}", *lines[1:]] if lines else [f"{pad}- {{}}"]
    if isinstance(value, list):
        return [f"{pad}-", *(line for item in value for line in _item(item, indent + 2))]
    return [f"{pad}- {scalar(value)}"]


def scalar(value) -> str:
    """A scalar as the site's reader will read it back unchanged: plain where YAML allows, else
    double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if _reads_back_plain(text):
        return text
    return json.dumps(text, ensure_ascii=False)


@functools.lru_cache(maxsize=4096)
def _reads_back_plain(text: str) -> bool:
    if (
        not text
        or text != text.strip()
        or "\n" in text
        or text in ("null", "~")
        or re.fullmatch(r"0[0-9]+", text)
    ):
        return False
    try:
        node = yaml.compose(f"k: {text}", Loader=BaseLoader)  # the site reader's own
    except yaml.YAMLError:
        return False
    value = (
        node.value[0][1] if isinstance(node, yaml.MappingNode) and len(node.value) == 1 else None
    )
    if not (
        isinstance(value, yaml.ScalarNode) and value.style in (None, "") and value.value == text
    ):
        return False
    # and other YAML readers take it for a plain value too ('=' is a tag of its own in YAML 1.1)
    try:
        read = yaml.load(f"k: {text}", Loader=SafeLoader)["k"]  # noqa: S506 — the safe loader
    except (yaml.YAMLError, ValueError):  # ValueError: a date that does not exist
        return False
    return not isinstance(read, list | dict) and read is not None
