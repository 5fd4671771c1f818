"""Checks on one file's Markdown text: its depth, its weight, raw HTML, images without alt text.

The body is rendered here, once, with the site's Markdown settings (`MARKDOWN`, which
pelicanconf.py uses too), so that `invoke check` judges the very HTML the build publishes.
Before rendering, a body that would take Python-Markdown too long is refused: lists and quotes
nested deeper than `MAX_DEPTH` (it recurses once per level: a 1,000-deep list takes a minute and
then crashes), more than `MAX_MARKS` brackets or angle brackets, and paragraphs longer than
`MAX_PARAGRAPH` (its inline patterns retry every unclosed `[` or `<` up to the end of its paragraph:
8,000 of them in one paragraph take 9 seconds, 200,000 take hours; a long page holds a few hundred
links and paragraphs of a few hundred words). With the file size limit, the worst body found renders
in a few seconds. The HTML is then
judged by `portal.content.sanitise` (an allowlist, see there). The text is also read line by line
(code blocks and `inline code` are skipped, since they show code rather than run it) for images
without alt text, so each problem names its line. `links_in` gives the addresses the text links
to, for `portal.site.links`.

>>> from portal.content.frontmatter import split_and_parse
>>> text = "---\\ntype: page\\n---\\nSee ![](map.png) and [the list](../../hotlines/).\\n"
>>> front = split_and_parse(text)
>>> [problem] = [p.text("en") for p in check_body("x.vi.md", front, render_body(front.body))]
>>> what, fix = problem.split(" — ")
>>> what
"x.vi.md:4: field 'body': the image map.png has no alt text"
>>> fix
'say what the image shows between the brackets: ![…](map.png)'
>>> links_in(front)
[(4, 'map.png'), (4, '../../hotlines/')]
"""

from __future__ import annotations

import copy
import gzip
import re
import threading
from collections.abc import Iterator
from typing import Any

from markdown import Markdown

from portal.content.frontmatter import FrontMatter
from portal.content.problems import Problem, problem, say
from portal.content.sanitise import Refused, html_problems

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {
            "tables": {"use_align_attribute": True}
        },  # align=, as inline styles are blocked by the CSP
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
MAX_DEPTH = 10  # levels of lists or quotes; guidance uses two
MAX_MARKS = {
    "[": 500,
    "<": 1000,
}  # Python-Markdown retries each unclosed one to the paragraph's end
MAX_PARAGRAPH = 10_000  # characters; so a page costs at most MAX_MARKS × MAX_PARAGRAPH steps
ITEM = re.compile(r"^\s*(?:[-*+]\s|\d{1,9}[.)]\s|\|)")
NESTED = re.compile(r"^(?P<indent>[ \t]*)(?P<quotes>(?:>[ \t]*)*)(?:[-*+]|\d{1,9}[.)])?")
PAGE_BUDGET = 14 * 1024  # a first visit, gzipped: PAGE_BUDGET_BYTES in tests/test_page_weight.py
FRAME = 6 * 1024  # what the header, footer, stylesheet and scripts of a page weigh (about 5.9 KB)

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# The patterns below are bounded ({0,2000}), so that a line of a million brackets costs linear time.
INLINE_CODE = re.compile(r"(`{1,16}).{0,2000}?\1")
MD_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>[^\]]{0,2000})\]\(\s*<?(?P<url>[^)\s>]{0,2000})>?(?:\s+[\"'(][^)]{0,2000})?\)"
)
MD_REF_IMAGE = re.compile(r"!\[(?P<text>[^\]]{0,2000})\]\[[^\]]{0,2000}\]")
REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<url>[^\s>]+)>?")
HTML_TAG = re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9]{0,30})\b(?P<attrs>[^>]{0,2000})>?")
HTML_URL = re.compile(
    r"\b(?:href|src)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))", re.IGNORECASE
)
HTML_ALT = re.compile(
    r"\balt\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))", re.IGNORECASE
)


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
        found += [
            (number, _value(m))
            for tag in HTML_TAG.finditer(line)
            for m in HTML_URL.finditer(tag["attrs"])
        ]
    return found


def render_body(text: str) -> str:
    """The body as the page shows it."""
    global _markdown
    with (
        _one_at_a_time
    ):  # the preview renders an edited body while its build runs (portal.commands.live)
        if _markdown is None:
            settings: dict[str, Any] = copy.deepcopy(MARKDOWN)
            _markdown = Markdown(extensions=list(settings["extension_configs"]), **settings)
        return _markdown.reset().convert(text)


_markdown: Markdown | None = None
_one_at_a_time = threading.Lock()


def too_complex(path: str, front: FrontMatter) -> Problem | None:
    """A problem if rendering the body would take too long (see the module docstring), or None."""
    for char, limit in MAX_MARKS.items():
        count = front.body.count(char)
        if count > limit:
            line = front.body_line + front.body[: _nth(front.body, char, limit + 1)].count("\n")
            return problem(
                path,
                line,
                "body",
                say("too_many_marks", char=char, count=count, limit=limit),
                say("split_file"),
            )
    long = _long_paragraph(front.body)
    if long:
        return problem(
            path,
            front.body_line + long[0],
            "body",
            say("long_paragraph", length=long[1], limit=MAX_PARAGRAPH),
            say("add_blank_lines"),
        )
    for number, text in enumerate(front.body.split("\n"), start=front.body_line):
        m = NESTED.match(text)
        assert m is not None  # NESTED matches any line (every part is optional)
        depth = len(m["indent"].expandtabs(4)) // 4 + m["quotes"].count(
            ">"
        )  # Markdown nests a list by 4 spaces
        if depth > MAX_DEPTH:
            return problem(
                path, number, "body", say("too_deep_text", limit=MAX_DEPTH), say("flatten_text")
            )
    return None


def _long_paragraph(body: str) -> tuple[int, int] | None:
    """(index of its first line, length) of the first paragraph longer than MAX_PARAGRAPH, or None.
    A list item or a table row starts a new one, as Markdown reads each on its own."""
    start, length = 0, 0
    for index, line in enumerate(body.split("\n")):
        blank = not line.strip()
        if blank or ITEM.match(line):
            if length > MAX_PARAGRAPH:
                return start, length
            start, length = index + blank, 0
        length += 0 if blank else len(line) + 1
    return (start, length) if length > MAX_PARAGRAPH else None


def _nth(text: str, char: str, n: int) -> int:
    at = -1
    for _ in range(n):
        at = text.find(char, at + 1)
    return at


def check_body(path: str, front: FrontMatter, html: str) -> list[Problem]:
    problems = []
    for number, line in body_lines(front):
        problems += [
            problem(path, number, "body", message, fix) for message, fix in _line_problems(line)
        ]
    for number, what in html_problems(html, front.body, front.body_line):
        problems.append(problem(path, number, "body", _refusal(what), say("remove_html")))
    weight = len(gzip.compress(html.encode("utf-8"), 6))
    if weight > PAGE_BUDGET - FRAME:
        problems.append(
            problem(
                path,
                front.body_line,
                "body",
                say("body_heavy", size=weight // 1024, budget=PAGE_BUDGET // 1024),
                say("shorten_body"),
                "warning",
            )
        )
    return problems


def _refusal(what: Refused):
    if what.element == "!--":
        return say("refused_comment")
    if what.attribute in ("href", "src"):
        return say("refused_address", element=what.element, value=what.value[:80])
    if what.attribute:
        return say("refused_attribute", element=what.element, attribute=what.attribute)
    return say("refused_element", element=what.element)


def _line_problems(line: str) -> list[tuple]:
    out = []
    for m in MD_LINK.finditer(line):
        if m["bang"] and not m["text"].strip():
            out.append((say("image_no_alt", src=m["url"]), say("add_alt", src=m["url"])))
    for m in MD_REF_IMAGE.finditer(line):
        if not m["text"].strip():
            out.append((say("image_no_alt", src=m.group(0)), say("add_alt", src="…")))
    for tag in HTML_TAG.finditer(line):
        if tag["name"].lower() == "img":
            out += _alt_problems(tag)
    return out


def _alt_problems(tag: re.Match) -> list[tuple]:
    alt = HTML_ALT.search(tag["attrs"])
    if alt is not None and _value(alt).strip():
        return []
    src = next((_value(m) for m in HTML_URL.finditer(tag["attrs"])), "")
    return [(say("image_no_alt", src=src), say("add_alt", src=src))]


def _value(match: re.Match) -> str:
    return next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
