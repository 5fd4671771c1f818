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

In a build of the engine, the files not in Pelican's content cache are read in two processes
(`ahead.py`): the page generator's loop takes what a forked child has read already.
"""

from __future__ import annotations

import os
from pathlib import Path

from pelican import signals
from pelican.cache import FileDataCacher
from pelican.readers import MarkdownReader

from portal.content.documents import FILE_NAME, read_document
from portal.content.schema import SECTIONS
from portal.engine.produce import can_fork
from portal.engine.state import current

from .ahead import MIN_FILES, ReadAhead


class PortalReader(MarkdownReader):
    enabled = True
    file_extensions = ["md"]
    ahead: ReadAhead | None = None  # the files a child reads meanwhile (`read_ahead`)

    def read(self, source_path):
        if self.ahead is not None and (done := self.ahead.get(source_path)) is not None:
            return done
        return self.read_now(source_path)

    def read_now(self, source_path):
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


def read_ahead(generator) -> None:
    """In a build of the engine, a child reads the files that Pelican's cache has no entry for,
    from the last backwards, while Pelican reads them from the first (`ahead.py`). The entries'
    stamps are not checked here (a digest of each file, which Pelican makes again when it reads):
    a cold build has none, and a file edited since the last build, whose entry is stale, is one
    of a few that the loop reads itself."""
    build, reader = current(), generator.readers.readers.get("md")
    if build is None or not isinstance(reader, PortalReader):
        return
    settings = generator.settings
    paths = [
        os.path.abspath(os.path.join(generator.path, name))
        for name in generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"])
    ]  # in the order Pelican's loop will take them: the same set, made the same way
    unread = [path for path in paths if not _has_entry(generator.readers, path)]
    if can_fork(settings, len(unread), MIN_FILES):
        reader.ahead = ReadAhead(reader.read_now, unread, str(build.cache))
        build.helpers.append(reader.ahead.join)


def _has_entry(readers, path: str) -> bool:
    """Whether Pelican's content cache has an entry for `path`, current or stale."""
    return FileDataCacher.get_cached_data(readers, path) is not None


def stop_reading_ahead(generator) -> None:
    reader = generator.readers.readers.get("md")
    if isinstance(reader, PortalReader) and reader.ahead is not None:
        reader.ahead.join()
        reader.ahead = None


def register():
    signals.readers_init.connect(add_reader)
    signals.page_generator_init.connect(read_ahead)
    signals.page_generator_finalized.connect(stop_reading_ahead)
