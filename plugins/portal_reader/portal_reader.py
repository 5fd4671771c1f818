"""Reads `NAME.vi.md` / `NAME.en.md`: YAML front matter validated by the type's schema, then
Markdown.

Adds a reader for `.md` (replacing Pelican's) through `readers_init`. For every file it sets
the Pelican metadata `title`, `slug`, `lang`, `template` (the content type), `section` (the
folder, used in `PAGE_URL`) and these of its own:

- `data`: the validated schema model (e.g. `Plan`); templates read `page.data.targets`;
- `source_doc`: the `portal.content.documents.Document` with its problems and links, read by the
  `content_checks` plugin (its front matter is let go, `Document.forget_front`: a check that
  finds a problem reads the file's line map again). A file that cannot be validated still
  becomes a draft page that carries its problems, so that every problem of every file is
  reported in one run.
"""

from __future__ import annotations

import os
from pathlib import Path

from pelican import signals
from pelican.readers import MarkdownReader

from portal.content.documents import FILE_NAME, read_document
from portal.content.schema import SECTIONS


class PortalReader(MarkdownReader):
    enabled = True
    file_extensions = ["md"]

    def read(self, source_path):
        source = Path(source_path)
        doc = read_document(source, self._display_path(source), Path(self.settings["PATH"]))
        # rendered and checked by read_document
        body_html = doc.html if doc.model is not None else ""
        # not needed any more (links are in doc.links); keep cached pages small
        doc.text = doc.html = ""
        doc.forget_front(source.resolve())
        return body_html, self._metadata(doc, source)

    def _display_path(self, source: Path) -> str:
        content_root = Path(self.settings["PATH"]).resolve()
        try:
            # a link is named where it is
            return Path(os.path.abspath(source)).relative_to(content_root.parent).as_posix()
        except ValueError:
            return str(source)

    def _metadata(self, doc, source: Path) -> dict:
        model = doc.model
        if model is None:  # unusable file: a draft that only carries its problems
            match = FILE_NAME.match(source.name)
            lang = match["lang"] if match else self.settings["DEFAULT_LANG"]
            return {
                "title": source.name,
                "slug": "invalid-" + source.stem.replace(".", "-"),
                "lang": lang,
                "status": "draft",
                "template": "page",
                "section": "invalid",
                "source_doc": doc,
                "data": None,
            }
        return {
            "title": model.title,
            "slug": model.slug,
            "lang": model.lang,
            "template": model.type,
            "section": SECTIONS[model.type],
            "summary": model.summary,
            "data": model,
            "source_doc": doc,
        }


def add_reader(readers):
    """Ours for `.md`, and no other reader: Pelican's would read `.markdown`, `.html` or `.rst`
    files without our checks (and crash on their missing metadata). `portal.content.layout` reports
    them."""
    readers.reader_classes.clear()
    readers.reader_classes["md"] = PortalReader


def register():
    signals.readers_init.connect(add_reader)
