"""The public offices of a unit where a person can go: its People's Committee and its police.

Names are built from the registry's kind and name, never typed: "Ủy ban nhân dân phường Cầu
Giấy", "Công an phường Cầu Giấy". English names add the kind to the registry's plain English
name (which is not an official translation, so pages show the Vietnamese name beside it).
No address or phone number is ever made here: the facts sheet has none for these offices.

>>> from portal.content.localities import Unit
>>> ward = Unit("00166", "cau-giay", "Phường Cầu Giấy", "Cau Giay Ward", "ward", "01")
>>> [o.name_vi for o in offices(ward)]
['Ủy ban nhân dân phường Cầu Giấy', 'Công an phường Cầu Giấy']
>>> [o.name_en for o in offices(ward)]
["Cau Giay Ward People's Committee", 'Cau Giay Ward Police']
>>> city = Unit("79", "ho-chi-minh", "Hồ Chí Minh", "Ho Chi Minh City", "city", "VN")
>>> [o.name_en for o in offices(city)]
["Ho Chi Minh City People's Committee", 'Ho Chi Minh City Police']
>>> offices(city)[1].name_vi
'Công an thành phố Hồ Chí Minh'
>>> offices(Unit("P02", "ha-giang", "Hà Giang", "Ha Giang", "former-province", "VN"))
[]
"""

from __future__ import annotations

from dataclasses import dataclass

COMMUNE_KINDS = ("ward", "commune", "special-zone")
PROVINCE_KINDS = {"city": ("thành phố", "City"), "province": ("tỉnh", "Province")}


@dataclass(frozen=True)
class Office:
    role: str  # "committee" or "police"
    name_vi: str
    name_en: str
    level: str  # "commune" or "province"

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


def place_words(unit) -> tuple[str, str] | None:
    """The unit as it follows an office's name: ("phường Cầu Giấy", "Cau Giay Ward")."""
    if unit.kind in COMMUNE_KINDS:
        return unit.name_vi[:1].lower() + unit.name_vi[1:], unit.name_en
    if unit.kind in PROVINCE_KINDS:
        word_vi, word_en = PROVINCE_KINDS[unit.kind]
        english = (
            unit.name_en if unit.name_en.endswith(" " + word_en) else f"{unit.name_en} {word_en}"
        )
        return f"{word_vi} {unit.name_vi}", english
    return None


def offices(unit) -> list[Office]:
    """The People's Committee and the police of a current commune-level or province-level unit."""
    words = place_words(unit)
    if words is None:
        return []
    vi, en = words
    level = "commune" if unit.kind in COMMUNE_KINDS else "province"
    return [
        Office("committee", f"Ủy ban nhân dân {vi}", f"{en} People's Committee", level),
        Office("police", f"Công an {vi}", f"{en} Police", level),
    ]
