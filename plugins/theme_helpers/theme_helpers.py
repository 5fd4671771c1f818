"""Gives every template Babel translations and locale formatting, per page language.

On `generator_init` it installs Jinja's i18n extension on the generator's environment with
gettext functions that pick the catalog from the page being rendered: the context's `lang`
(listing pages pass it) or `page.lang`. It adds the filters `date`, `number`, `percent` and
the globals `lang_of()`, `home_url(lang)`, `alternates()` (language → URL of the same page)
and `locality_name(code)` (from the locality registry).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from plugins.core import i18n
from plugins.core.registry_cache import registry_for


def lang_of(context) -> str:
    if context.get("lang"):
        return context["lang"]
    page = context.get("page")
    return getattr(page, "lang", None) or context["DEFAULT_LANG"]


def alternates_of(context) -> dict[str, str]:
    """URL (relative to the site root) of this page in each language that has it."""
    if context.get("alternate_urls"):  # listing pages pass them
        return context["alternate_urls"]
    page = context.get("page")
    if page is None:
        return {}
    out = {page.lang: page.url}
    for other in getattr(page, "translations", []):
        out[other.lang] = other.url
    return dict(sorted(out.items()))


def install(generator) -> None:
    settings = generator.settings
    folder = Path(settings["THEME"]) / "translations"
    catalogs = i18n.load_translations(folder, settings["LANGUAGES"])

    @pass_context
    def gettext(context, message, **variables):
        text = catalogs[lang_of(context)].ugettext(message)
        if context.eval_ctx.autoescape:  # the catalog is trusted; the values put into it are escaped
            text = Markup(text)
        return text % variables if variables else text

    @pass_context
    def ngettext(context, singular, plural, n, **variables):
        text = catalogs[lang_of(context)].ungettext(singular, plural, n)
        return text % dict(variables, num=n)

    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.filters["date"] = pass_context(lambda ctx, value, form="long": i18n.format_date(value, lang_of(ctx), form))
    env.filters["number"] = pass_context(lambda ctx, value: i18n.format_number(value, lang_of(ctx)))
    env.filters["percent"] = pass_context(lambda ctx, value: i18n.format_percent(value, lang_of(ctx)))
    env.globals["lang_of"] = pass_context(lang_of)
    env.globals["alternates"] = pass_context(alternates_of)
    env.globals["home_url"] = lambda lang: settings["LANG_PREFIX"][lang]
    registry, _ = registry_for(settings)
    env.globals["locality_name"] = pass_context(lambda ctx, code: registry[code].name(lang_of(ctx)) if code in registry else code)


def register():
    signals.generator_init.connect(install)
