"""`remember(*key)` (plugins/theme_helpers): a block is made once per key in a build and repeated
after that, so a key that names the language and the depth (SITEURL) gives each its own block."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2
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


def test_each_environment_remembers_its_own_blocks():
    """A generator's environment lasts one build: the next build makes its blocks again."""
    assert environment().from_string(BLOCK).render(lang="en", SITEURL="", n=1) == "Call /x 1"
    assert environment().from_string(BLOCK).render(lang="en", SITEURL="", n=2) == "Call /x 2"
