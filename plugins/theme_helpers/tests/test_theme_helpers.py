"""`remember(*key)` (plugins/theme_helpers): a block is made once per key in a build and repeated
after that, so a key that names the language and the depth (SITEURL) gives each its own block."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2
import pytest
from pelican.settings import read_settings

from conftest import ROOT
from plugins.theme_helpers.theme_helpers import install
from portal.settings import apply

BLOCK = (
    '{% call remember("block", lang_of(), SITEURL) %}'
    '{{ _("Call") }} {{ SITEURL }}/x {{ n }}{% endcall %}'
)


def environment() -> jinja2.Environment:
    generator = SimpleNamespace(
        settings=apply(read_settings(str(ROOT / "pelicanconf.py"))),
        env=jinja2.Environment(autoescape=True),
    )
    install(generator)
    return generator.env


def test_a_remembered_block_is_made_once_per_language_and_depth():
    template = environment().from_string(BLOCK)
    first = template.render(lang="vi", SITEURL="..", n=1)
    assert first == "Gọi ../x 1"
    assert template.render(lang="vi", SITEURL="..", n=2) == first, (
        "the same key: the block is not made again"
    )
    assert template.render(lang="en", SITEURL="..", n=3) == "Call ../x 3"
    assert template.render(lang="vi", SITEURL="../..", n=4) == "Gọi ../../x 4"


def test_a_block_not_kept_is_made_for_each_page():
    """`keep=False`: a block no other page will ask for (a unit's own lists) is not held."""
    template = environment().from_string(
        '{% call remember("own", n, keep=n > 1) %}{{ n }}{{ m }}{% endcall %}'
    )
    assert [template.render(n=1, m=m) for m in "ab"] == ["1a", "1b"]
    assert [template.render(n=2, m=m) for m in "ab"] == ["2a", "2a"]


def test_each_environment_remembers_its_own_blocks():
    """A generator's environment lasts one build: the next build makes its blocks again."""
    assert environment().from_string(BLOCK).render(lang="en", SITEURL="", n=1) == "Call /x 1"
    assert environment().from_string(BLOCK).render(lang="en", SITEURL="", n=2) == "Call /x 2"


COMPONENTS = {
    "c.html": (
        '{% macro link(n) %}{{ _("Call") }} <a href="{{ SITEURL }}/x">{{ n }}</a>{% endmacro %}'
    ),
    "page.html": '{% set c = component("c.html") %}{{ c.link(n) }}',
    "reads-page.html": "{% macro title() %}{{ page_title }}{% endmacro %}",
    "imports-reads-page.html": (
        '{% from "reads-page.html" import title with context %}'
        "{% macro shown() %}{{ title() }}{% endmacro %}"
    ),
}


def component_environment() -> jinja2.Environment:
    env = environment()
    env.loader = jinja2.DictLoader(COMPONENTS)
    return env


def test_a_component_is_made_once_per_language_and_depth_and_shows_each_pages_values(
    monkeypatch,
):
    env = component_environment()
    made = []
    real = jinja2.Template.make_module

    def counted(self, *args, **kwargs):
        made.append(self.name)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "make_module", counted)
    page = env.get_template("page.html")
    places = [("vi", ".."), ("vi", ".."), ("en", ".."), ("vi", ".")]
    pages = [page.render(lang=lang, SITEURL=depth, n=n) for n, (lang, depth) in enumerate(places)]
    assert pages == [
        'Gọi <a href="../x">0</a>',
        'Gọi <a href="../x">1</a>',
        'Call <a href="../x">2</a>',
        'Gọi <a href="./x">3</a>',
    ]
    assert made == ["c.html"] * 3  # vi at "..", en at "..", vi at "."


@pytest.mark.parametrize("name", ["reads-page.html", "imports-reads-page.html"])
def test_a_component_that_reads_a_name_of_the_page_it_is_not_given_is_refused(name):
    """Also when a template it imports reads it."""
    env = component_environment()
    with pytest.raises(jinja2.TemplateRuntimeError, match="reads-page.html reads page_title"):
        env.from_string(f'{{{{ component("{name}").shown() }}}}').render(
            lang="vi", SITEURL="..", page_title="Hà Nội"
        )


def test_a_template_sees_the_globals_set_before_it_loads_and_its_own_over_them():
    env = component_environment()
    env.globals["site_name"] = "Phòng, chống mua bán người"
    env.loader.mapping["name.html"] = "{{ site_name }} · {{ lang_of() }}"
    assert env.get_template("name.html").render(lang="en") == "Phòng, chống mua bán người · en"
    own = env.get_template("name.html", globals={"site_name": "Anti-trafficking"})
    assert own.render(lang="vi") == "Anti-trafficking · vi"
    assert isinstance(own.globals, dict)  # looked up at C speed on every page, not a ChainMap
