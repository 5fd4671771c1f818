"""Which files under `content/` are content, and every other file, reported with where it should go.

The build reads `content/<section>/**/*.md` (Pelican's `PAGE_PATHS`, subfolders included,
hidden files left out, links followed) and nothing else; `content_files` lists exactly those,
for `invoke check`. A file anywhere else would silently never be published, so
`misplaced_files` reports each one: at the top of `content/`, in a folder that is not a section
(`content/news/`, `content/plan/`), or in a section without the `.md` ending (`.MD`,
`.markdown`, `.html`). `content/data/` holds the registry and other data and is checked by
their own readers.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp()) / "content"
>>> names = ["plans/a.vi.md", "plans/2024/b.vi.md", "plan/c.vi.md", "guidance/d.vi.MD"]
>>> names.append("data/x.csv")
>>> for name in names:
...     (root / name).parent.mkdir(parents=True, exist_ok=True)
...     _ = (root / name).write_text("---\\ntype: plan\\n---\\n")
>>> [p.relative_to(root).as_posix() for p in content_files(root)]
['plans/2024/b.vi.md', 'plans/a.vi.md']
>>> for p in misplaced_files(root):
...     print(p.path, "—", p.fix)
content/guidance/d.vi.MD — rename it to d.vi.md
content/plan/c.vi.md — move the file to content/plans/
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from portal.content.problems import Problem, problem, say
from portal.content.schema import SECTIONS

DATA = "data"
TYPE_LINE = re.compile(r"^type:\s*['\"]?(?P<type>[a-z]+)", re.MULTILINE)


def content_files(content: Path) -> list[Path]:
    """Every file the build reads as content, in a stable order."""
    found = []
    for section in sorted(SECTIONS.values()):
        found += [path for path in _walk(content / section, follow=True) if path.suffix == ".md"]
    return sorted(found)


def misplaced_files(content: Path) -> list[Problem]:
    """A problem for every file under `content/` that the build would not read."""
    root = content.resolve().parent
    problems = []
    for path in _walk(content, follow=False):
        parts = path.relative_to(content).parts
        if parts[0] == DATA or (
            parts[0] in SECTIONS.values() and len(parts) > 1 and path.suffix == ".md"
        ):
            continue
        shown = Path(os.path.abspath(path)).relative_to(root).as_posix()
        problems.append(problem(shown, 1, "", *_where_it_goes(path, parts)))
    return problems


def shown_path(path: Path, content: Path) -> str:
    """`path` as problems name it: from the folder holding `content/` when it is inside, else
    whole."""
    try:
        return Path(os.path.abspath(path)).relative_to(content.resolve().parent).as_posix()
    except ValueError:
        return str(path)


def _where_it_goes(path: Path, parts: tuple[str, ...]) -> tuple:
    if len(parts) == 1:
        return say("outside_sections"), say("move_to", section=_section_of(path, ""))
    if parts[0] not in SECTIONS.values():
        return say("not_a_section", folder=parts[0], sections=", ".join(SECTIONS.values())), say(
            "move_to", section=_section_of(path, parts[0])
        )
    return say("not_markdown", name=path.name), say("rename_to", name=_markdown_name(path.name))


def _section_of(path: Path, folder: str) -> str:
    """The section the file's `type:` names, else the section closest to its folder's name."""
    try:
        found = TYPE_LINE.search(path.read_text(encoding="utf-8", errors="replace")[:4096])
    except OSError:
        found = None
    if found and found["type"] in SECTIONS:
        return SECTIONS[found["type"]]
    close = difflib.get_close_matches(folder, list(SECTIONS.values()), n=1, cutoff=0.5)
    return close[0] if close else "<section>"


def _markdown_name(name: str) -> str:
    stem = re.sub(r"\.(md|markdown|mdown|mkd|html?|txt)$", "", name, flags=re.IGNORECASE)
    return stem + ".md"


def _walk(folder: Path, follow: bool):
    """Files under `folder`, hidden ones left out (as the build does); each real folder once."""
    seen = set()
    for dirpath, dirs, files in os.walk(folder, followlinks=follow):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from (Path(dirpath) / f for f in sorted(files) if not f.startswith("."))
