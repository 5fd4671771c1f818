"""Name shards for the "Find help near you" filter: one small JSON file per first letter.

The filter strips a leading type word ("phường", "xã", "quận", "huyện", "tỉnh"…) from what the
user typed, folds accents, and fetches only the shard of the first letter, so the first
keystroke downloads a few kilobytes instead of all 4,000 names. Each record is
`[folded name, Vietnamese name, English name, path, province name, current, became, province name
(English), became (English)]`, where `path` is the page address without the language prefix (a
former unit's path leads to its own page, which says what it became).

>>> shard_key("Phường Cầu Giấy"), shard_key("Thừa Thiên Huế"), shard_key("Đắk Lắk")
('c', 't', 'd')
"""

from __future__ import annotations

import json

from portal.content.text_fold import fold
from portal.engine.output_tree import make_output

TYPE_WORDS = ("thanh pho", "thi xa", "thi tran", "dac khu", "phuong", "xa", "quan", "huyen", "tinh")
ALIASES = {"P46": ["Thừa Thiên Huế", "Tỉnh Thừa Thiên Huế"]}  # the GSO's earlier name of code 46


def bare(name: str) -> str:
    folded = fold(name)
    for word in TYPE_WORDS:
        if folded.startswith(word + " "):
            return folded[len(word) + 1 :]
    return folded


def shard_key(name: str) -> str:
    return _shard_of(bare(name))


def _shard_of(folded: str) -> str:
    key = folded[:1]
    return key if key.isalpha() else "0"


def records(generator) -> dict[str, list]:
    registry, paths = generator.registry, generator.paths
    shards: dict[str, list] = {}
    for unit in generator.units:
        if unit.code == "VN" or unit.code not in paths:
            continue
        parent = registry[unit.parent] if unit.parent and unit.parent != "VN" else None
        successor = registry[unit.merged_into[0]] if len(unit.merged_into) == 1 else None
        province, became = (
            (parent.name_vi if parent else ""),
            (successor.name_vi if successor else ""),
        )
        english = [parent.name_en if parent else "", successor.name_en if successor else ""]
        for name in [unit.name_vi, *ALIASES.get(unit.code, [])]:
            row = [
                bare(name),
                name,
                unit.name_en,
                paths[unit.code],
                province,
                int(unit.current),
                became,
                *english,
            ]
            shards.setdefault(_shard_of(row[0]), []).append(row)  # shard_key(name), folded once
    return shards


def write_name_shards(generator) -> None:
    """Through the engine, like every file of the build: the registry, the settings and the page
    addresses are all in the site fingerprint, so an unchanged shard is not written again."""
    out, folder = str(generator.output_path), "localities/names"
    shards = records(generator)
    for key, rows in sorted(shards.items()):
        rows.sort(key=lambda r: (r[0], r[3]))
        text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        make_output(out, f"{folder}/{key}.json", lambda text=text: text)
    index = json.dumps(sorted(shards), separators=(",", ":"))
    make_output(out, f"{folder}/index.json", lambda: index)
