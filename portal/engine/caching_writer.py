"""Rebuilds render only the pages whose inputs changed: the build's own Pelican writer.

`portal.engine.build` installs `CachingWriter` itself (through Pelican's `get_writer` signal, not
through `PLUGINS`, so no settings change can leave it out). It gives every page a render key and
asks the build's `OutputTree` (`portal.engine.output_tree`) whether the previous build already made
that file from the same key; then the page is neither rendered nor written. Otherwise it queues the
page, and `portal.engine.build` makes the queue once Pelican has run (`portal.engine.produce`, in
two processes), writing through the tree, which leaves a file alone when its bytes did not change.

A render key is a hash of:

- the site fingerprint (`portal.engine.fingerprint.site_fingerprint`: code, theme, settings, data
  and every content file's front matter), which `portal.engine.build` computes into the BuildState
  (`portal.engine.state`);
- the file name, template and URL mode;
- the values passed to the template (`render_keys.values_key`): a content page stands for its
  source path and the digest of its own body, since no page shows another page's body. A
  generator whose values all follow from the fingerprint may pass a short `render_key` instead
  (the localities plugin passes the unit's code).

A value the key cannot describe makes the page render every time (never a stale page).
Outside a build of the engine (`portal.engine.state.current()` is None: a plain `pelican` run) it
behaves exactly like Pelican's writer.

`recorder`, when set (by `portal.commands.live`, the preview of `invoke serve`), is called with
every page the writer is given, so that a long-lived preview can render a page again after an edit.
"""

from __future__ import annotations

from collections.abc import Callable

from pelican import signals
from pelican.utils import get_relative_path, path_to_url
from pelican.writers import Writer

from portal.engine.output_tree import render_key
from portal.engine.render_keys import NoKey, values_key
from portal.engine.state import current

recorder: Callable[..., None] | None = (
    None  # a callable(writer, name, template, context, relative_urls, kwargs), or None
)


class CachingWriter(Writer):
    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        build = current()
        tree = build.tree if build else None
        if tree is None or not name or paginated:
            return super().write_file(
                name,
                template,
                context,
                relative_urls,
                paginated,
                template_name,
                override_output,
                url,
                **kwargs,
            )
        self._claim(name, override_output)
        if recorder is not None:
            recorder(self, name, template, context, relative_urls, kwargs)
        key = self._key(name, template, relative_urls, kwargs)
        if not tree.kept(name, key):
            tree.defer(
                name,
                key,
                lambda: template.render(self._local_context(context, name, relative_urls, kwargs)),
            )
        signals.content_written.send(
            str(self.output_path) + "/" + name, context={**context, **kwargs, "output_file": name}
        )

    def _claim(self, name: str, override: bool) -> None:
        """Pelican's rule: two pages may not write one file (unless the first allows it)."""
        claimed = self.__dict__.setdefault("_claimed", {})
        if name in claimed and not claimed[name]:
            raise RuntimeError(f"File {name} is to be overwritten")
        claimed[name] = override

    def _key(self, name, template, relative_urls, kwargs) -> str:
        try:
            values = values_key(kwargs)
        except NoKey:
            return ""
        return render_key(name, template.name or "", str(bool(relative_urls)), values)

    @staticmethod
    def _local_context(context, name, relative_urls, kwargs) -> dict:
        local = context.copy()
        local["localsiteurl"] = local.get("localsiteurl")
        if relative_urls:
            local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
            context["localsiteurl"] = local[
                "localsiteurl"
            ]  # as Pelican's writer: links in content follow
        local["output_file"] = name
        local.update(kwargs)
        return local


def install() -> None:
    """Make `CachingWriter` Pelican's writer (connecting twice changes nothing)."""
    signals.get_writer.connect(get_writer)


def get_writer(pelican):
    return CachingWriter
