"""Gives every template Babel translations and locale formatting, per page language.

On `generator_init` it installs Jinja's i18n extension on the generator's environment with
gettext functions that pick the catalog from the page being rendered: the context's `lang`
(listing pages pass it) or `page.lang`. It adds the filters `date`, `number`, `percent`,
`breakable_url` (an address that wraps only between path segments), `h2_sections` (a body's
sections, for a contents list) and
the globals `lang_of()`, `home_url(lang)`, `alternates()` (language → URL of the same page),
`locality_name(code)` (from the locality registry) and `remember(*key)`:

    {% call remember("footer", lang_of(), SITEURL) %}…{% endcall %}

renders the block once per key and generator in a build and repeats it after that (the
header and footer of thousands of locality pages differ only by language and depth). The key
must name everything the block reads from the page's context. `keep=False` renders it without
keeping it, for a block no other page will ask for.

`component(name)` gives the macros of a component template made once per language and depth
(SITEURL) in a build, instead of once per page as `import … with context` makes them (on the
8,194 locality pages of the national fixture, about 0.1 ms a page):

    {% set help = component("components/help.html") %} … {{ help.call_now(hotlines) }}

The component's macros see the page's language and the build-wide names of `COMPONENT_NAMES`,
nothing else of the page; a component that reads any other name is refused when first made.

A template's globals are a plain dict of its environment's, made when it loads (Jinja makes a
ChainMap, which every page's context copies and every import compares name by name): a global
is set when its generator starts, never after a template has loaded.

Every generator has its own Jinja environment; they share one bytecode cache (`CompiledTemplates`,
in memory and in the build cache folder), so a template is compiled once, not once per
generator and build.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from jinja2 import BytecodeCache, TemplateRuntimeError, meta, pass_context
from markupsafe import Markup
from pelican import signals

from portal.content.registry_cache import registry_for
from portal.engine.sealed import read_sealed, write_sealed
from portal.engine.state import current
from portal.site import i18n

TEMPLATE_FORMAT = (
    f"jinja{sys.version_info[0]}.{sys.version_info[1]}"  # marshal's format follows Python's
)


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates by name and source checksum (a stale entry is never used), in
    memory and, when the build has a cache folder, on disk for the next build."""

    def __init__(self, folder: Path | None):
        self.compiled: dict[str, bytes] = {}
        self.folder = folder

    def load_bytecode(self, bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is None and self.folder is not None:
            code = read_sealed(
                self.folder / bucket.key, "template", TEMPLATE_FORMAT
            )  # a damaged file could crash marshal
            if code is not None:
                self.compiled[bucket.key] = code
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        code = self.compiled[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            write_sealed(self.folder / bucket.key, "template", TEMPLATE_FORMAT, code)


COMPILED: dict[tuple, CompiledTemplates] = {}


def compiled_for(settings: dict) -> CompiledTemplates:
    """One cache per environment options (they change the compiled code) and cache folder."""
    options = repr(sorted(settings["JINJA_ENVIRONMENT"].items()))
    build = current()
    cache = build.cache if build else None
    folder = (
        Path(
            cache, "jinja-" + hashlib.sha1(options.encode(), usedforsecurity=False).hexdigest()[:12]
        )
        if cache
        else None
    )
    return COMPILED.setdefault((options, str(folder)), CompiledTemplates(folder))


def lang_of(context) -> str:
    """The context's `lang` (listing pages pass it), else its page's, else the default. Read from
    the context's own dicts as `Context.get` would (each `_` of every page asks)."""
    lang = _get(context, "lang")
    if lang:
        return lang
    return getattr(_get(context, "page"), "lang", None) or context["DEFAULT_LANG"]


def _get(context, key: str):
    """`context.get(key)` of a Jinja context: its template's variables, then what it was given."""
    return context.vars[key] if key in context.vars else context.parent.get(key)


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


# What a component made by `component` reads of the page's context, besides its language (`lang`,
# from `lang_of`): the same on every page of one language and depth in a build (SITEURL is
# relative to the page's depth).
COMPONENT_NAMES = (
    "SITEURL",
    "content",
    "by_slug",
    "locality_urls",
    "registry",
    "reform",
    "duties_by_agency",
)


def components(env):
    """The `component(name)` global of `env` (see the module's docstring)."""
    made: dict[tuple, object] = {}
    checked: set[tuple] = set()  # (name, the names given): parsing a component is slow

    @pass_context
    def component(context, name: str):
        key = (name, lang_of(context), _get(context, "SITEURL"))
        if key not in made:
            values = {n: context[n] for n in COMPONENT_NAMES if n in context}
            values["lang"] = key[1]  # what `_`, `lang_of` and `date` read in the component
            given = (name, frozenset(values))
            if given not in checked:
                _check_reads(env, name, values)
                checked.add(given)
            made[key] = env.get_template(name).make_module(values)
        return made[key]

    return component


def _check_reads(env, name: str, values: dict, seen: frozenset = frozenset()) -> None:
    """Refuse a component that reads a name of the page it is not given: made once for many
    pages, it would show the first page's value, or nothing, on all of them. The templates it
    imports are checked too."""
    ast = env.parse(env.loader.get_source(env, name)[0])
    missing = sorted(meta.find_undeclared_variables(ast) - env.globals.keys() - values.keys())
    if missing:
        raise TemplateRuntimeError(
            f"{name} reads {', '.join(missing)} from the page; component() gives a component "
            f"only {', '.join(sorted(values))} (COMPONENT_NAMES): pass the rest as parameters"
        )
    for imported in set(meta.find_referenced_templates(ast)) - seen:
        if imported is not None:  # a name made at render time: not a component's case
            _check_reads(env, imported, values, seen | {name})


def install(generator) -> None:
    settings = generator.settings
    folder = Path(settings["THEME"]) / "translations"
    catalogs = i18n.load_translations(folder, settings["LANGUAGES"])
    trusted: dict[tuple, Markup] = {}  # (lang, message) -> the catalog's text, marked safe
    fragments: dict[tuple, Markup] = {}

    @pass_context
    def gettext(context, message, **variables):
        lang = lang_of(context)
        if not context.eval_ctx.autoescape:
            text = catalogs[lang].ugettext(message)
        elif (
            text := trusted.get((lang, message))
        ) is None:  # the catalog is trusted; the values put into it are escaped
            text = trusted[lang, message] = Markup(catalogs[lang].ugettext(message))
        return text % variables if variables else text

    def remember(*key, caller, keep=True):
        if key in fragments:
            return fragments[key]
        made = caller()
        if keep:  # not kept: no other page will ask for it
            fragments[key] = made
        return made

    @pass_context
    def ngettext(context, singular, plural, n, **variables):
        text = catalogs[lang_of(context)].ungettext(singular, plural, n)
        return text % dict(variables, num=n)

    env = generator.env
    env.bytecode_cache = compiled_for(settings)
    # A generator, and its environment, lasts one build: the templates cannot change under it, so
    # each `import` of a page's render need not stat the template's file again.
    env.auto_reload = False
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.globals["_"] = (
        gettext  # what the extension's alias for `_` calls, without the extra call per message
    )
    env.filters["date"] = pass_context(
        lambda ctx, value, form="long": i18n.format_date(value, lang_of(ctx), form)
    )
    env.filters["number"] = pass_context(lambda ctx, value: i18n.format_number(value, lang_of(ctx)))
    env.filters["percent"] = pass_context(
        lambda ctx, value: i18n.format_percent(value, lang_of(ctx))
    )
    env.filters["breakable_url"] = breakable_url
    env.filters["h2_sections"] = h2_sections
    env.globals["lang_of"] = pass_context(lang_of)
    env.globals["alternates"] = pass_context(alternates_of)
    env.globals["home_url"] = lambda lang: settings["LANG_PREFIX"][lang]
    env.globals["remember"] = remember
    env.globals["component"] = components(env)
    # A template's globals as a plain dict of the environment's, made when the template loads
    # (every global is set when the generator starts, before a template loads), where Jinja makes
    # a ChainMap: every page's context copies them, and every import compares their names with
    # the page's, each name a Python-level lookup through a ChainMap.
    env.make_globals = lambda own: {**env.globals, **(own or {})}
    registry, _ = registry_for(settings)
    env.globals["locality_name"] = pass_context(
        lambda ctx, code: registry[code].name(lang_of(ctx)) if code in registry else code
    )


_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)


def h2_sections(html: str) -> list[tuple[str, str]]:
    """The (id, text) of each `<h2 id=…>` in a rendered body, for a contents list.

    >>> h2_sections('<h2 id="a">One &amp; <em>two</em></h2><h3 id="b">No</h3><h2>No id</h2>')
    [('a', 'One & two')]
    """
    return [(anchor, Markup(text).striptags()) for anchor, text in _H2.findall(html or "")]


def breakable_url(url: str) -> Markup:
    """An address that may wrap after a "/" or before a "." but never inside its "https://".

    >>> str(breakable_url("https://x.vn/en/a-b/"))
    '<span class="url-scheme">https://</span>x<wbr>.vn/en/<wbr>a-b/<wbr>'
    """
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    out = Markup('<span class="url-scheme">{}</span>').format(scheme + sep)
    out += Markup("<wbr>.").join(host.split(".")) + slash
    parts = path.split("/")
    return out + Markup("").join(Markup("{}/<wbr>").format(part) for part in parts[:-1]) + parts[-1]


def register():
    signals.generator_init.connect(install)
