"""Aliases and synonyms for the search: reviewed content in `content/data/search_aliases.yaml`.

The file (setting `SEARCH_ALIASES`, default `<content>/data/search_aliases.yaml`; optional) has
two lists, each entry with the words of both languages:

    places:                      # other names of a unit of the registry, found with its name
      - code: "79"
        vi: [TP.HCM, HCM, Sài Gòn]
        en: [HCMC, Saigon]
    topics:                      # plain words a reader may use for the same thing
      - vi: [kết hôn, lấy chồng]
        en: [marriage, marry]

A place group also holds the unit's registry name in that language; each former province whose name
is gone gets a one-way group of its own (`Hà Giang` also finds Tuyên Quang). Each member becomes its
key sequence (`plugins/search/analysis.py`: "TP.HCM" → "tp hcm", "Sài Gòn" → "sài gòn"), shipped in
the manifest; the browser engine expands a query whose words have a member's keys with the group's
other members, each scored as a word typed with its accents, weighted down (`export.SYNONYM`).

`check_aliases` reports, with file and line: a file that is not this shape, an unknown or former
code, a member that is empty or makes no word, and a member (as keys) in two groups of one language.

    >>> text = "topics:\\n  - vi: [kết hôn, lấy chồng]\\n    en: [marriage, marry]\\n"
    >>> groups, problems = parse_aliases(text, "a.yaml", {})
    >>> problems, groups["vi"]
    ([], {'groups': [['kết hôn', 'lấy chồng']], 'renamed': []})
"""

from __future__ import annotations

from pathlib import Path

import yaml

from plugins.search.analysis import exact_forms, keys
from portal.content.languages import LANGUAGES
from portal.content.problems import Problem

FIX = "see content/data/README.md for the form of the aliases file"
FIX_VI = "xem cách viết tệp này trong content/data/README.md"


def _problem(
    where: str, line: int, field: str, en: str, vi: str, fix: str = FIX, fix_vi: str = FIX_VI
) -> Problem:
    """A problem in both languages (`invoke check --lang vi` shows the Vietnamese)."""
    return Problem(where, line, field, en, fix, "error", vi, fix_vi)


def aliases_path(settings: dict) -> Path:
    return Path(settings["SEARCH_ALIASES"])  # declared, with its default, in portal.settings


def load_aliases(settings: dict, registry) -> tuple[dict[str, dict], list[Problem]]:
    """Per language `{"groups": [[member, …], …], "renamed": [[old, now], …]}` (members as their
    exact forms, lower case, space-separated), and the file's problems."""
    path = aliases_path(settings)
    if not path.is_file():
        return {
            lang: {"groups": [], "renamed": _renamed(registry, lang, [])} for lang in LANGUAGES
        }, []
    return parse_aliases(path.read_text(encoding="utf-8"), _label(path), registry)


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parse_aliases(text: str, where: str, registry) -> tuple[dict[str, dict], list[Problem]]:
    try:
        root = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return {}, [
            _problem(
                where,
                mark.line + 1 if mark else 1,
                "",
                f"not valid YAML: {exc.problem}",
                f"không phải YAML hợp lệ: {exc.problem}",
            )
        ]
    problems: list[Problem] = []
    groups: dict[str, list[list[str]]] = {lang: [] for lang in LANGUAGES}
    lines: dict[str, list[int]] = {lang: [] for lang in LANGUAGES}  # each group's line
    if root is None:
        return {
            lang: {"groups": [], "renamed": _renamed(registry, lang, [])} for lang in LANGUAGES
        }, []
    if not isinstance(root, yaml.MappingNode):
        return {}, [
            _problem(
                where,
                root.start_mark.line + 1,
                "",
                "expected the keys 'places' and 'topics'",
                "cần các khóa 'places' và 'topics'",
            )
        ]
    for key_node, value in root.value:
        name = key_node.value
        if name not in ("places", "topics"):
            problems.append(
                _problem(
                    where,
                    key_node.start_mark.line + 1,
                    name,
                    "unknown key: expected 'places' or 'topics'",
                    "khóa không hợp lệ: cần 'places' hoặc 'topics'",
                )
            )
            continue
        if not isinstance(value, yaml.SequenceNode):
            problems.append(
                _problem(
                    where,
                    value.start_mark.line + 1,
                    name,
                    "expected a list of entries ('- vi: [...]')",
                    "cần một danh sách mục ('- vi: [...]')",
                )
            )
            continue
        for index, entry in enumerate(value.value):
            _entry(
                entry,
                f"{name}[{index}]",
                name == "places",
                where,
                registry,
                groups,
                lines,
                problems,
            )
    problems = sorted(problems + _duplicates(groups, lines, where))
    return {
        lang: {"groups": groups[lang], "renamed": _renamed(registry, lang, groups[lang])}
        for lang in LANGUAGES
    }, problems


def _entry(node, field: str, place: bool, where: str, registry, groups, lines, problems) -> None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            _problem(
                where,
                line,
                field,
                "expected an entry with 'vi' and 'en' lists",
                "cần một mục có danh sách 'vi' và 'en'",
            )
        )
        return
    items = {k.value: v for k, v in node.value}
    allowed = {"code", *LANGUAGES} if place else set(LANGUAGES)
    for key_node, _value in node.value:
        if key_node.value not in allowed:
            problems.append(
                _problem(
                    where,
                    key_node.start_mark.line + 1,
                    f"{field}.{key_node.value}",
                    f"unknown key: expected {', '.join(sorted(allowed))}",
                    f"khóa không hợp lệ: cần {', '.join(sorted(allowed))}",
                )
            )
    unit = None
    if place:
        code = items.get("code")
        unit = registry.get(code.value) if isinstance(code, yaml.ScalarNode) else None
        if unit is None or not unit.current:
            what = code.value if isinstance(code, yaml.ScalarNode) else "nothing"
            problems.append(
                _problem(
                    where,
                    (code or node).start_mark.line + 1,
                    f"{field}.code",
                    f"{what!r} is not the code of a current unit of the registry",
                    f"{what!r} không phải mã của một đơn vị hiện hành trong danh mục địa bàn",
                    'give the quoted code of a province or commune, e.g. "79"',
                    'ghi mã tỉnh hoặc xã trong dấu ngoặc kép, ví dụ "79"',
                )
            )
            return
    for lang in LANGUAGES:
        members = _members(items.get(lang), f"{field}.{lang}", where, line, problems)
        if unit is not None:
            members.insert(0, unit.name(lang))
        elif len(members) < 2:
            problems.append(
                _problem(
                    where,
                    line,
                    f"{field}.{lang}",
                    "a topic needs at least two words that mean the same",
                    "một chủ đề cần ít nhất hai từ cùng nghĩa",
                )
            )
            continue
        group = _unique([" ".join(exact_forms(m, lang)) for m in members])
        groups[lang].append(group)
        lines[lang].append(line)


def _members(node, field: str, where: str, line: int, problems) -> list[str]:
    if not isinstance(node, yaml.SequenceNode):
        problems.append(
            _problem(
                where,
                node.start_mark.line + 1 if node else line,
                field,
                "expected a list of words, e.g. [kết hôn, lấy chồng]",
                "cần một danh sách từ, ví dụ [kết hôn, lấy chồng]",
            )
        )
        return []
    members = []
    for item in node.value:
        text = item.value if isinstance(item, yaml.ScalarNode) else ""
        if not isinstance(item, yaml.ScalarNode) or not keys(text, "en"):
            problems.append(
                _problem(
                    where,
                    item.start_mark.line + 1,
                    field,
                    f"{text!r} makes no word to search for",
                    f"{text!r} không có từ nào để tìm",
                    "write the word or phrase as a reader would type it",
                    "viết từ hoặc cụm từ như người đọc sẽ gõ",
                )
            )
        else:
            members.append(text)
    return members


def _renamed(registry, lang: str, groups: list[list[str]]) -> list[list[str]]:
    """`[former name, the province it was merged into]` for each former province whose name is gone
    (and is not a member of a group): one way only, Hà Giang finds Tuyên Quang but Tuyên Quang
    does not find Hà Giang's communes."""
    taken = {member for group in groups for member in group}
    renamed = []
    for unit in sorted(registry.values(), key=lambda u: u.code) if registry else []:
        target = (
            registry.get(unit.merged_into[0])
            if unit.kind == "former-province" and len(unit.merged_into) == 1
            else None
        )
        if target is not None:
            old, now = (
                " ".join(exact_forms(unit.name(lang), lang)),
                " ".join(exact_forms(target.name(lang), lang)),
            )
            if old != now and old not in taken:
                renamed.append([old, now])
    return renamed


def _unique(members: list[str]) -> list[str]:
    return list(dict.fromkeys(members))


def _duplicates(
    groups: dict[str, list[list[str]]], lines: dict[str, list[int]], where: str
) -> list[Problem]:
    problems = []
    for lang, lang_groups in groups.items():
        seen: dict[str, int] = {}
        for number, group in enumerate(lang_groups):
            for member in group:
                if member in seen and seen[member] != number:
                    at = lines[lang][number] if number < len(lines[lang]) else 1
                    first = lines[lang][seen[member]] if seen[member] < len(lines[lang]) else 1
                    problems.append(
                        _problem(
                            where,
                            at,
                            lang,
                            f"{member!r} is also in the entry of line {first}: a word can "
                            "have one meaning only",
                            f"{member!r} đã có trong mục ở dòng {first}: mỗi từ chỉ có một nghĩa",
                            "keep it in one entry",
                            "chỉ giữ nó trong một mục",
                        )
                    )
                seen.setdefault(member, number)
    return problems


def check_aliases(settings: dict, registry) -> list[Problem]:
    return load_aliases(settings, registry)[1]
