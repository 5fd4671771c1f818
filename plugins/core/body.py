"""Checks on the Markdown text of one file: images without alt text, scripts, event handlers.

The text is read line by line (code blocks and `inline code` are skipped, since they show
code rather than run it), so each problem names its line. `links_in` gives the addresses the
text links to, for `core.links`.

>>> from plugins.core.frontmatter import split_and_parse
>>> front = split_and_parse("---\\ntype: page\\n---\\nSee ![](map.png) and [the list](../../hotlines/).\\n")
>>> [p.text("en") for p in check_body("x.vi.md", front)]
["x.vi.md:4: field 'body': the image map.png has no alt text — say what the image shows between the brackets: ![…](map.png)"]
>>> links_in(front)
[(4, 'map.png'), (4, '../../hotlines/')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .frontmatter import FrontMatter
from .problems import Problem, problem, say

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
INLINE_CODE = re.compile(r"(`+).*?\1")
MD_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]]*)\]\(\s*<?(?P<url>[^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
MD_REF_IMAGE = re.compile(r"!\[(?P<text>[^\]]*)\]\[[^\]]*\]")
REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<url>[^\s>]+)>?")
HTML_TAG = re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9]*)\b(?P<attrs>[^>]*)>?")
HTML_URL = re.compile(r"\b(?:href|src)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))", re.IGNORECASE)
HTML_ALT = re.compile(r"\balt\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))", re.IGNORECASE)
HANDLER = re.compile(r"\s(?P<attr>on[a-z]+)\s*=", re.IGNORECASE)
JS_URL = re.compile(r"^\s*javascript:", re.IGNORECASE)


def body_lines(front: FrontMatter) -> Iterator[tuple[int, str]]:
    """(line number in the file, text) of each Markdown line outside code."""
    in_code = False
    for number, line in enumerate(front.body.split("\n"), start=front.body_line):
        if FENCE.match(line):
            in_code = not in_code
            continue
        if not in_code:
            yield number, INLINE_CODE.sub("", line)


def links_in(front: FrontMatter) -> list[tuple[int, str]]:
    """(line, address) of every link and image in the text, Markdown or HTML."""
    found = []
    for number, line in body_lines(front):
        found += [(number, m["url"]) for m in MD_LINK.finditer(line)]
        found += [(number, m["url"]) for m in REF_DEFINITION.finditer(line)]
        found += [(number, _value(m)) for tag in HTML_TAG.finditer(line) for m in HTML_URL.finditer(tag["attrs"])]
    return found


def check_body(path: str, front: FrontMatter) -> list[Problem]:
    problems = []
    for number, line in body_lines(front):
        problems += [problem(path, number, "body", message, fix) for message, fix in _line_problems(line)]
    return problems


def _line_problems(line: str) -> list[tuple]:
    out = []
    for m in MD_LINK.finditer(line):
        if m["bang"] and not m["text"].strip():
            out.append((say("image_no_alt", src=m["url"]), say("add_alt", src=m["url"])))
        if JS_URL.match(m["url"]):
            out.append((say("javascript_url"), say("remove_code")))
    for m in MD_REF_IMAGE.finditer(line):
        if not m["text"].strip():
            out.append((say("image_no_alt", src=m.group(0)), say("add_alt", src="…")))
    for tag in HTML_TAG.finditer(line):
        out += _tag_problems(tag)
    return out


def _tag_problems(tag: re.Match) -> list[tuple]:
    out = []
    name, attrs = tag["name"].lower(), tag["attrs"]
    if name == "script":
        out.append((say("raw_script"), say("remove_code")))
    out += [(say("event_handler", attr=m["attr"]), say("remove_code")) for m in HANDLER.finditer(attrs)]
    if any(JS_URL.match(_value(m)) for m in HTML_URL.finditer(attrs)):
        out.append((say("javascript_url"), say("remove_code")))
    if name == "img":
        alt = HTML_ALT.search(attrs)
        if alt is None or not _value(alt).strip():
            src = next((_value(m) for m in HTML_URL.finditer(attrs)), "")
            out.append((say("image_no_alt", src=src), say("add_alt", src=src)))
    return out


def _value(match: re.Match) -> str:
    return next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
