"""A page, and an Atom feed, for every administrative unit in each language.

A `Generator` returned from `get_generators`. It reads the locality registry
(`portal.content.localities`, from `LOCALITIES_DIR`) and the context key `content` (from
`content_index`), and writes, under each language prefix:

- `localities/index.html` — "Find help near you": provinces, a filter that loads name shards;
- `localities/<province>/` — the province, its communes and its former units;
- `localities/<province>/<commune>/` — the commune;
- `localities/<old-province>/` and `localities/<old-province>/districts/<district>/` — former
  units, saying what they became (with `rel=canonical` to it);
- `localities/**/feed.atom` for current units: the content that applies there;
- `localities/names/<letter>.json` (once, not per language) — name shards for the filter.

What applies to a unit: content whose `localities` name the unit, one of its ancestors or `VN`.
It sets the context key `locality_urls` (code → URL without language prefix). The setting
`LOCALITY_PROVINCES` (a list of province codes) restricts the pages, for quick test builds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from pelican import signals
from pelican.generators import Generator

from portal.content.localities import REFORM
from portal.content.registry_cache import registry_for
from portal.content.text_fold import fold
from portal.site.atom import Entries, newest_date
from portal.site.i18n import site_title
from portal.site.render import write_in_language

from .feeds import feed_order, write_unit_feed
from .names import write_name_shards
from .offices import offices
from .paths import locality_paths, selected_units, shares_page

LISTED_TYPES = ("plan", "campaign", "hotline", "agency")


class Applying(Mapping):
    """What applies to a unit, by type (`applying`); worked out when first read (a rebuild that
    keeps the unit's page and feed never reads it, nor does a page whose lists were made for a unit
    with the same `fragment_key`)."""

    def __init__(self, chain: list, direct: dict[str, list]):
        self._chain, self._direct = chain, direct
        self._value: dict[str, list] | None = None
        # whether another unit's page has the same `fragment_key`: only then are the lists kept
        # once made (`remember` in locality.html; at 10x the content, the lists of the units named
        # by content, each its own, took 250 MB)
        self.shared = True

    def _items(self) -> dict:
        if self._value is None:
            self._value = applying(self._chain, self._direct)
        return self._value

    def __getitem__(self, kind):
        return self._items()[kind]

    def __iter__(self):
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    @property
    def fragment_key(self) -> tuple[str, ...]:
        """The units of the chain that content names, nearest first: `applying` takes a unit's
        items from exactly these, in this order, so units with equal keys list the same things and
        their lists are made once (`remember` in help.html)."""
        return tuple(level.code for level in self._chain if level.code in self._direct)


def chain_of(registry, unit) -> list:
    """The unit, its ancestors and the whole country."""
    chain = [unit, *registry.ancestors(unit.code)]
    if unit.code != "VN" and chain[-1].code != "VN":
        chain.append(registry["VN"])
    return chain


def applying(chain: list, direct: dict[str, list]) -> dict[str, list]:
    """Content for the first unit of `chain` (itself, its ancestors, the whole country), grouped
    by type: (page, the unit through which it applies), each page once, nearest unit first.
    `direct`: the pages naming each unit, by code."""
    seen: set[int] = set()
    grouped: dict[str, list] = {kind: [] for kind in LISTED_TYPES}
    for level in chain:
        for page in direct.get(level.code, []):
            if id(page) not in seen:
                seen.add(id(page))
                grouped[page.data.type].append((page, level))
    return grouped


class LocalitiesGenerator(Generator):
    def generate_context(self) -> None:
        self.registry, _ = registry_for(self.settings)
        self.units = selected_units(self.registry, self.settings["LOCALITY_PROVINCES"])
        self.paths = locality_paths(self.registry, self.units)
        self.context["locality_urls"] = self.paths
        self.sharing: dict[
            str, list[str]
        ] = {}  # current province code -> former province sharing its page
        for unit in self.units:
            if shares_page(unit, self.paths):
                self.sharing.setdefault(unit.merged_into[0], []).append(unit.code)

    def generate_output(self, writer) -> None:
        langs = self.settings["LANGUAGES"]
        direct = {lang: self._direct_index(lang) for lang in langs}
        # An agency page whose Vietnamese title is an office's name is that office's page.
        self.agency_by_name = {
            fold(p.data.title): p.slug for p in self.context["content"]["vi"]["agency"]
        }
        newest = {
            lang: newest_date(p for pages in self.context["content"][lang].values() for p in pages)
            for lang in langs
        }
        # each feed entry made once, the site's title read once
        entries = {lang: Entries(site_title(self.settings, lang)) for lang in langs}
        order = {
            lang: feed_order(p for pages in self.context["content"][lang].values() for p in pages)
            for lang in langs
        }
        chains = {
            unit.code: chain_of(self.registry, unit)
            for unit in self.units
            if unit.code != "VN" and not shares_page(unit, self.paths)  # VN is the index page
        }
        uses = {lang: self._key_uses(chains, direct[lang]) for lang in langs}
        for unit in self.units:
            if unit.code not in chains:
                continue
            for lang in langs:
                items = Applying(chains[unit.code], direct[lang])
                items.shared = uses[lang][items.fragment_key] > 1
                self._write(writer, lang, unit, items)
                if unit.current:
                    write_unit_feed(
                        self, lang, unit, items, newest[lang], entries[lang], order[lang]
                    )
        for lang in langs:
            self._write_index(writer, lang)
        write_name_shards(self)

    def _key_uses(self, chains: dict[str, list], direct: dict[str, list]) -> Counter:
        """How many current units' pages have each `Applying.fragment_key`."""
        return Counter(
            Applying(chains[unit.code], direct).fragment_key
            for unit in self.units
            if unit.code in chains and unit.current
        )

    def _direct_index(self, lang: str) -> dict[str, list]:
        by_code: dict[str, list] = {}
        for kind in LISTED_TYPES:
            for page in self.context["content"][lang][kind]:
                for code in page.data.localities:
                    by_code.setdefault(code, []).append(page)
        return by_code

    def _write(self, writer, lang: str, unit, items: Mapping) -> None:
        path = self.paths[unit.code]
        canonical = None
        if not unit.current and unit.merged_into and len(unit.merged_into) == 1:
            canonical = self.paths.get(unit.merged_into[0])
        children = list(self.registry.children(unit.code))
        for former in self.sharing.get(unit.code, []):
            children += self.registry.children(former)
        formed_from = [
            code for code in unit.formerly if self.paths.get(code) != path
        ]  # never a link to this page
        here = [(office, self.agency_by_name.get(fold(office.name_vi))) for office in offices(unit)]
        self._render(
            writer,
            lang,
            path,
            "locality",
            unit=unit,
            items=items,
            canonical_path=canonical,
            children=children,
            formed_from=formed_from,
            offices=here,
            successors=self._successors(unit),
            reform=REFORM,
            render_key=unit.code,
        )

    def _successors(self, unit) -> list:
        """For a former unit: the current units that took it over, whose pages give help."""
        if unit.current:
            return []
        return [
            self.registry[code]
            for code in unit.merged_into
            if code in self.registry and code in self.paths
        ]

    def _write_index(self, writer, lang: str) -> None:
        provinces = [u for u in self.registry.children("VN") if u.current and u.code in self.paths]
        former = [
            u
            for u in self.registry.children("VN")
            if not u.current and u.code in self.paths and not shares_page(u, self.paths)
        ]
        self._render(
            writer,
            lang,
            "localities/",
            "localities",
            provinces=provinces,
            former_provinces=former,
            unit=self.registry["VN"],
            render_key="VN",
        )

    def _render(self, writer, lang: str, path: str, template: str, **extra) -> None:
        write_in_language(self, writer, lang, path, template, registry=self.registry, **extra)


def get_generators(pelican):
    return LocalitiesGenerator


def register():
    signals.get_generators.connect(get_generators)
