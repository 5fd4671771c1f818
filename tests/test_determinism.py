"""The same content builds byte-identical output."""

from __future__ import annotations

import filecmp

from conftest import build_fixture


def tree(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_two_builds_are_byte_identical(tmp_path):
    first = build_fixture(tmp_path / "one")
    second = build_fixture(tmp_path / "two")
    assert tree(first) == tree(second)
    _, mismatch, errors = filecmp.cmpfiles(
        first, second, [str(p) for p in tree(first)], shallow=False
    )
    assert mismatch == [] and errors == []
