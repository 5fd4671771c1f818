"""The benchmark's content: the national-scale fixture, its plain Pelican copy, and the edits.

The fixture (bench/fixture.py) has YAML front matter, which stock Pelican cannot read, so
`write_plain_copy` writes the same Markdown bodies under Pelican's own metadata lines
(`Title:`, `Date:`, `Slug:`, `Lang:`); Pelican files them as articles, vi/en linked as
translations by slug, the folder as category. `pad_localities` then adds hidden pages (written,
but kept off the menu) named after the registry's units, one per locality page of the project,
so that both builds write the same number of HTML pages.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import yaml

from bench.fixture import SECTIONS
from portal.content.localities import load_registry

DATE_FIELDS = ("issued", "day", "verified")  # plans, campaigns, hotlines
FALLBACK_DATE = "2025-07-01"  # agencies and guidance have no date of their own


def split_front_matter(text: str) -> tuple[dict, str]:
    """(metadata, body) of a file that opens with YAML between two `---` lines."""
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body.lstrip("\n")


def plain_text(meta: dict, body: str) -> str:
    date = next((meta[name] for name in DATE_FIELDS if meta.get(name)), FALLBACK_DATE)
    head = {"Title": meta["title"], "Date": date, "Slug": meta["slug"], "Lang": meta["lang"]}
    return "".join(f"{key}: {value}\n" for key, value in head.items()) + "\n" + body


def write_plain_copy(content: Path, plain: Path) -> int:
    """Copy every item of `content` into `plain` with Pelican metadata lines; the number of
    files."""
    shutil.rmtree(plain, ignore_errors=True)
    count = 0
    for section in SECTIONS:
        (plain / section).mkdir(parents=True)
        for source in sorted((content / section).glob("*.md")):
            meta, body = split_front_matter(source.read_text(encoding="utf-8"))
            (plain / section / source.name).write_text(plain_text(meta, body), encoding="utf-8")
            count += 1
    return count


def unit_names(registry: Path) -> list[str]:
    """Every unit's Vietnamese name, then every unit's English name, in code order."""
    units = sorted(load_registry(registry).values(), key=lambda u: u.code)
    return [u.name_vi for u in units] + [u.name_en for u in units]


def pad_localities(plain: Path, registry: Path, count: int) -> int:
    """Write `count` hidden pages to plain/pages/ (replacing any), each titled and filled with a
    unit's name."""
    pages = plain / "pages"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir(parents=True)
    names = unit_names(registry)
    for i in range(count):
        name = names[i % len(names)]
        (pages / f"locality-{i:05d}.md").write_text(
            f"Title: {name}\nSlug: locality-{i:05d}\nStatus: hidden\n\n{name}\n", encoding="utf-8"
        )
    return count


def edited_file(content: Path) -> Path:
    """The document the warm runs edit: the first plan's Vietnamese file."""
    return sorted((content / "plans").glob("*.vi.md"))[0]


def edit_document(content: Path, run: int) -> Path:
    """A small edit of one document's body, different for each run: one more sentence at its end."""
    path = edited_file(content)
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(
        unicodedata.normalize("NFC", f"{text}\n\nBản sửa thử lần {run}.\n"), encoding="utf-8"
    )
    return path
