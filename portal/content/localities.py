"""The registry of administrative units, read from `content/data/localities/*.csv`.

Codes: `VN` the country; 2 digits a province-level unit in force since 1 July 2025; 5 digits
a commune-level unit (ward, commune, special zone); `P` + 2 digits a former province; 3 digits
a former district. Former units point to what they became (`merged_into`) and current units
list what they were formed from (`formerly`).

>>> reg = load_registry(Path(__file__).parents[2] / "content" / "data" / "localities")
>>> reg["00070"].name_vi, reg["00070"].parent, reg["P02"].merged_into
('Phường Hoàn Kiếm', '01', ('08',))
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from portal.content.languages import LANGUAGES
from portal.content.problems import Problem, problem, say
from portal.content.text_fold import fold

REFORM = datetime.date(2025, 7, 1)
# the column a parent comes from
PARENT_COLUMN = {
    "communes_2025.csv": "province_code",
    "districts_pre2025.csv": "old_province_code",
}
DERIVED_NOTE = "derived"  # successors extracted from the resolutions by automated means


@dataclass(frozen=True)
class Unit:
    code: str
    slug: str
    name_vi: str
    name_en: str
    # country, city, province, ward, commune, special-zone, former-province, former-district
    kind: str
    parent: str | None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    merged_into: tuple[str, ...] = ()
    formerly: tuple[str, ...] = ()
    successors: str = ""  # "derived" when merged_into comes from a secondary source
    # a former unit's own kind: city, province, urban-district, rural-district, town,
    # provincial-city
    former_type: str = ""
    source: str = ""
    line: int = 0  # line in its CSV file, for error messages
    file: str = ""

    @property
    def current(self) -> bool:
        return self.valid_to is None

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


class Registry(dict):
    """Units by code, with the few lookups the plugins need."""

    def children(self, code: str) -> list[Unit]:
        return self._children.get(code, [])

    def ancestors(self, code: str) -> list[Unit]:
        """Parents of a unit, nearest first (the country last)."""
        out: list[Unit] = []
        unit = self.get(code)
        # an unknown parent is reported by check_registry
        while unit and unit.parent in self and len(out) < 8:
            unit = self[unit.parent]
            out.append(unit)
        return out

    def index(self) -> None:
        self._children: dict[str, list[Unit]] = {}
        for unit in self.values():
            if unit.parent in self:
                self._children.setdefault(unit.parent, []).append(unit)
        for units in self._children.values():
            units.sort(key=lambda u: (not u.current, fold(u.name_vi), u.code))

    def suggest(self, text: str, limit: int = 3) -> list[Unit]:
        """Units whose folded name or code starts like `text` (accent-insensitive)."""
        wanted = fold(text)
        hits = [
            u
            for u in self.values()
            if u.code == text
            or wanted in fold(u.name_vi)
            or u.slug.startswith(wanted.replace(" ", "-"))
        ]
        return sorted(hits, key=lambda u: (not u.current, len(u.name_vi), u.code))[:limit]


def load_registry(folder: Path) -> Registry:
    reg = Registry()
    reg["VN"] = Unit("VN", "viet-nam", "Việt Nam", "Viet Nam", "country", None)
    provinces = list(_rows(folder / "provinces_2025.csv"))
    former = list(_rows(folder / "provinces_pre2025.csv"))
    slug_to_code = {row["slug"]: row["code"] for _, row in provinces}
    for line, row in provinces:
        _add(
            reg,
            Unit(
                row["code"],
                row["slug"],
                row["name_vi"],
                row["name_en"],
                row["type"],
                "VN",
                REFORM,
                source=row["source_url"],
                line=line,
                file="provinces_2025.csv",
            ),
        )
    for line, row in former:
        successor = slug_to_code.get(row["merged_into_slug"], row["merged_into_slug"])
        _add(
            reg,
            Unit(
                "P" + row["code"],
                row["slug"],
                row["name_vi"],
                row["name_en"],
                "former-province",
                "VN",
                None,
                REFORM,
                (successor,),
                former_type=row["type"],
                source=row["source_url"],
                line=line,
                file="provinces_pre2025.csv",
            ),
        )
    for line, row in _rows(folder / "communes_2025.csv"):
        _add(
            reg,
            Unit(
                row["code"],
                row["slug"],
                row["name_vi"],
                row["name_en"],
                row["type"],
                row["province_code"],
                REFORM,
                source=row["source"],
                line=line,
                file="communes_2025.csv",
            ),
        )
    for line, row in _rows(folder / "districts_pre2025.csv"):
        successors = tuple(c for c in row["successor_commune_codes"].split(";") if c)
        _add(
            reg,
            Unit(
                row["code"],
                row["slug"],
                row["name_vi"],
                row["name_en"],
                "former-district",
                "P" + row["old_province_code"],
                None,
                REFORM,
                successors,
                successors=DERIVED_NOTE,
                former_type=row["type"],
                source=row["source"],
                line=line,
                file="districts_pre2025.csv",
            ),
        )
    _link_formerly(reg)
    reg.index()
    return reg


def _rows(path: Path):
    with path.open(encoding="utf-8", newline="") as fh:
        yield from enumerate(csv.DictReader(fh), start=2)


def _add(reg: Registry, unit: Unit) -> None:
    if unit.code in reg:
        unit = Unit(**{**unit.__dict__, "code": unit.code + "#dup"})
    reg[unit.code] = unit


def _link_formerly(reg: Registry) -> None:
    formerly: dict[str, list[str]] = {}
    for unit in reg.values():
        for successor in unit.merged_into:
            formerly.setdefault(successor, []).append(unit.code)
    for code, olds in formerly.items():
        if code in reg:
            reg[code] = Unit(**{**reg[code].__dict__, "formerly": tuple(sorted(olds))})


def check_registry(reg: Registry, folder_label: str) -> list[Problem]:
    """Unknown parents, cycles, duplicate codes and missing names, each with file and line."""
    problems = []
    for unit in reg.values():
        where = f"{folder_label}/{unit.file}"
        if unit.code.endswith("#dup"):
            problems.append(
                problem(
                    where,
                    unit.line,
                    "code",
                    say("code_twice", code=unit.code[:-4]),
                    say("own_code"),
                )
            )
        if unit.parent and unit.parent not in reg:
            problems.append(
                problem(
                    where,
                    unit.line,
                    PARENT_COLUMN.get(unit.file, "parent"),
                    say("unknown_parent", code=unit.code, parent=unit.parent),
                    say("use_province"),
                )
            )
        for successor in unit.merged_into:
            if successor not in reg:
                problems.append(
                    problem(
                        where,
                        unit.line,
                        "merged_into",
                        say("unknown_successor", code=unit.code, successor=successor),
                        say("use_unit"),
                    )
                )
        for lang in LANGUAGES:
            if unit.code != "VN" and not unit.name(lang).strip():
                problems.append(
                    problem(
                        where,
                        unit.line,
                        f"name_{lang}",
                        say("no_name", code=unit.code, language=say(f"lang_{lang}")),
                        say("fill_in", column=f"name_{lang}"),
                    )
                )
        if _has_cycle(reg, unit):
            problems.append(
                problem(
                    where,
                    unit.line,
                    "parent",
                    say("own_ancestor", code=unit.code),
                    say("fix_parent"),
                )
            )
    return problems


def _has_cycle(reg: Registry, unit: Unit) -> bool:
    seen, current = {unit.code}, unit
    while current.parent and current.parent in reg:
        if current.parent in seen:
            return True
        seen.add(current.parent)
        current = reg[current.parent]
    return False
