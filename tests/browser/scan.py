"""One streaming pass over every built page, noting what the CSP and privacy rules forbid.

The shipped site has thousands of locality pages; a tree parser per rule would take minutes.
`scan_site` parses each page once (libxml2's HTML parser through lxml, handing each start tag to
`_PageScanner`: the standard library's parser, written in Python, took two minutes for the
shipped site) and caches the findings per site.

>>> found = scan_html('<a href="https://x.org/" onclick="go()">x</a><p style="color:red">')
>>> found["inline"]
['<a onclick=…> event handler attribute', '<p style=…> attribute']
>>> found["csp"], len(found["outbound"])
(['no Content-Security-Policy meta tag'], 1)
>>> page = '<link rel="stylesheet" href="https://cdn.example.com/a.css"><img src="/logo.png">'
>>> scan_html(page)["elsewhere"]
['<link> loads https://cdn.example.com/a.css from another website']
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

FORBIDDEN_IN_CSP = ("'unsafe-inline'", "'unsafe-eval'")
EVENT_HANDLER = re.compile(r"^on[a-z]+$")
# Attributes the browser fetches by itself when the page loads (links are only fetched when
# followed).
FETCHED = {
    "link": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "track": "src",
    "embed": "src",
    "object": "data",
    "input": "src",
}
# <link rel=…> that only name an address
NOT_FETCHED_LINKS = {
    "alternate",
    "canonical",
    "license",
    "author",
    "help",
    "search",
}


class _PageScanner:
    """A parser target (lxml): only start tags matter."""

    def __init__(self):
        self.policy: str | None = None
        self.before_policy: list[str] = []  # resources a meta policy would not cover
        self.inline: list[str] = []
        self.own_hosts: set[str] = set()
        self.links: list[tuple[str, str, set[str]]] = []  # (tag, href, rel)
        self.fetched: list[tuple[str, str]] = []  # (tag, address) loaded with the page
        self._in_inline_script = False

    def start(self, tag, values):
        attrs = values.items()
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = values.get("content") or ""
        elif tag in ("link", "script", "style") and self.policy is None:
            self.before_policy.append(tag)
        if tag == "script" and not values.get("src"):
            self.inline.append("inline <script>")
        elif tag == "style":
            self.inline.append("<style> element")
        for name, value in attrs:
            if EVENT_HANDLER.match(name):
                self.inline.append(f"<{tag} {name}=…> event handler attribute")
            elif name == "style":
                self.inline.append(f"<{tag} style=…> attribute")
            elif name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.inline.append(f"<{tag} {name}='javascript:…'>")
        rel = set((values.get("rel") or "").lower().split())
        if tag == "link" and "alternate" in rel and values.get("href"):
            self.own_hosts.add(urlsplit(values["href"]).netloc)
        if tag in ("a", "area") and values.get("href"):
            self.links.append((tag, values["href"], rel))
        address = values.get(FETCHED.get(tag, ""))
        if address and not (tag == "link" and rel and rel <= NOT_FETCHED_LINKS):
            self.fetched.append((tag, address))
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.fetched.append((tag, candidate.split()[0]))

    def close(self):
        return self

    def findings(self) -> dict[str, list[str]]:
        csp = []
        if self.policy is None:
            csp.append("no Content-Security-Policy meta tag")
        else:
            csp += [f"the policy allows {word}" for word in FORBIDDEN_IN_CSP if word in self.policy]
            if "default-src 'none'" not in self.policy and "script-src 'self'" not in self.policy:
                csp.append(f"the policy does not limit scripts to this site: {self.policy}")
            if self.before_policy:
                csp.append(
                    f"{self.before_policy} come before the policy, which covers only what "
                    "follows it"
                )
        outbound = []
        for tag, href, rel in self.links:
            parts = urlsplit(href)
            if (
                parts.scheme in ("http", "https")
                and parts.netloc not in self.own_hosts
                and not {"noopener", "noreferrer"} <= rel
            ):
                outbound.append(
                    f"<{tag} href={href!r} rel={sorted(rel)}> needs rel='noopener noreferrer'"
                )
        elsewhere = []
        for tag, address in self.fetched:
            parts = urlsplit(address)
            if (parts.netloc and parts.netloc not in self.own_hosts) or parts.scheme not in (
                "",
                "http",
                "https",
                "data",
            ):
                elsewhere.append(f"<{tag}> loads {address} from another website")
        return {"csp": csp, "inline": self.inline, "outbound": outbound, "elsewhere": elsewhere}


def scan_html(text: str) -> dict[str, list[str]]:
    scanner = _PageScanner()
    parser = etree.HTMLParser(target=scanner, no_network=True)
    parser.feed(text)
    return parser.close().findings()


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "theme")


@functools.cache
def scan_site(site: Path) -> dict[str, list[str]]:
    """Findings of every page, by rule: {"csp": ["plans/x/index.html: …"], "inline": […],
    "outbound": […], "elsewhere": […]}."""
    report: dict[str, list[str]] = {"csp": [], "inline": [], "outbound": [], "elsewhere": []}
    pages = html_pages(site)
    assert pages, f"no HTML pages in {site}"
    for path in pages:
        for rule, problems in scan_html(path.read_text(encoding="utf-8")).items():
            report[rule] += [f"{path.relative_to(site)}: {problem}" for problem in problems]
    return report
