"""Invoke tasks: the commands officers and developers run (`invoke --list`).

`make build` and `make test` set up `.venv/` and call `invoke build` and `invoke test`.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
PY = sys.executable  # the virtual environment's Python: its tools need no PATH
THEME = ROOT / "themes" / "portal"
CATALOGS = THEME / "translations"


@task(help={"settings": "settings file (pelicanconf.py or publishconf.py)", "output": "output directory"})
def build(c, settings="pelicanconf.py", output="output"):
    """Check the content and build the site into output/ (the previous output stays if anything fails)."""
    from plugins.core.build import BuildError
    from plugins.core.build import build as build_site
    from plugins.core.problems import ContentError

    try:
        path = build_site(ROOT / settings, ROOT / output)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        sys.exit(1)
    except BuildError as exc:
        print(f"Build failed, nothing was published: {exc}", file=sys.stderr)
        sys.exit(1)
    print(f"Built {path}")


@task(help={"port": "port on localhost"})
def serve(c, port=8000):
    """Build, serve output/ on localhost and rebuild with live reload when content or theme change."""
    from livereload import Server

    build(c)
    server = Server()
    for folder in ("content", "themes", "plugins"):
        server.watch(str(ROOT / folder), lambda: _rebuild_quietly(c))
    server.serve(root=str(ROOT / "output"), host="127.0.0.1", port=int(port))


def _rebuild_quietly(c):
    try:
        build(c)
    except SystemExit:
        print("The build failed: the previous site is still served.", file=sys.stderr)


@task
def clean(c):
    """Remove output/ and caches."""
    for name in ("output", "cache", ".pytest_cache"):
        shutil.rmtree(ROOT / name, ignore_errors=True)


@task
def check(c):
    """Check all content without building; every problem is listed with file and line."""
    from plugins.core.check_content import main

    sys.exit(main([str(ROOT / "content")]))


@task(help={"documents": "number of bilingual items to generate", "out": "folder for content/ and settings.py (replaced on rerun)", "seed": "random seed: the same seed writes the same files"})
def fixture(c, documents=1000, out="build/fixture", seed=1):
    """Write a national-scale site of clearly fake content ("[Mẫu]" titles) over the real registry, for tests and benchmarks."""
    from plugins.core.fixture import write_fixture

    summary = write_fixture(ROOT / out, int(documents), int(seed))
    counts = ", ".join(f"{summary[s]} {s}" for s in ("plans", "campaigns", "agencies", "guidance", "hotlines"))
    print(f"Wrote {summary['files']} files to {summary['out']}/content: {counts} (+{summary['national_hotlines']} national hotlines),")
    print(f"over {summary['provinces']} provinces and {summary['communes']} communes.")
    print(f"Build it: invoke build --settings {Path(summary['out']) / 'settings.py'} --output {Path(summary['out']) / 'site'}")


@task
def i18n(c):
    """Extract theme strings into messages.pot and update the vi/en catalogs."""
    pot = CATALOGS / "messages.pot"
    c.run(f"{PY} -m babel.messages.frontend extract -F {ROOT / 'babel.cfg'} -o {pot} --sort-output --omit-header --no-location {THEME / 'templates'}")
    for lang in ("vi", "en"):
        po = CATALOGS / lang / "LC_MESSAGES" / "messages.po"
        action = "update" if po.exists() else "init"
        c.run(f"{PY} -m babel.messages.frontend {action} -i {pot} -d {CATALOGS} -l {lang}" + (" --no-fuzzy-matching --omit-header" if action == "update" else ""))


@task
def browsers(c):
    """Install what the browser tests need: Debian's Chromium and the pinned npm packages."""
    if not Path("/usr/bin/chromium").exists():
        sudo = "" if os.geteuid() == 0 else "sudo "
        c.run(f"{sudo}apt-get update -q && {sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium")
    if not (ROOT / "node_modules" / ".package-lock.json").exists():
        c.run("npm ci --no-audit --no-fund", pty=False)


@task(pre=[browsers])
def test(c):
    """Build the site from the shipped content, then run every test (lint, unit, site, browser)."""
    c.run(f"{PY} -m ruff check . && {PY} -m ruff format --check .")
    build(c)
    c.run(f"{PY} -m pytest -q")
