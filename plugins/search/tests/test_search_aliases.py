"""The search's aliases and synonyms file (content/data/search_aliases.yaml): checked like
content."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from plugins.search.aliases import check_aliases, parse_aliases
from portal.content.registry_cache import registry_for
from portal.settings import apply

WHERE = "content/data/search_aliases.yaml"


@pytest.fixture(scope="module")
def registry():
    return registry_for({"LOCALITIES_DIR": str(ROOT / "content" / "data" / "localities")})[0]


def problems(text: str, registry) -> list[str]:
    return [str(p) for p in parse_aliases(text, WHERE, registry)[1]]


def test_the_shipped_file_is_valid(registry):
    assert check_aliases(apply({"PATH": str(ROOT / "content")}), registry) == []


def test_places_get_their_registry_name_and_former_provinces_one_way(registry):
    groups, found = parse_aliases(
        'places:\n  - code: "79"\n    vi: [TP.HCM, Sài Gòn]\n    en: [Saigon]\n', WHERE, registry
    )
    assert found == []
    assert groups["vi"]["groups"] == [["hồ chí minh", "tp hcm", "sài gòn"]]
    assert groups["en"]["groups"] == [["ho chi minh city", "saigon"]]
    assert ["hà giang", "tuyên quang"] in groups["vi"]["renamed"]  # merged on 1 July 2025
    # the name that stayed
    assert not any(old == "tuyên quang" for old, _now in groups["vi"]["renamed"])


def test_errors_name_the_file_the_line_and_the_field(registry):
    text = "\n".join(
        [
            "places:",
            '  - code: "99"',  # line 2
            "    vi: [X]",
            "    en: [X]",
            "topics:",
            "  - vi: [kết hôn]",  # line 6: one word only
            "    en: [marriage, marry]",
            "  - vi: [lấy chồng, kết hôn]",  # line 8: "kết hôn" again
            "    en: [wed, marry]",
            "  - vi: [việc làm, '!!!']",  # line 10: no word
            "    en: [job, work]",
            "    note: x",
            "other: 1",  # line 13
        ]
    )
    assert problems(text, registry) == [
        f"{WHERE}:2: field 'places[0].code': '99' is not the code of a current unit of the "
        'registry — give the quoted code of a province or commune, e.g. "79"',
        f"{WHERE}:6: field 'topics[0].vi': a topic needs at least two words that mean the "
        "same — see content/data/README.md for the form of the aliases file",
        f"{WHERE}:8: field 'en': 'marry' is also in the entry of line 6: a word can have "
        "one meaning only — keep it in one entry",
        f"{WHERE}:10: field 'topics[2].vi': '!!!' makes no word to search for — write the "
        "word or phrase as a reader would type it",
        f"{WHERE}:10: field 'topics[2].vi': a topic needs at least two words that mean the "
        "same — see content/data/README.md for the form of the aliases file",
        f"{WHERE}:12: field 'topics[2].note': unknown key: expected en, vi — see "
        "content/data/README.md for the form of the aliases file",
        f"{WHERE}:13: field 'other': unknown key: expected 'places' or 'topics' — see "
        "content/data/README.md for the form of the aliases file",
    ]


def test_bad_yaml_is_one_problem_with_its_line(registry):
    [problem] = problems("topics:\n  - vi: [kết hôn\n", registry)
    assert problem.startswith(f"{WHERE}:3:") and "not valid YAML" in problem


def test_the_aliases_ship_in_the_manifest(shipped_site):
    manifest = json.loads(
        (shipped_site / "search" / "vi" / "manifest.json").read_text(encoding="utf-8")
    )
    assert ["kết hôn", "lấy chồng", "lấy vợ"] in manifest["aliases"]["groups"]
    assert manifest["optional"] and "gi" in manifest["optional"]


def test_officers_read_the_problems_in_vietnamese(registry):
    [problem] = parse_aliases(
        "topics:\n  - vi: [kết hôn]\n    en: [marriage, marry]\n", WHERE, registry
    )[1]
    assert (
        problem.text("vi")
        == f"{WHERE}:2: trường 'topics[0].vi': một chủ đề cần ít nhất hai từ cùng nghĩa — xem "
        "cách viết tệp này trong content/data/README.md"
    )
