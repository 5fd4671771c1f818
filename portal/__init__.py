"""The application: the content model, what page-writing plugins share, the build engine and the
commands.

- `portal.settings`: every project setting, with its default and its check.
- `portal.content`: schemas, documents, front matter and checks (no addresses, no Pelican).
- `portal.site`: what the page-writing plugins share: addresses, routes, links, translations.
- `portal.engine`: the build's whole lifecycle: output tree, render keys, caches, the swap.
- `portal.commands`: what `invoke` runs: check, new, serve, publish, deploy-s3.

The Pelican plugins, one feature a folder, are under `plugins/`.
"""
