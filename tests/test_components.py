"""Every component folder (portal.site.components) is whole: its macros' parameters are the ones
its `<name>.yaml` declares, each example renders with the theme's own environment and holds what
the example expects, its styles reach the site's stylesheet and its scripts the site."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.generators import Generator
from pelican.settings import read_settings

from conftest import FIXTURE, parse
from portal.settings import apply
from portal.site.components import component_folders

SETTINGS = apply(copy.deepcopy(read_settings(str(FIXTURE / "settings.py"))))
FOLDERS = component_folders(SETTINGS)
CASES = [
    (name, macro, example)
    for name, folder in FOLDERS.items()
    for macro, spec in yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))[
        "macros"
    ].items()
    for example in spec["examples"]
]


def spec_of(name: str) -> dict:
    return yaml.safe_load((FOLDERS[name] / f"{name}.yaml").read_text(encoding="utf-8"))["macros"]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """The theme's Jinja environment as the build makes it (plugins' globals and filters
    included)."""
    settings = copy.deepcopy(SETTINGS) | {"OUTPUT_PATH": str(tmp_path_factory.mktemp("out"))}
    pelican = Pelican(settings)  # registers the plugins; `initialized` adds the component folders
    generator = Generator(
        {}, pelican.settings, settings["PATH"], settings["THEME"], settings["OUTPUT_PATH"]
    )
    return generator.env, pelican.settings


def test_the_components_are_found():
    assert {"quick-exit", "locality-filter", "search-box"} <= set(FOLDERS)


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_each_component_folder_is_whole(name, env):
    folder = FOLDERS[name]
    assert (folder / f"{name}.html").is_file() and (folder / f"{name}.yaml").is_file()
    template = env[0].get_template(f"{name}.html")
    declared = spec_of(name)
    macros = {m for m in dir(template.module) if not m.startswith("_")}
    assert set(declared) == macros, f"{name}.yaml must describe exactly the macros of {name}.html"
    for macro, spec in declared.items():
        arguments = getattr(template.module, macro).arguments
        assert list(spec["params"]) == list(arguments), f"{name}.yaml: parameters of {macro}"
        assert all(p["about"] for p in spec["params"].values())


@pytest.mark.parametrize(
    ("name", "macro", "example"), CASES, ids=[f"{n}:{e['name']}" for n, _, e in CASES]
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_example_renders_what_it_expects(name, macro, example, lang, env):
    jinja, settings = env
    context = {**settings, "lang": lang}
    source = f'{{% from "{name}.html" import {macro} with context %}}{{{{ {macro}(**params) }}}}'
    html = jinja.from_string(source).render(context | {"params": example["params"]})
    soup = BeautifulSoup(html, "lxml")
    for selector in example.get("expect", []):
        assert soup.select(selector), f"{name}: {example['name']}: nothing matches {selector}"
    for selector in example.get("absent", []):
        assert not soup.select(selector), (
            f"{name}: {example['name']}: {selector} should not be there"
        )


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_each_components_styles_and_scripts_reach_the_site(name, fixture_site):
    folder = FOLDERS[name]
    css = next((fixture_site / "theme" / "css").glob("site.*.css")).read_text(encoding="utf-8")
    if (folder / f"{name}.css").is_file():
        first_rule = next(
            line
            for line in (folder / f"{name}.css").read_text().splitlines()
            if line and not line.startswith(("/*", " "))
        )
        assert first_rule.strip() in css
    if (folder / f"{name}.js").is_file():
        site_js = next((fixture_site / "theme" / "js").glob("site.*.js")).read_text(
            encoding="utf-8"
        )
        assert (folder / f"{name}.js").read_text(encoding="utf-8") in site_js
    for script in (folder / "static").rglob("*.js") if (folder / "static").is_dir() else []:
        rel = script.relative_to(folder / "static").with_suffix("")
        assert list((fixture_site / "theme" / rel.parent).glob(f"{rel.name}.*.js")), (
            f"{rel} not published"
        )
    assert "@component" not in css


def test_the_quick_exit_is_first_on_every_page(fixture_site):
    for page in (fixture_site / "index.html", fixture_site / "en" / "hotlines" / "index.html"):
        first_link = parse(page).select_one("body a:not(.skip-link)")
        assert first_link["id"] == "quick-exit"
        assert first_link["href"] == SETTINGS["QUICK_EXIT_URL"]


def test_an_unknown_component_marker_fails(tmp_path):
    from portal.site.components import expand

    with pytest.raises(ValueError, match="@component nothing-here: no such component"):
        expand(b"/* @component nothing-here */\n", ".css", FOLDERS)
    assert expand(b"a{}\n/* @component quick-exit */\nb{}\n", ".css", FOLDERS).startswith(
        b"a{}\n/* The quick exit"
    )
    assert Path(FOLDERS["quick-exit"]).name == "quick-exit"


def test_macros_every_page_calls_need_nothing_from_the_page(env):
    """base.html imports the language switch and the feed links without context, so that Jinja
    makes their module once a build: they must work from their parameters alone (a macro that
    reached for the page's context, such as `_`, would fail here: no language in this module)."""
    theme = env[0]
    assert "import language_switch -%}" in theme.loader.get_source(theme, "base.html")[0]
    assert "import feed_links -%}" in theme.loader.get_source(theme, "base.html")[0]
    switch = theme.get_template("components/nav.html").module.language_switch
    made = switch("vi", {"en": "en/plans/x/"}, ["vi", "en"], "../..", "Ngôn ngữ", "chưa dịch")
    link = _soup(made).select_one("nav.lang-switch[aria-label='Ngôn ngữ'] a[hreflang=en]")
    assert link is not None and link["href"] == "../../en/plans/x/"
    untranslated = _soup(switch("en", {}, ["vi", "en"], ".", "Language", "not yet"))
    assert untranslated.select_one("span[lang=vi]").get_text() == "Tiếng Việt: not yet"
    feeds = {
        "all": {"title": "All", "url": "feeds/all.atom.xml"},
        "plan": {"title": "P", "url": "p.xml"},
    }
    feed_links = theme.get_template("components/feeds.html").module.feed_links
    hrefs = [a["href"] for a in _soup(feed_links(feeds, "plan", "..")).select("link")]
    assert hrefs == ["../feeds/all.atom.xml", "../p.xml"]
    assert [a["href"] for a in _soup(feed_links(feeds, None, ".")).select("link")] == [
        "./feeds/all.atom.xml"
    ]


def _soup(html) -> BeautifulSoup:
    return BeautifulSoup(str(html), "lxml")
