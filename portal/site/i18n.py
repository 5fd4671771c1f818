"""Theme strings and locale formatting, with Babel.

Catalogs are the committed `.po` files under the theme's `translations/`; they are compiled
in memory at build time (no `.mo` files to keep in step).

>>> t = load_translations(Path(__file__).parents[2] / "themes/portal/translations", ["vi", "en"])
>>> day = datetime.date(2017, 2, 8)
>>> format_date(day, "vi"), format_date(day, "en")
('ngày 8 tháng 2 năm 2017', '8 February 2017')
>>> format_date(day, "vi", "compact"), format_date(day, "en", "compact")
('08/02/2017', '8 Feb 2017')
>>> format_percent(95, "vi"), format_percent(95.5, "en")
('95%', '95.5%')
"""

from __future__ import annotations

import datetime
import io
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_format_percent
from babel.support import NullTranslations, Translations

LOCALES = {"vi": "vi", "en": "en_GB"}  # en_GB writes "8 February 2017"
DOMAIN = "messages"
# the site's name: a theme string, so the catalogs translate it
SITE_TITLE = "Preventing human trafficking"


def template_folders(project: Path) -> list[Path]:
    """Every folder of templates whose strings the catalogs translate: the theme's, each
    component's, and each feature plugin's (`invoke i18n` extracts from these)."""
    theme = project / "themes" / "portal"
    return [
        theme / "templates",
        *sorted(theme.glob("components/*/")),
        *sorted(project.glob("plugins/*/templates")),
        *sorted(project.glob("plugins/*/components/*/")),
    ]


def site_title(settings: dict, lang: str) -> str:
    """The site's name in `lang`, from the theme's catalog (the one source of the title)."""
    return load_translations(Path(settings["THEME"]) / "translations", [lang])[lang].ugettext(
        SITE_TITLE
    )


def load_translations(folder: Path, langs) -> dict[str, NullTranslations]:
    """Each language's catalog, compiled from its `.po` (once per process and `.po` content)."""
    out: dict[str, NullTranslations] = {}
    for lang in langs:
        po = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        out[lang] = _compiled(lang, po.read_bytes()) if po.exists() else NullTranslations()
    return out


@lru_cache(maxsize=8)
def _compiled(lang: str, po: bytes) -> Translations:
    catalog = read_po(io.BytesIO(po), locale=LOCALES[lang])
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


# Date patterns (CLDR syntax, formatted by Babel) where the locale's own differ from how the
# language writes dates. CLDR's `vi` "long" is "d MMMM, y" ("8 tháng 2, 2017") and its "short"
# "d/M/yy" ("8/2/17"); Vietnamese prose writes "ngày 8 tháng 2 năm 2017", and a compact date in a
# table or a list is "08/02/2017" (English keeps the month's name there: "8 Feb 2017").
DATE_FORMS = {
    "vi": {"long": "'ngày' d 'tháng' M 'năm' y", "compact": "dd/MM/y"},
    "en": {"compact": "medium"},  # "8 Feb 2017": "08/02/2017" would read as 2 August to some
}


# Babel reads the locale and parses the pattern on every call, and pages show the same few dates
# and numbers again and again: each function keeps what it made (its result follows from its
# arguments alone).
@lru_cache(maxsize=4096)
def format_date(value: datetime.date | None, lang: str, form: str = "long") -> str:
    """`form`: "long" (prose), "compact" (tables, lists), a Babel name ("medium") or a CLDR
    pattern."""
    if value is None:
        return ""
    return babel_format_date(value, DATE_FORMS.get(lang, {}).get(form, form), locale=LOCALES[lang])


@lru_cache(maxsize=4096)
def format_number(value: float, lang: str) -> str:
    return format_decimal(value, format="#,##0.##", locale=LOCALES[lang])


@lru_cache(maxsize=4096)
def format_percent(value: float, lang: str) -> str:
    """`value` is already in percent (95 means 95 %), as officers write it."""
    return babel_format_percent(value / 100, format="#,##0.##%", locale=LOCALES[lang])
