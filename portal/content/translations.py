"""Which content items lack a translation, and which translations are older than their source.

Vietnamese is the source language: an English file is *stale* when the last commit that
changed it is older than the last commit that changed its Vietnamese file. "Last change" is
the commit date of the newest commit touching the file (`git log`); commits are compared in
`git log --date-order` order, so two commits made in the same second still compare. Files
not yet committed, or a content folder outside Git, have no last change and are never stale.
Used by `invoke status` and, as warnings, by `invoke check`.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from portal.content.documents import FILE_NAME
from portal.content.languages import LANGUAGES
from portal.content.problems import Problem, problem, say
from portal.content.schema import SECTIONS

SOURCE_LANG = "vi"
RECORD = "\x1e"


@dataclass(frozen=True)
class Change:
    order: int  # 0 for the newest commit of the folder's history
    when: str  # commit date, ISO 8601 with its time zone
    commit: str

    @property
    def day(self) -> str:
        return self.when[:10]


@dataclass
class Item:
    type: str
    slug: str
    files: dict[str, str] = field(default_factory=dict)  # lang -> path shown to the officer
    changes: dict[str, Change | None] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        return [lang for lang in LANGUAGES if lang not in self.files]

    @property
    def stale(self) -> list[str]:
        source = self.changes.get(SOURCE_LANG)
        if not source:
            return []
        return [
            lang
            for lang in LANGUAGES
            if lang != SOURCE_LANG
            and (change := self.changes.get(lang))
            and change.order > source.order
        ]

    def as_json(self) -> dict:
        langs = {}
        for lang in LANGUAGES:
            change = self.changes.get(lang)
            langs[lang] = (
                None
                if lang not in self.files
                else {
                    "file": self.files[lang],
                    "last_change": change.when if change else None,
                    "commit": change.commit if change else None,
                }
            )
        return {
            "type": self.type,
            "slug": self.slug,
            "languages": langs,
            "missing": self.missing,
            "stale": self.stale,
        }


def last_changes(folder: Path) -> dict[str, Change]:
    """Path relative to `folder` -> the newest commit that changed it; empty outside Git."""
    command = [
        "git",
        "-c",
        "core.quotePath=false",
        "-C",
        str(folder),
        "log",
        "--date-order",
        f"--format={RECORD}%H %cI",
        "--name-only",
        "--relative",
        "--",
        ".",
    ]
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    changes: dict[str, Change] = {}
    for order, record in enumerate(out.split(RECORD)[1:]):
        head, *names = record.strip().split("\n")
        commit, when = head.split(" ", 1)
        for name in filter(None, names):
            changes.setdefault(name, Change(order, when, commit[:12]))
    return changes


def translation_status(content: Path) -> list[Item]:
    """Every content item (by section and slug, from file names) with its files and last changes."""
    history = last_changes(content)
    kinds = {section: kind for kind, section in SECTIONS.items()}
    items: dict[tuple[str, str], Item] = {}
    for section, kind in sorted(kinds.items()):
        for path in sorted((content / section).glob("*.md")):
            match = FILE_NAME.match(path.name)
            if not match:
                continue
            item = items.setdefault((section, match["slug"]), Item(kind, match["slug"]))
            rel = f"{section}/{path.name}"
            item.files[match["lang"]] = f"{content.name}/{rel}"
            item.changes[match["lang"]] = history.get(rel)
    return list(items.values())


def stale_problems(items: list[Item]) -> list[Problem]:
    """A warning on each translation older than its source."""
    problems = []
    for item in items:
        for lang in item.stale:
            change, source = item.changes[lang], item.changes[SOURCE_LANG]
            assert change and source  # a stale language and its source both have a commit
            message = say(
                "stale_translation",
                language=say(f"lang_{lang}"),
                date=change.day,
                source_date=source.day,
            )
            problems.append(
                problem(
                    item.files[lang],
                    1,
                    "",
                    message,
                    say("update_translation", source=item.files[SOURCE_LANG]),
                    "warning",
                )
            )
    return problems


def _last_day(item: Item, lang: str) -> str:
    """The day of the file's last commit, for the status table."""
    if lang not in item.files:
        return "missing"
    change = item.changes[lang]
    return change.day if change else "not committed"


def status_table(items: list[Item]) -> str:
    """One line per item: type, slug, the last change of each language, and what is missing or
    stale."""
    rows = [("TYPE", "SLUG", *(lang.upper() for lang in LANGUAGES), "STATE")]
    for item in items:
        days = [_last_day(item, lang) for lang in LANGUAGES]
        state = (
            ", ".join(
                [f"{lang} missing" for lang in item.missing]
                + [f"{lang} stale" for lang in item.stale]
            )
            or "ok"
        )
        rows.append((item.type, item.slug, *days, state))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
