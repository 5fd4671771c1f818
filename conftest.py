"""Shared test fixtures for every test folder (tests/, plugins/<feature>/tests/): fixture sites
built into temporary directories, and HTML parsing."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal.engine.build import build

ROOT = Path(__file__).resolve().parent

FIXTURE = ROOT / "tests" / "fixtures" / "site"
SHARED_FACTS = ROOT.parent / "shared" / "facts"


def parse(path: Path) -> BeautifulSoup:
    """The parsed page (cached: treat it as read-only)."""
    return _parse(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4096)
def _parse(path: str, _mtime: int) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "lxml")


def build_fixture(output: Path, content: Path | None = None, **overrides) -> Path:
    """Build the fixture site (or a copy of its content at `content`) into `output`."""
    if content is not None:
        overrides["PATH"] = str(content)
    return build(FIXTURE / "settings.py", output, overrides)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("fixture") / "output")


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the fixture content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE / "content", target)
    return target


@pytest.fixture(scope="session")
def shipped_site() -> Path:
    """The site built from the shipped content (`invoke test` builds it before pytest)."""
    output = ROOT / "output"
    if not (output / "index.html").exists():
        build(ROOT / "pelicanconf.py", output)
    return output


SEARCH_PAGES = ROOT / "tests" / "fixtures" / "search"


@pytest.fixture(scope="session")
def search_site(tmp_path_factory) -> Path:
    """A generated fixture (40 items, seed 5) plus the hand-written pages the search tests
    look for (tests/fixtures/search/), with the places of Hà Nội and Hải Phòng."""
    from bench.fixture import write_fixture

    folder = tmp_path_factory.mktemp("search")
    write_fixture(folder, 40, seed=5)
    shutil.copytree(SEARCH_PAGES, folder / "content", dirs_exist_ok=True)
    return build(folder / "settings.py", folder / "output", {"LOCALITY_PROVINCES": ["01", "31"]})


def _behind_nginx(tmp_path_factory, prefix: str):
    from deploy.nginx import published_behind_nginx

    with published_behind_nginx(
        tmp_path_factory.mktemp("nginx"), FIXTURE / "settings.py", prefix
    ) as site:
        yield site


@pytest.fixture(scope="session")
def nginx_root_site(tmp_path_factory):
    """The fixture site published for the domain root and served by nginx as docs/deploy.md says."""
    yield from _behind_nginx(tmp_path_factory, "")


@pytest.fixture(scope="session")
def nginx_sub_site(tmp_path_factory):
    """The same under the sub-path /phong-chong-mua-ban-nguoi."""
    yield from _behind_nginx(tmp_path_factory, "/phong-chong-mua-ban-nguoi")
