"""A hotline's number, display and `tel:` address, checked with libphonenumber for Viet Nam.

A wrong digit in a hotline sends a person at risk nowhere, so the number is checked by a kept
library (`phonenumbers`, the Python port of Google's libphonenumber), not by a pattern:

- `number` (digits only) of up to six digits is a *short number*. It must be valid for VN by
  libphonenumber's short-number data (113, 114, 115 are) or be declared in
  `content/data/short_numbers.yaml` with the public source that shows it in service:
  libphonenumber 9.0.43 does not list 111, the national child-protection hotline since 2017 and
  the anti-trafficking hotline since 2025. Anything else, such as 1119, is refused.
- A longer `number` must be a valid Vietnamese number, written with the country code (84…) or
  the trunk prefix (0…).
- `display` must read as the same number (digits grouped by spaces, dots or hyphens, a leading
  + for the country code), and `tel:` must dial it: the same short digits, or the same number.
- Anywhere else in the content (a body, a summary, a list of key points), a phone number must be
  one of the hotlines' (`portal.content.checks`), so that every number shown has its source and
  its verification date: `written_numbers` finds the numbers a text shows or dials.

>>> problems = hotline_problems(number="1119", display="1119", tel="tel:1119")
>>> for loc, message, fix in problems:
...     print(loc, message.en)  # doctest: +NORMALIZE_WHITESPACE
('number',) the number 1119 is not in service in Viet Nam: libphonenumber does not know it
 and it is not a declared short number
>>> hotline_problems(number="84981848484", display="+84 981 84 84 84", tel="tel:+84981848484")
[]
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import phonenumbers
from phonenumbers import shortnumberinfo

from portal.content.frontmatter import load_yaml
from portal.content.problems import Said, say

REGION = "VN"
SHORT_NUMBERS = Path(__file__).resolve().parents[2] / "content" / "data" / "short_numbers.yaml"
SHORT = 6  # digits: the longest short number
SEPARATORS = re.compile(r"[\s.\-()]")
# A number as people write one in a text: groups of digits split by spaces, dots, hyphens or
# brackets, a leading + for the country code; not part of a word, an address or a document's
# number (53/2024/QH15). The test that scans the shipped site's pages casts a wider net.
WRITTEN = re.compile(r"(?<![\w/.,:-])(?:\+|\(\+?)?\d[\d .\-()]{5,}\d(?![\w/])")
# Where such a number may start: a pattern that begins with a set of characters is searched for
# in C, several times faster than WRITTEN's look-behind at every character of a site's text.
RUN = re.compile(r"[0-9\uff10-\uff19+(][0-9\uff10-\uff19 .()+-]{6,}")
TEL = re.compile(r"tel:([^\s\"'<>\])]*)")
# A short number after a word that says to call it ("gọi **115**", "dial 113", "bấm số 1111"):
# in other prose three to six digits are as often an article's or a document's number. It starts
# with a set of characters for the same reason as RUN; the letter before it is checked apart. No
# pattern here runs over a line break.
CALLED = re.compile(
    r"[GgCcDdBbQqPp](?:ọi|all|ial|ấm|uay|hone)(?:[^\S\n]+(?:số|tới|đến|ngay|now|on))?[^\S\n]+[*_(\[]*"
    r"([0-9]{3,6})(?![\w/]|\)?[ .-][0-9])"  # not the first group of a longer number
)
# 01.07.2025, 1-7-2025, 01 07 2025: a date; 07.30 - 17.00: office hours; not numbers
DATE = re.compile(r"\(?\d{1,2}[ .\-]+\d{1,2}[ .\-]+(19|20)\d\d")
HOURS = re.compile(r"\(?\d{1,2}\.\d\d( ?- ?\d{1,2}\.\d\d)+\)?")


@functools.cache
def declared_short_numbers(path: Path = SHORT_NUMBERS) -> frozenset[str]:
    """The short numbers declared with their source (entries without a source_url do not count)."""
    if not path.exists():
        return frozenset()
    entries, _ = load_yaml(path.read_text(encoding="utf-8"))
    return frozenset(
        str(e["number"])
        for e in entries or []
        if isinstance(e, dict) and e.get("number") and e.get("source_url")
    )


def same_number(text: str) -> str | None:
    """The number `text` dials, as short digits or E.164 (`+84…`), or None if it is not one.

    >>> [same_number(n) for n in ("111", "+84 981 84 84 84", "0981.84.84.84", "84981848484")]
    ['111', '+84981848484', '+84981848484', '+84981848484']
    """
    compact = SEPARATORS.sub("", text)
    if not re.fullmatch(r"\+?[0-9]{3,15}", compact):
        return None
    if not compact.startswith("+") and len(compact) <= SHORT:
        return compact if _short_number_in_service(compact) else None
    if compact.startswith("84") and len(compact) >= 10:  # the country code written without +
        compact = "+" + compact
    try:
        parsed = phonenumbers.parse(compact, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number_for_region(parsed, REGION):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def written_numbers(text: str) -> list[tuple[int, str]]:
    """(offset, number as written) of each phone number `text` shows or dials: each `tel:`
    address's number, each run of 8 to 15 digits that reads as a number in Viet Nam (a leading
    0, +, 84 before at least nine more digits, or a 1800 or 1900 line), and each short number
    the text says to call. Amounts (50.000.000 đồng), years, dates and document numbers are not
    numbers.

    >>> written_numbers("Gọi 0912 345 678 hoặc [111](tel:111), (024) 3826.4545")
    [(4, '0912 345 678'), (32, '111'), (38, '(024) 3826.4545')]
    >>> written_numbers("phạt 50.000.000 đồng từ 01.07.2025, năm 2021 - 2025, Luật 53/2024/QH15")
    []
    >>> written_numbers("mở cửa 07.30 - 11.30 và 13.30 - 17.00, gọi 1800 1567")
    [(43, '1800 1567')]
    >>> said = "Gọi **115**, bấm số 1111, recall 2024, call (024) 3826 4545"
    >>> [number for _at, number in written_numbers(said)]
    ['115', '1111', '(024) 3826 4545']
    """
    found = [
        (m.start(), m[0])
        for run in RUN.finditer(text)
        for m in WRITTEN.finditer(text, run.start(), run.end() + 1)
        if _reads_as_a_number(m[0])
    ]
    found += [
        (m.start(1), m[1])
        for m in CALLED.finditer(text)
        if m.start() == 0 or not text[m.start() - 1].isalnum()
    ]
    if "tel:" in text:
        found += [(m.start(1), m[1]) for m in TEL.finditer(text)]
    return sorted(found)


def _reads_as_a_number(run: str) -> bool:
    digits = re.sub(r"\D", "", run)
    if not 8 <= len(digits) <= 15 or DATE.fullmatch(run) or HOURS.fullmatch(run):
        return False
    start = run.lstrip("(")
    return start.startswith(("+", "0", "1800", "1900")) or (
        digits.startswith("84") and len(digits) >= 11
    )


def _short_number_in_service(digits: str) -> bool:
    if digits in declared_short_numbers():
        return True
    return shortnumberinfo.is_valid_short_number_for_region(
        phonenumbers.parse(digits, REGION), REGION
    )


def hotline_problems(number: str, display: str, tel: str) -> list[tuple[tuple, Said, Said]]:
    """(field, message, fix) for a number not in service, or a display or tel: that differ from
    it."""
    dialled = same_number(number)
    if dialled is None:
        return [(("number",), say("phone_unknown", number=number), say("phone_check_source"))]
    out = []
    if same_number(display) != dialled:
        out.append(
            (
                ("display",),
                say("phone_display_differs", display=display, number=number),
                say("phone_write_display", example=_readable(dialled)),
            )
        )
    if same_number(tel.removeprefix("tel:")) != dialled:
        out.append(
            (
                ("tel",),
                say("phone_tel_differs", tel=tel, number=number),
                say("write_value", name="tel", value=f"tel:{dialled}"),
            )
        )
    return out


def _readable(dialled: str) -> str:
    if not dialled.startswith("+"):
        return dialled
    return phonenumbers.format_number(
        phonenumbers.parse(dialled), phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
