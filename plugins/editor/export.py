"""The editor as static files inside a published site, only when the `EDITOR_PUBLISH` setting asks.

`invoke publish` leaves the editor out. With, in the settings file,

    EDITOR_PUBLISH = {
        "backend": {"name": "github", "repo": "my-org/site", "branch": "main"},
        "path": "admin",
        "lang": "vi",
    }

it writes `<path>/index.html` and what it loads (Decap's bundle and js-yaml from `node_modules/`,
the page's script, the configuration made from the schemas for that hosted backend, the registry's
places and the site's stylesheet for the preview) into the site before it is compressed and put in
place. Nothing else in the site changes: the other pages, their Content-Security-Policy included,
are byte for byte those of a publish without the setting. A static host has no server to run the
checks before a save: the page itself writes only the changed lines (`static/merge.js`) and runs
the schemas' per-field checks (`static/rules.js`, rules from `rules.py`), and the editorial workflow
(`publish_mode`, editorial_workflow unless the setting says otherwise) makes each save a pull
request that the repository's CI (`invoke check`, docs/ci-example/) must pass. The editor's page
carries its own policy; docs/deploy.md shows the server sending it for this folder only.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from portal.content.localities import load_registry

from .config import decap_config, locality_options
from .server import CSP, FOLDERS, HOSTED, STATIC

PAGE_POLICY = CSP
for _local, _hosted in HOSTED.items():
    PAGE_POLICY = PAGE_POLICY.replace(_local, _hosted)


def export_editor(site: Path, setting: dict, registry_dir: Path) -> Path:
    """Write the editor into `site/<path>/` for `setting["backend"]`; returns that folder."""
    backend = setting.get("backend")
    if not isinstance(backend, dict) or not backend.get("name"):
        raise ValueError(
            "EDITOR_PUBLISH needs a hosted backend, e.g. "
            "{'backend': {'name': 'github', 'repo': 'my-org/site', 'branch': 'main'}}"
        )
    lang = setting.get("lang", "vi")
    folder = site / str(setting.get("path", "admin")).strip("/")
    if folder.exists():
        raise ValueError(
            f"EDITOR_PUBLISH: the site already has {folder.relative_to(site)}/; "
            "choose another 'path'"
        )
    for prefix, source in FOLDERS.items():
        target = folder / prefix.strip("/")
        target.mkdir(parents=True)
        for file in sorted(source.iterdir()):
            if _wanted(prefix, file):
                shutil.copyfile(file, target / file.name)
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    policy = f'<meta http-equiv="Content-Security-Policy" content="{PAGE_POLICY}">\n'
    (folder / "index.html").write_text(
        page.replace('<meta charset="utf-8">\n', '<meta charset="utf-8">\n' + policy, 1),
        encoding="utf-8",
    )
    (folder / "editor" / "index.html").unlink()
    config = decap_config(lang, "", backend=backend, publish_mode=setting.get("publish_mode")) | {
        "portal_checks": "ci"
    }
    registry = load_registry(registry_dir)
    (folder / "editor" / "config.json").write_text(
        json.dumps(config, ensure_ascii=False, sort_keys=True), encoding="utf-8"
    )
    (folder / "editor" / "localities.json").write_text(
        json.dumps(locality_options(registry, lang), ensure_ascii=False), encoding="utf-8"
    )
    return folder


def _wanted(prefix: str, file: Path) -> bool:
    """What the page loads: Decap's own bundle and its chunks (not the source maps, not the other
    build)."""
    if not file.is_file() or file.suffix == ".map":
        return False
    if prefix == "/decap/":
        return file.name in ("decap-cms.js", "decap-cms.js.LICENSE.txt") or file.name.endswith(
            (".decap-cms.js", ".wasm")
        )
    if prefix == "/js-yaml/":
        return file.name == "js-yaml.js"
    if prefix == "/site/":
        return file.name == "site.css"
    return True
