"""The national-scale fixture generator (bench/fixture.py): valid, deterministic, buildable."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from bench.fixture import write_fixture
from conftest import ROOT, parse
from portal.commands.check import check_tree, read_tree
from portal.engine.build import build


def tree(folder: Path) -> dict[str, bytes]:
    """Every file the generator wrote, by path (a build may add __pycache__ next to settings.py)."""
    return {
        str(f.relative_to(folder)): f.read_bytes()
        for f in sorted(folder.rglob("*"))
        if f.is_file() and "__pycache__" not in f.parts
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("fixture")
    return out, write_fixture(out, 40, seed=1)


def test_a_small_fixture_has_no_problems(small):
    out, summary = small
    problems = check_tree(out / "content", out / "content" / "data" / "localities")
    # The freshness warning depends on today's date; the generated hotlines carry the shipped ones'
    # date.
    assert [
        str(p) for p in problems if not (p.severity == "warning" and p.field == "verified")
    ] == []
    assert (
        summary["plans"]
        + summary["campaigns"]
        + summary["agencies"]
        + summary["guidance"]
        + summary["hotlines"]
        == 40
    )
    # data/ holds READMEs
    items = [
        f
        for f in (out / "content").rglob("*.md")
        if "data" not in f.relative_to(out / "content").parts
    ]
    assert summary["files"] == len(items)


def test_generated_content_is_clearly_fake(small):
    out, _ = small
    docs = [d.model for d in read_tree(out / "content")]
    shipped = {d.model.slug for d in read_tree(ROOT / "content") if d.model.type == "hotline"}
    generated = [m for m in docs if m.slug not in shipped]
    assert generated and all(
        m.title.startswith("[Mẫu] " if m.lang == "vi" else "[Sample] ") for m in generated
    )
    assert all(
        s.url.startswith("https://example.org/fixture/") for m in generated for s in m.sources
    )
    local = [m for m in generated if m.type == "hotline"]
    assert local and all(
        m.number.startswith("0999000") and m.tel == f"tel:{m.number}" and m.scope == "local"
        for m in local
    )
    newest = max(m.verified for m in docs if m.slug in shipped)
    assert all(isinstance(m.verified, datetime.date) and m.verified == newest for m in local)


def test_the_same_seed_writes_the_same_bytes_and_another_seed_differs(tmp_path, small):
    out, _ = small
    write_fixture(tmp_path / "again", 40, seed=1)
    write_fixture(tmp_path / "other", 40, seed=2)
    assert tree(tmp_path / "again") == tree(out)
    assert tree(tmp_path / "other") != tree(out)


def test_it_refuses_to_replace_content_it_did_not_write(tmp_path):
    (tmp_path / "content").mkdir()
    with pytest.raises(FileExistsError):
        write_fixture(tmp_path, 5)


def test_it_builds_with_the_project(small, tmp_path):
    out, _ = small
    site = build(out / "settings.py", tmp_path / "site", {"LOCALITY_PROVINCES": ["01", "31"]})
    slug = sorted(
        f.name.removesuffix(".vi.md") for f in (out / "content" / "plans").glob("*.vi.md")
    )[0]
    for prefix, tag in (("", "[Mẫu] "), ("en/", "[Sample] ")):
        page = site / prefix / "plans" / slug / "index.html"
        assert page.exists(), page
        h1 = parse(page).find("h1").get_text(" ", strip=True)
        assert h1.startswith(tag), h1
    built = {p.parent.name for p in (site / "plans").glob("*/index.html")}
    assert built >= {
        f.name.removesuffix(".vi.md") for f in (out / "content" / "plans").glob("*.vi.md")
    }
