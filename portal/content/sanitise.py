"""Raw HTML in a Markdown body, judged by an allowlist: what the sanitiser would change is refused.

The body is rendered to HTML exactly as the page will show it, then cleaned by `nh3` (the
Python binding of the Rust `ammonia` sanitiser, which parses HTML as a browser does) with the
allowlist below: the elements and attributes that Markdown itself writes, nothing more.
Links may use http, https, mailto, tel or a relative address; images only a relative one (an
external image would tell another site who reads the page). No style, no frames, no forms, no
meta, no event handlers, no comments.

The site does not publish the cleaned HTML: it refuses the file, because a page that silently
loses part of its text is worse than an error the officer can fix. So the check is the
difference between the HTML and its cleaned copy, compared as parsed tokens (not as text, since
the sanitiser also re-serialises harmless details such as `<br />` or `&#8617;`). Code that
*shows* markup (a fenced or indented block, `inline code`) is text in the HTML and passes.

Each difference names the element (and attribute) and the line of the body it came from, found
by searching the source for it: a good approximation, exact for a tag or an address written once.

>>> problems = html_problems('<p onclick="x()">Hi</p>\\n', 'Hi <p onclick="x()">', 5)
>>> [(line, str(what)) for line, what in problems]
[(5, 'the attribute onclick of <p>')]
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TAGS = HEADINGS | {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "hr",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ATTRIBUTES = {
    **{h: {"id"} for h in HEADINGS},  # the table of contents links to headings
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "li": {"id"},  # footnotes
    "sup": {"id"},
    "ol": {"start"},
}
ALIGN = {
    "align": {"left", "right", "center"}
}  # table columns (the `tables` extension writes align=, not style=)
CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote"},
    "code": {
        f"language-{name}"
        for name in (
            "text",
            "html",
            "xml",
            "markdown",
            "md",
            "yaml",
            "json",
            "csv",
            "python",
            "js",
            "javascript",
            "css",
            "sh",
            "bash",
            "shell",
            "console",
        )
    },
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class Refused:
    element: str
    attribute: str = ""
    value: str = ""

    def __str__(self) -> str:
        if self.element == "!--":
            return "an HTML comment"
        return (
            f"the attribute {self.attribute} of <{self.element}>"
            if self.attribute
            else f"the element <{self.element}>"
        )


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        tag_attribute_values={"th": ALIGN, "td": ALIGN},
        allowed_classes=CLASSES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_only_local_images,
        link_rel=None,
        strip_comments=True,
    )


def _only_local_images(element: str, attribute: str, value: str) -> str | None:
    if (
        element == "img"
        and attribute == "src"
        and (urlsplit(value).scheme or value.startswith("//") or value.startswith("\\"))
    ):
        return None
    return value


def html_problems(html: str, body: str, body_line: int) -> list[tuple[int, Refused]]:
    """(line in the file, what) for each thing the sanitiser would remove from `html`."""
    before, after = tokens(html), tokens(clean(html))
    if before == after:  # the usual case: nothing to find
        return []
    found = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op != "equal":
            found += _refused(before[i1:i2], after[j1:j2])
    finder = _LineFinder(body, body_line)
    return [(finder.line_of(what), what) for what in found]


def _refused(removed: list[tuple], kept: list[tuple]) -> list[Refused]:
    kept_tags = {t[1]: dict(t[2]) for t in kept if t[0] == "start"}
    out = []
    for token in removed:
        kind = token[0]
        if kind == "comment":
            out.append(Refused("!--", value=token[1]))
        elif kind == "start" and token[1] in kept_tags:
            out += [
                Refused(token[1], name, value or "")
                for name, value in token[2]
                if kept_tags[token[1]].get(name) != value
            ]
        elif kind == "start" or kind == "other":
            out.append(Refused(token[1]))
    return out or [Refused(t[1]) for t in removed if t[0] == "text" and "<" in t[1]][:1]


def tokens(html: str) -> list[tuple]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.out


class _Tokens(HTMLParser):
    """Start tags (attributes sorted), end tags, text and comments. Only what the sanitiser removes
    counts: it also closes elements the source left open, which is harmless."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.out.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.out.append(("end", "/" + tag))

    def handle_data(self, data):
        if self.out and self.out[-1][0] == "text":
            self.out[-1] = ("text", self.out[-1][1] + data)
        else:
            self.out.append(("text", data))

    def handle_comment(self, data):
        self.out.append(("comment", data))

    def handle_decl(self, decl):
        self.out.append(("other", "!" + decl.split()[0] if decl.split() else "!"))

    def handle_pi(self, data):
        self.out.append(("other", "?" + data[:20]))

    def unknown_decl(self, data):
        self.out.append(("other", "![" + data[:20]))


class _LineFinder:
    """The body line where each refused thing is written, searching forward from the last one
    found."""

    def __init__(self, body: str, body_line: int):
        self.lower, self.body_line, self.cursor = body.lower(), body_line, 0

    def line_of(self, what: Refused) -> int:
        needles = [
            n.lower()
            for n in (
                what.value[:40] if what.attribute in ("href", "src") else "",
                what.attribute,
                "<" + what.element,
                what.value[:40],
            )
            if n.strip("<")
        ]
        for needle in needles:
            at = self.lower.find(needle, self.cursor)
            at = at if at >= 0 else self.lower.find(needle)
            if at >= 0:
                self.cursor = at
                return self.body_line + self.lower.count("\n", 0, at)
        return self.body_line
