"""Accent folding for names: what people type without diacritics.

>>> fold("Thừa Thiên Huế"), fold("Đà Nẵng"), fold("Hoà") == fold("Hòa")
('thua thien hue', 'da nang', True)
"""

import unicodedata


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())
