"""Addresses of locality pages: stable, readable, and unique across current and former units (the
plugin declares them as its routes, `portal.site.routes`, so the link check knows them too).

>>> from pathlib import Path
>>> from portal.content.localities import load_registry
>>> reg = load_registry(Path(__file__).parents[2] / "content" / "data" / "localities")
>>> paths = locality_paths(reg, selected_units(reg, ["01"]))
>>> paths["01"], paths["00166"], paths["P01"]
('localities/ha-noi/', 'localities/ha-noi/cau-giay/', 'localities/ha-noi/')
>>> paths["005"]
'localities/ha-noi/districts/cau-giay/'
"""

from __future__ import annotations


def selected_units(registry, provinces=None) -> list:
    """Units to publish: all, or those of the given current province codes (and their former
    units)."""
    if not provinces:
        return sorted(registry.values(), key=lambda u: u.code)
    wanted = set(provinces)
    former = {
        u.code
        for u in registry.values()
        if u.kind == "former-province" and set(u.merged_into) & wanted
    }
    keep = [
        u
        for u in registry.values()
        if u.code == "VN" or u.code in wanted or u.code in former or u.parent in wanted | former
    ]
    return sorted(keep, key=lambda u: u.code)


def locality_paths(registry, units) -> dict[str, str]:
    """Code → path under the language prefix. A former province whose slug lives on shares the
    page."""
    current_slugs = {u.slug: u.code for u in registry.values() if u.kind in ("city", "province")}
    paths: dict[str, str] = {"VN": "localities/"}
    for unit in units:
        parent = registry.get(unit.parent)
        if unit.kind in ("city", "province") or unit.kind == "former-province":
            paths[unit.code] = f"localities/{unit.slug}/"
        elif parent is None:  # an unknown parent: `check_registry` names its file and row
            continue
        elif unit.kind == "former-district":
            paths[unit.code] = f"localities/{parent.slug}/districts/{unit.slug}/"
        elif unit.parent != "VN":
            paths[unit.code] = f"localities/{parent.slug}/{unit.slug}/"
    for code, path in list(paths.items()):
        unit = registry[code]
        if unit.kind == "former-province" and unit.slug in current_slugs:
            paths[code] = paths.get(current_slugs[unit.slug], path)
    return paths


def shares_page(unit, paths: dict) -> bool:
    """True for a former province whose address is now the page of the current province."""
    return unit.kind == "former-province" and paths[unit.code] == paths.get(unit.merged_into[0])


def routes(docs, registry) -> list[str]:
    """The plugin's routes (`portal.site.routes`): every unit's page and feed, whatever
    `LOCALITY_PROVINCES` selects, since a text may link to any place."""
    places = locality_paths(registry, selected_units(registry)).values()
    return [address for path in places for address in (path, path + "feed.atom")]
