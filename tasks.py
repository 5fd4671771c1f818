"""Invoke tasks: the commands officers and developers run (`invoke --list`).

`make build` and `make test` set up `.venv/` and call `invoke build` and `invoke test`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
PY = sys.executable  # the virtual environment's Python: its tools need no PATH
THEME = ROOT / "themes" / "portal"
CATALOGS = THEME / "translations"


@task(
    help={
        "settings": "settings file (pelicanconf.py or publishconf.py)",
        "output": "output directory",
    }
)
def build(c, settings="pelicanconf.py", output="output"):
    """Check the content and build the site into output/ (the old output stays if either fails)."""
    from portal.engine.build import leave_to_the_os

    _build(settings, output)
    leave_to_the_os()  # the process ends now


def _build(settings: str = "pelicanconf.py", output: str = "output") -> None:
    from portal.engine.build import build as build_site

    path = _or_exit(
        lambda: build_site(ROOT / settings, ROOT / output), "Build failed, nothing was published"
    )
    print(f"Built {path}")


def _or_exit(action, failure: str):
    """Run a build step; on a content or build error print it (prefixed by `failure`) and exit 1."""
    from portal.content.problems import ContentError
    from portal.engine.build import BuildError

    try:
        return action()
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
    except BuildError as exc:
        print(f"{failure}: {exc}", file=sys.stderr)
    sys.exit(1)


@task(
    help={
        "port": "port on localhost",
        "settings": "settings file (e.g. build/fixture/settings.py)",
        "output": "output directory (a preview: content edits are written into it at once)",
    }
)
def serve(c, port=8000, settings="pelicanconf.py", output="output"):
    """Build, serve output/ on localhost with live reload; a failed build shows its problems.

    A content edit shows at once, then the whole site is rebuilt; a failed build shows its
    problems in the browser."""
    from portal.commands.live import LiveSite
    from portal.commands.live import serve_live as serve_preview
    from portal.commands.serve import Preview

    site = LiveSite(ROOT / settings, ROOT / output)
    preview = Preview(site.build, site.output)
    watched = {
        site.content,
        site.theme,
        ROOT / "plugins",
        ROOT / "portal",
        ROOT / "pelicanconf.py",
        (ROOT / settings).resolve(),
    }
    serve_preview(preview, site, sorted(watched), int(port))


@task(
    help={
        "siteurl": (
            "the site's full address, e.g. https://example.org/phong-chong-mua-ban-nguoi "
            "(default: SITEURL in the environment or publishconf.py)"
        ),
        "settings": "settings file",
        "output": "output directory (replaced only when everything succeeded)",
    }
)
def publish(c, siteurl="", settings="publishconf.py", output="public"):
    """Build the site for its public address, with .gz and .br copies of every text file.

    The compressed copies sit beside each text file (see docs/deploy.md)."""
    from portal.commands.publish import publish as publish_site
    from portal.engine.build import leave_to_the_os

    path = _or_exit(
        lambda: publish_site(ROOT / settings, ROOT / output, siteurl or None),
        f"Publishing failed, the previous {output}/ is unchanged",
    )
    leave_to_the_os()  # the process ends now
    print(f"Published {path}: upload its contents (docs/deploy.md)")


@task(
    help={
        "bucket": "the bucket's name, e.g. my-bucket",
        "prefix": "the folder in the bucket the site lives under (empty for the bucket's root)",
        "endpoint_url": (
            "another S3-compatible provider's address (default: AWS, or AWS_ENDPOINT_URL)"
        ),
        "folder": "the published site to upload",
    }
)
def deploy_s3(c, bucket, prefix="", endpoint_url="", folder="public"):
    """Upload a published site to S3-compatible object storage (docs/deploy.md).

    Each object gets its type, encoding and caching."""
    from portal.commands.deploy_s3 import deploy

    if not (ROOT / folder / "index.html").is_file():
        sys.exit(f"{folder}/ holds no published site: run `invoke publish --siteurl …` first")
    uploaded, deleted = deploy(ROOT / folder, bucket, prefix, endpoint_url or None)
    print(
        f"Uploaded {uploaded} objects to {bucket}/{prefix}; deleted {deleted} "
        "the new site no longer has"
    )


@task
def clean(c):
    """Remove output/, public/ and their build caches."""
    for name in (
        "output",
        "public",
        "cache",
        ".pytest_cache",
        ".output.cache",
        ".output.spare",
        ".output.search-reference",
        ".public.cache",
    ):
        shutil.rmtree(ROOT / name, ignore_errors=True)


@task(
    help={
        "lang": "language of the messages: vi or en",
        "strict": (
            "fail on warnings too (old hotline checks, stale translations, sources without address)"
        ),
        "fix": "first convert files in decomposed Unicode to NFC",
        "content": "content folder to check",
    }
)
def check(c, lang="vi", strict=False, fix=False, content="content"):
    """Check all content without building: every problem at once, by file and line, with a fix."""
    from portal.commands.check import run

    sys.exit(run(ROOT / content, lang, strict, fix))


@task(
    help={
        "type": "plan, campaign, hotline, agency or page",
        "slug": "the page address, e.g. ke-hoach-12-2026",
        "content": "content folder",
    }
)
def new(c, type, slug, content="content"):
    """Start a content item: content/<section>/<slug>.vi.md and .en.md, every field to fill in.

    The two files hold every field of the item's schema."""
    from portal.commands.new import write_scaffold

    try:
        paths = write_scaffold(ROOT / content, type, slug)
    except (ValueError, FileExistsError) as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)
    for path in paths:
        print(f"Wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(
        "Replace every TODO, then run: invoke check --lang vi "
        "(the guide to every field: content-guide/ on the built site)"
    )


@task(help={"json": "print JSON instead of a table", "content": "content folder"})
def status(c, json=False, content="content"):
    """List every content item: each language's last change, missing or stale translations.

    The last change of each language comes from Git."""
    import json as json_module

    from portal.content.translations import status_table, translation_status

    items = translation_status(ROOT / content)
    if json:
        print(json_module.dumps([item.as_json() for item in items], ensure_ascii=False, indent=2))
    else:
        print(status_table(items))


@task(
    help={
        "lang": "language of the editor: vi or en",
        "port": "port on 127.0.0.1",
        "repo": "the local Git repository to edit and check against (default: this one)",
        "backend": (
            "save to a hosted Git service instead of the local repository: "
            "github, gitlab, gitea or bitbucket (README: For a team)"
        ),
        "git_repo": "with --backend: the hosted repository, e.g. my-org/phong-chong-mua-ban-nguoi",
        "branch": "with --backend: the branch saves go to (default main)",
        "auth_url": (
            "with --backend: the address of your OAuth server for that service (Decap's base_url)"
        ),
    }
)
def editor(c, lang="vi", port=8090, repo="", backend="", git_repo="", branch="main", auth_url=""):
    """Edit content in the browser: each save is checked like `invoke check`, then committed.

    The editor is Decap CMS, from node_modules."""
    from plugins.editor.server import run

    hosted = None
    if backend:
        if not git_repo:
            sys.exit("--backend needs --git-repo owner/name")
        hosted = {"name": backend, "repo": git_repo, "branch": branch} | (
            {"base_url": auth_url} if auth_url else {}
        )
    try:
        run(Path(repo).resolve() if repo else ROOT, lang, int(port), hosted)
    except RuntimeError as exc:
        sys.exit(str(exc))


@task(
    help={
        "query": "the words to look for, as a reader would type them",
        "lang": "vi or en",
        "type": "only this kind: plan, campaign, hotline, agency, page or locality",
        "locality": "only this place (a province code includes its communes), e.g. 01",
        "limit": "number of results",
        "json": "print JSON (with the bytes the query fetched)",
        "reference": "print whoosh's own ranking from the build-time index instead",
        "output": "the built site",
    }
)
def search(
    c,
    query,
    lang="vi",
    type="",
    locality="",
    limit=10,
    json=False,
    reference=False,
    output="output",
):
    """Search the built site with the browser's engine under Node (whoosh's with --reference)."""
    if reference:
        return _reference_search(query, lang, type, locality, int(limit), json, ROOT / output)
    args = [
        "node",
        str(ROOT / "plugins" / "search" / "cli.mjs"),
        "--root",
        str(ROOT / output),
        "--lang",
        lang,
        "--limit",
        str(limit),
    ]
    args += (
        ["--type", type] * bool(type)
        + ["--locality", locality] * bool(locality)
        + ["--json"] * json
    )
    c.run(" ".join(shlex.quote(a) for a in [*args, "--", query]), pty=False)


def _reference_search(query, lang, type, locality, limit, as_json, output):
    import json as json_module

    from plugins.search.reference import StaleReference, open_reference, records, reference_search

    try:
        hits = reference_search(
            open_reference(output, lang), query, lang, type=type, locality=locality, limit=limit
        )
    except StaleReference as exc:
        sys.exit(str(exc))
    rows = records(output, lang, hits)
    if as_json:
        print(
            json_module.dumps(
                {"query": query, "lang": lang, "results": rows}, ensure_ascii=False, indent=1
            )
        )
        return
    print(f'whoosh ranks {len(rows)} result(s) for "{query}" ({lang}):')
    for row in rows:
        print(
            f"{row['rank']:2}. {row['score']:8.3f}  [{row['type']}] {row['title']}\n"
            f"              /{row['url']}"
        )


@task(
    help={
        "output": "the built site",
        "pagefind": "also run Pagefind (main content only, no print views) on the same site",
        "verbose": "list the queries whose first result is not an answer",
        "save": "write bench/relevance.json (shown in bench/RESULTS.md)",
    }
)
def relevance(c, output="output", pagefind=True, verbose=False, save=False):
    """nDCG@5, MRR@10 and "first result is the answer", ours and Pagefind's, on graded queries.

    The graded queries are those of bench/relevance.yaml."""
    from bench.relevance import main as run_relevance

    run_relevance(
        ["--output", str(ROOT / output)]
        + ["--no-pagefind"] * (not pagefind)
        + ["--verbose"] * verbose
        + ["--save"] * save
    )


@task(
    help={
        "documents": "number of bilingual items to generate",
        "out": "folder for content/ and settings.py (replaced on rerun)",
        "seed": "random seed: the same seed writes the same files",
    }
)
def fixture(c, documents=1000, out="build/fixture", seed=1):
    """Write a national-scale site of clearly fake content, for tests and benchmarks.

    The content ("[Mẫu]" titles) is written over the real registry."""
    from bench.fixture import write_fixture

    summary = write_fixture(ROOT / out, int(documents), int(seed))
    counts = ", ".join(
        f"{summary[s]} {s}"
        for s in ("plans", "campaigns", "agencies", "guidance", "hotlines")
        if s in summary
    )
    print(
        f"Wrote {summary['files']} files to {summary['out']}/content: {counts} "
        f"(+{summary['national_hotlines']} national hotlines),"
    )
    print(f"over {summary['provinces']} provinces and {summary['communes']} communes.")
    print(
        f"Build it: invoke build --settings {Path(summary['out']) / 'settings.py'} "
        f"--output {Path(summary['out']) / 'site'}"
    )


@task(
    help={
        "documents": "bilingual items in the fixture",
        "runs": (
            "cold runs of each build (alternating), then warm one-edit runs of the project, "
            "then preview edits of each kind"
        ),
        "seed": "the fixture's random seed",
        "provinces": "only these provinces' locality pages, e.g. 01 (default: all 34)",
        "quick": "a small dev run: 20 documents, 1 run, one province",
        "scale": (
            "instead, the 10× run of issue 21: --scale 10 builds "
            "--documents and 10 times as many (project only) into scale_10x"
        ),
        "work": "folder for the fixture, copies and outputs (overwritten on each run)",
        "results": "folder for results.json and RESULTS.md",
    }
)
def bench(
    c,
    documents=1000,
    runs=3,
    seed=1,
    provinces="",
    quick=False,
    scale=0,
    work="build/bench",
    results="bench",
):
    """Benchmark builds against Pelican and Hugo, the preview, search against Pagefind.

    Writes bench/results.json and RESULTS.md (not part of `invoke test`)."""
    from bench.builds import BenchError
    from bench.run import main as run_bench

    args = [
        "--documents",
        str(documents),
        "--runs",
        str(runs),
        "--seed",
        str(seed),
        "--provinces",
        provinces,
        "--work",
        str(ROOT / work),
        "--results",
        str(ROOT / results),
    ]
    try:
        figures = run_bench(
            args + ["--quick"] * bool(quick) + ["--scale", str(scale)] * bool(int(scale))
        )
    except BenchError as exc:
        sys.exit(str(exc))
    wrote = f"Wrote {Path(results) / 'results.json'} and {Path(results) / 'RESULTS.md'}"
    if int(scale):
        print(f"{wrote}: scale_{int(scale)}x = {figures[f'scale_{int(scale)}x']}")
        return
    print(
        f"{wrote}: {figures['pages']} pages, build {figures['build_s']} s, "
        f"ratio {figures['per_page_ratio']} "
        f"(Hugo {figures['per_page_ratio_hugo']}), preview {figures['preview_s']} s"
    )


@task
def i18n(c):
    """Extract theme strings into messages.pot and update the vi/en catalogs."""
    pot = CATALOGS / "messages.pot"
    from portal.site.i18n import template_folders

    templates = " ".join(map(str, template_folders(ROOT)))  # theme, components, features
    c.run(
        f"{PY} -m babel.messages.frontend extract -F {ROOT / 'babel.cfg'} -o {pot} "
        f"--sort-output --omit-header --no-location {templates}"
    )
    from portal.content.languages import LANGUAGES

    for lang in LANGUAGES:
        po = CATALOGS / lang / "LC_MESSAGES" / "messages.po"
        action = "update" if po.exists() else "init"
        c.run(
            f"{PY} -m babel.messages.frontend {action} -i {pot} -d {CATALOGS} -l {lang}"
            + (" --no-fuzzy-matching --omit-header" if action == "update" else "")
        )


# Debian packages the tests use → a file each installs (Debian 12's archive)
TEST_PACKAGES = {
    "chromium": "/usr/bin/chromium",  # the browser tests
    "zbar-tools": "/usr/bin/zbarimg",  # reading QR codes back
    "nginx": "/usr/sbin/nginx",  # the deploy tests serve the published site as docs/deploy.md says
    "libnginx-mod-http-brotli-static": "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so",
    "default-jre-headless": "/usr/bin/java",  # the Nu Html Checker (vnu-jar, from npm)
}


@task
def browsers(c):
    """Install what the tests need beyond Python: Chromium, zbar, nginx, Java, npm packages.

    That is Debian's Chromium, zbar-tools, nginx with Brotli, Java, and the pinned npm packages."""
    programs = TEST_PACKAGES
    missing = " ".join(
        package for package, program in programs.items() if not Path(program).exists()
    )
    if missing:
        sudo = "" if os.geteuid() == 0 else "sudo "
        c.run(
            f"{sudo}apt-get update -q && "
            f"{sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -q {missing}"
        )
    if not _npm_packages_installed():
        c.run("npm ci --no-audit --no-fund", pty=False)


def _npm_packages_installed() -> bool:
    """Every package of package.json is in node_modules at its pinned version."""
    import json

    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    for name, version in wanted.items():
        installed = ROOT / "node_modules" / name / "package.json"
        if (
            not installed.exists()
            or json.loads(installed.read_text(encoding="utf-8")).get("version") != version
        ):
            return False
    return True


# Just under the suite's figure when it was set (94.6 %); raise it as tests grow, never lower it.
COVERAGE_FLOOR = 94.0


@task(pre=[browsers])
def test(c):
    """Lint (ruff, mypy, Biome), run the JavaScript unit tests, build the site, run every test.

    The site is built from the shipped content; every test is every pytest test."""
    c.run(f"{PY} -m ruff check . && {PY} -m ruff format --check .")
    with c.cd(str(ROOT)):  # mypy reads its files (portal, plugins) and settings from pyproject.toml
        if c.run(f"{PY} -m mypy", warn=True, pty=False).failed:
            raise Exit(
                "mypy found type errors in portal/ or plugins/ (above). "
                "Check one file again with: .venv/bin/mypy FILE",
                code=1,
            )
    js(c)
    _build()  # the tests follow in this process: `build` would leave its garbage here
    # One coverage file per measured process, combined below ([tool.coverage] in pyproject.toml).
    data = ROOT / ".coverage-data"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir()
    # one pytest worker per core (pytest-xdist): most tests build or drive a browser on one core;
    # a worker that runs out of tests takes some of the other's (worksteal), so one long test
    # near the end does not leave a core idle
    c.run(f"{PY} -m coverage run -m pytest -q -n auto --dist worksteal")
    c.run(f"{PY} -m coverage combine -q", hide=True)
    total = float(
        c.run(f"{PY} -m coverage report --format=total --precision=1", hide=True).stdout.strip()
    )
    print(
        f"Coverage: {total} % of the lines of portal/, plugins/ and bench/ "
        f"(floor {COVERAGE_FLOOR} %; `coverage report` for the list)"
    )
    if total < COVERAGE_FLOOR:
        raise Exit(
            f"Coverage fell below its floor of {COVERAGE_FLOOR} %: test the new code", code=1
        )


# The JavaScript checks `invoke test` runs before the build: Biome (pinned in package.json,
# configured in biome.jsonc) lints and format-checks every script, then Node's own test runner
# runs the unit tests beside the scripts: in each component's folder and in plugins/<feature>/tests/
# (a feature's own, e.g. search) — only node:test and node:assert, nothing to install.
BIOME = ROOT / "node_modules" / ".bin" / "biome"
JS_TESTS = "themes/portal/components/*/*.test.mjs plugins/*/tests/*.test.mjs"


@task(pre=[browsers])
def js(c):
    """Lint the JavaScript with Biome and run its unit tests (node --test)."""
    steps = [
        (
            f"{shlex.quote(str(BIOME))} ci --error-on-warnings"
            + ("" if sys.stdout.isatty() else " --colors=off"),
            "Biome found problems in the JavaScript (above). "
            "Fix them, or let Biome: npx biome check --write FILE",
        ),
        (
            f"node --test --test-reporter=spec {JS_TESTS}",
            f"A JavaScript unit test failed (above). Run only those: node --test {JS_TESTS}",
        ),
    ]
    with c.cd(str(ROOT)):
        for command, failure in steps:
            print(f"$ {command.replace(str(ROOT) + os.sep, '')}", flush=True)
            if c.run(command, warn=True, pty=False).failed:
                raise Exit(failure, code=1)
