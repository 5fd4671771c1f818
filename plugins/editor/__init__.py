"""The officers' browser editor: Decap CMS, configured from the schemas, saving through Git.

`invoke editor` runs `server.run()`: a loopback server that serves the editor's page, Decap's
bundle from the project's `node_modules/`, the configuration `config.decap_config()` makes from
the schemas, and the site's stylesheet for the preview; it passes Decap's Git requests on to
`decap-server` (local Git mode, loopback), but a save only after `save.prepare()` has written each
file as a careful person would (`merge.py`: only changed lines change) and the same checks as
`invoke check` found no error. With a hosted Git backend, or the page published by `export.py`
(only when the `EDITOR_PUBLISH` setting asks), no save passes through a server of ours, so the
page does the same itself: `static/merge.js` is `merge.py` in JavaScript, and `static/rules.js`
runs the per-field checks `rules.py` generates from the schemas; the editorial workflow then
leaves the checks across files to the pull request's CI. Not a Pelican plugin: nothing here runs
in a build, and `core` does not depend on it (publishing imports `export` only for that setting).
Tests: `test_editor.py` here; the browser's, which share the session's Chromium, in
`tests/browser/test_editor.py`.
"""
