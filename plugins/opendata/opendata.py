"""Open data: the site's plans, targets, duties, hotlines and localities as files anyone may reuse.

A `Generator` returned from `get_generators`. It reads the context keys `content` and `by_slug`
(written by `content_index`), each page's validated model (`page.data`), and the locality
registry (`portal.content.registry_cache`, the whole registry whatever `LOCALITY_PROVINCES` says: it
is a reference list, and content may cite any of its codes). It writes:

- `data/<name>.json`, `data/<name>.csv` and `data/<name>.schema.json` for each dataset in
  `datasets.DATASETS` (plans, targets, duties, hotlines, laws, localities; see `files.py` for the
  formats);
- `data/localities.licence.md`: the registry's licence and credit, copied from the
  "Licence and credit" paragraph of `LOCALITIES_DIR/README.md` (the build fails without it);
- `open-data/index.html` under each language prefix (template `opendata`): each dataset, its
  columns (from the same declarations as the JSON Schema), the licences and links to the files.
"""

from __future__ import annotations

from functools import cache, partial
from pathlib import Path

import markdown
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from portal.content.problems import ContentError, Problem
from portal.content.registry_cache import registry_for
from portal.engine.output_tree import make_output
from portal.site.render import write_in_language
from portal.site.urls import absolute

from .columns import Site
from .datasets import DATASETS
from .files import dataset_files, schema_of

FOLDER = "data"
PAGE = "open-data/"
NOTICE_FILE = "localities.licence.md"
NOTICE_MARK = "**Licence and credit.**"
NOTICE_INTRO = (
    "Licence and credit for localities.json and localities.csv, copied from "
    "content/data/localities/README.md.\n\n"
)
# No licence is stated for the content; CC BY 4.0 lets anyone reuse it and keeps the credit (see the
# page).
CONTENT_LICENCE = {
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


def registry_notice(folder: Path) -> str:
    """The registry's licence and credit: its README from the paragraph `NOTICE_MARK` to the end."""
    readme = folder / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    start = text.find(NOTICE_MARK)
    if start < 0:
        problem = Problem(
            str(readme),
            1,
            "",
            f"has no paragraph starting with {NOTICE_MARK}, which the open data must carry",
            "restore the registry's licence and credit paragraph",
        )
        raise ContentError([problem])
    return text[start:].strip() + "\n"


class OpenDataGenerator(Generator):
    def generate_context(self) -> None:
        self.registry, folder = registry_for(self.settings)
        self.notice = registry_notice(Path(folder))  # fails the build before anything is written

    def generate_output(self, writer) -> None:
        site = Site(
            self.context["content"],
            self.context["by_slug"],
            self.registry,
            lambda url: absolute(self.settings, url),
        )
        for dataset in DATASETS:  # rows follow from the content's metadata and the registry
            files = cache(partial(self._files, dataset, site))
            for name in (f"{dataset.name}{suffix}" for suffix in (".json", ".schema.json", ".csv")):
                make_output(
                    self.output_path,
                    f"{FOLDER}/{name}",
                    lambda files=files, name=name: files()[name],
                    first=True,  # every page's data (`portal.engine.produce`)
                )
        make_output(self.output_path, f"{FOLDER}/{NOTICE_FILE}", lambda: NOTICE_INTRO + self.notice)
        notice_html = Markup(markdown.markdown(self.notice))
        for lang in self.settings["LANGUAGES"]:
            # metadata and registry only
            write_in_language(
                self,
                writer,
                lang,
                PAGE,
                "opendata",
                datasets=DATASETS,
                content_licence=CONTENT_LICENCE,
                localities_notice=notice_html,
                notice_file=f"{FOLDER}/{NOTICE_FILE}",
                render_key=PAGE,
            )

    def _files(self, dataset, site) -> dict[str, bytes]:
        schema = schema_of(
            dataset, self._address(f"{dataset.name}.schema.json"), self._licence_url(dataset)
        )
        return dataset_files(dataset, dataset.rows(site), schema)

    def _address(self, name: str) -> str:
        return absolute(self.settings, f"{FOLDER}/{name}")

    def _licence_url(self, dataset) -> str:
        return (
            self._address(NOTICE_FILE)
            if dataset.licence == "localities"
            else CONTENT_LICENCE["url"]
        )


def get_generators(pelican):
    return OpenDataGenerator


def register():
    signals.get_generators.connect(get_generators)
