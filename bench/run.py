"""Run the whole benchmark: `python -m bench.run [--documents 1000] [--runs 3] [--quick] [--scale
10]` (or `invoke bench`).

Sequence: write the fixture, its plain Pelican copy and its Hugo site (untimed); one untimed
plain build and one untimed Hugo build to count their pages; then `runs` × (project cold, plain
cold, Hugo cold), alternating; then `runs` × project warm with one edit each; then the preview
(`runs` × a body edit and a title edit seen through `invoke serve`, bench/preview.py); then page
weights, the project's search and Pagefind over the last project output; then bench/results.json
and bench/RESULTS.md. Work files go to build/bench/. With `--scale N`, bench/scale.py runs
instead: the project alone at `documents` and N × `documents`, into `scale_Nx` of the same files.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from pelican.settings import read_settings

from bench.fixture import write_fixture
from bench.page_weight import page_weights
from portal.engine.build import cache_dir
from portal.engine.generations import spare_for

from . import hugosite, preview, report, search
from .builds import BenchError, clear, empty_trash, html_pages, timed_build, timed_command
from .corpus import edit_document, edited_file, pad_localities, write_plain_copy

ROOT = Path(__file__).resolve().parents[1]
PLAINCONF = Path(__file__).resolve().parent / "plainconf.py"
# 12: Lai Châu, the province with the fewest communes
QUICK = {
    "documents": 20,
    "runs": 1,
    "provinces": ["12"],
}


class Layout:
    """Where the benchmark writes its work."""

    def __init__(self, work: Path):
        self.work = work
        self.fixture = work / "fixture"
        self.plain = work / "plain" / "content"
        self.out_project, self.out_plain = work / "out" / "project", work / "out" / "plain"
        self.cache_plain = work / "cache" / "plain"
        self.hugo, self.out_hugo, self.cache_hugo = (
            work / "hugo",
            work / "out" / "hugo",
            work / "cache" / "hugo",
        )
        self.out_preview = work / "out" / "preview"
        self.logs, self.pagefind = work / "logs", work / "pagefind"


def project_cold_paths(out: Path) -> tuple[Path, ...]:
    """What a cold project build starts without: output, build caches (portal/engine/build.py),
    the spare generation (portal/engine/generations.py) and the saved search documents."""
    return out, cache_dir(out), spare_for(out), out.parent / f".{out.name}.search-reference"


def preview_settings(fixture: Path, provinces: list[str]) -> Path:
    """The settings file `invoke serve` gets: the fixture's own, or a copy beside it restricted to
    `provinces`."""
    settings = fixture / "settings.py"
    if not provinces:
        return settings
    copy = fixture / "settings-preview.py"
    copy.write_text(
        settings.read_text(encoding="utf-8") + f"\nLOCALITY_PROVINCES = {provinces!r}\n",
        encoding="utf-8",
    )
    return copy


def _builds(w: Layout, runs: int, provinces: list[str]) -> dict:
    """Untimed plain and Hugo counts, then cold A B C A B C …, then warm one-edit runs; timings and
    page counts."""
    # its caches live beside its output
    project = {"LOCALITY_PROVINCES": provinces} if provinces else {}
    plain = {"PATH": str(w.plain), "CACHE_PATH": str(w.cache_plain)}
    settings = w.fixture / "settings.py"
    registry = w.fixture / "content" / "data" / "localities"

    def cold(kind: str, i: int):
        label, log = f"{kind} cold {i}", w.logs / f"{kind}-cold-{i}.log"
        if kind == "project":
            clear(*project_cold_paths(w.out_project))
            return timed_build(label, kind, settings, w.out_project, project, log)
        if kind == "plain":
            clear(w.out_plain, w.cache_plain)
            return timed_build(label, kind, PLAINCONF, w.out_plain, plain, log)
        clear(*hugosite.cold_paths(w.hugo, w.out_hugo, w.cache_hugo))
        return timed_command(label, kind, hugosite.command(w.hugo, w.out_hugo, w.cache_hugo), log)

    cold("plain", 0)
    cold("hugo", 0)
    base, base_hugo, found = html_pages(w.out_plain), html_pages(w.out_hugo), {"timings": []}
    for i in range(1, runs + 1):
        found["timings"].append(cold("project", i))
        if i == 1:
            found["pages_project"] = html_pages(w.out_project)
            found["padding"] = pad_localities(
                w.plain, registry, max(0, found["pages_project"] - base)
            )
            found["padding_hugo"] = hugosite.pad_localities(
                w.hugo, registry, max(0, found["pages_project"] - base_hugo)
            )
        found["timings"].append(cold("plain", i))
        found["timings"].append(cold("hugo", i))
    found["pages_plain"], found["pages_plain_base"] = html_pages(w.out_plain), base
    found["pages_hugo"], found["pages_hugo_base"] = html_pages(w.out_hugo), base_hugo
    for i in range(1, runs + 1):
        found["edited"] = str(edit_document(w.fixture / "content", i).relative_to(w.fixture))
        found["timings"].append(
            timed_build(
                f"project warm {i}",
                "project",
                settings,
                w.out_project,
                project,
                w.logs / f"project-warm-{i}.log",
            )
        )
    return found


def _median(timings, prefix: str) -> float:
    return statistics.median(t.seconds for t in timings if t.label.startswith(prefix))


def _peak(timings, prefix: str) -> float:
    return max(t.peak_rss_mb for t in timings if t.label.startswith(prefix))


def _weights(site: Path) -> dict:
    weights, problems = page_weights(site)
    if problems:
        raise BenchError("page weight: " + "; ".join(problems[:5]))
    heaviest = max(weights, key=weights.get)
    return {
        "median": round(statistics.median(weights.values()) / 1024, 2),
        "max": round(weights[heaviest] / 1024, 2),
        "weighed": len(weights),
        "heaviest": heaviest,
    }


def _describe(fixture: dict, provinces: list[str]) -> str:
    items = ", ".join(
        f"{fixture[k]} {k}" for k in ("plans", "campaigns", "agencies", "guidance", "hotlines")
    )
    pages = (
        f"the provinces {', '.join(provinces)} of the registry"
        if provinces
        else "every unit of the registry"
    )
    return (
        f"{items} and {fixture['national_hotlines']} national hotlines, naming "
        f"{fixture['provinces']} provinces and {fixture['communes']} communes; locality pages "
        f"for {pages}"
    )


def pairs(b: dict) -> list[dict]:
    """Each round's cold runs and its per-page ratios: ours ÷ plain Pelican's, ours ÷ Hugo's."""
    seconds = {t.label: t.seconds for t in b["timings"]}
    rounds = sorted(
        {int(label.rsplit(" ", 1)[1]) for label in seconds if label.startswith("project cold")}
    )
    rows = []
    for i in rounds:
        ours, plain, hugo = (seconds[f"{kind} cold {i}"] for kind in ("project", "plain", "hugo"))
        per_page = ours / b["pages_project"]
        rows.append(
            {
                "round": i,
                "project": ours,
                "plain": plain,
                "hugo": hugo,
                "ratio": per_page / (plain / b["pages_plain"]),
                "ratio_hugo": per_page / (hugo / b["pages_hugo"]),
            }
        )
    return rows


def _figures(
    commit: str,
    b: dict,
    weight: dict,
    ours: list[dict],
    theirs: list[dict],
    site: Path,
    shown: dict,
) -> dict:
    """results.json: the keys of issue 9 and those of issue 21 measured here (the 10× keys come from
    bench/scale.py)."""
    t = b["timings"]
    cold, plain, hugo = (
        _median(t, "project cold"),
        _median(t, "plain cold"),
        _median(t, "hugo cold"),
    )
    per_page = cold / b["pages_project"]
    return {
        "commit": commit,
        "pages": b["pages_project"],
        "build_s": {
            "project_cold": round(cold, 2),
            "project_warm_one_edit": round(_median(t, "project warm"), 2),
            "plain_pelican": round(plain, 2),
            "hugo": round(hugo, 2),
        },
        "per_page_ratio": round(per_page / (plain / b["pages_plain"]), 3),
        "per_page_ratio_hugo": round(per_page / (hugo / b["pages_hugo"]), 3),
        "preview_s": preview.medians(shown),
        "peak_rss_mb": {
            "project": round(_peak(t, "project")),
            "plain_pelican": round(_peak(t, "plain")),
        },
        "search": search.summary(ours, theirs)
        | {"index_bytes_gz": {lang: search.index_bytes(site, lang) for lang in ("vi", "en")}},
        "page_weight_kb": {"median": weight["median"], "max": weight["max"]},
    }


def _details(
    w: Layout,
    options: str,
    fixture: str,
    weight: dict,
    ours: list[dict],
    theirs: list[dict],
    pagefind_s: float,
) -> dict:
    """What RESULTS.md shows besides the figures."""
    settings = read_settings(str(w.fixture / "settings.py"))
    code = " + ".join(
        str(search.gzip9(f.read_bytes())) for f in search.engine_files(w.out_project, "en")
    )
    return {
        "options": options,
        "fixture": fixture,
        "cache": {k: settings[k] for k in ("CACHE_CONTENT", "LOAD_CONTENT_CACHE")},
        "project_queries": ours,
        "pagefind_queries": theirs,
        "pagefind_s": pagefind_s,
        "pagefind_bundle": search.folder_bytes(w.pagefind, skip=(".js", ".css")),
        "code": {
            "project": f"{code} (en; vi loads the first only)",
            "pagefind": theirs[0]["code"],
            "pagefind_worker": search.gzip9((w.pagefind / "pagefind-worker.js").read_bytes()),
        },
        "weighed": weight["weighed"],
        "heaviest": weight["heaviest"],
        "machine": report.machine(),
    }


def run_bench(
    documents: int, runs: int, seed: int, provinces: list[str], work: Path, results: Path
) -> dict:
    """Run everything and write results.json and RESULTS.md into `results`; return the results."""
    started, sources, commit, w = (
        time.perf_counter(),
        report.source_state(),
        report.commit(),
        Layout(work.resolve()),
    )
    load = [os.getloadavg()]
    w.logs.mkdir(parents=True, exist_ok=True)
    fixture = write_fixture(w.fixture, documents, seed)
    write_plain_copy(w.fixture / "content", w.plain)
    hugosite.write_site(w.fixture / "content", w.hugo)
    b = _builds(w, runs, provinces)
    clear(*project_cold_paths(w.out_preview))
    shown = preview.measure(
        preview_settings(w.fixture, provinces),
        w.out_preview,
        edited_file(w.fixture / "content"),
        runs,
        w.logs / "serve.log",
    )
    weight = _weights(w.out_project)
    ours = search.project_queries(w.out_project, w.work / "queries-project.json")
    clear(w.pagefind)
    pagefind_s = search.pagefind_index(w.out_project, w.pagefind)
    theirs = search.pagefind_queries(w.pagefind, w.work / "queries-pagefind.json")
    r = _figures(commit, b, weight, ours, theirs, w.out_project, shown)
    empty_trash()
    options = f"--documents {documents} --runs {runs} --seed {seed}" + (
        f" --provinces {','.join(provinces)}" if provinces else ""
    )
    details = (
        b
        | _details(w, options, _describe(fixture, provinces), weight, ours, theirs, pagefind_s)
        | {"preview": shown, "pairs": pairs(b)}
    )
    details["load"] = [*load, os.getloadavg()]
    results.mkdir(parents=True, exist_ok=True)
    report.write_json(report.merged(r, results), results)
    details["bench_s"], details["changed"] = (
        time.perf_counter() - started,
        report.changed(sources, report.source_state()),
    )
    report.write_markdown(r, details, results)
    if details["changed"]:
        print(
            "Warning: sources changed during the benchmark "
            f"({', '.join(details['changed'][:10])}): run it again on a quiet tree.",
            file=sys.stderr,
        )
    return r


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--documents", type=int, default=1000, help="bilingual items in the fixture"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="cold runs of each build, and warm runs of the project"
    )
    parser.add_argument("--seed", type=int, default=1, help="the fixture's random seed")
    parser.add_argument(
        "--provinces",
        default="",
        help="restrict locality pages to these province codes, e.g. 01 (LOCALITY_PROVINCES)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small dev run: 20 documents, 1 run, the places of province 12",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        help="instead: the project alone at --documents and at this many times more "
        "(bench/scale.py), into scale_<N>x",
    )
    parser.add_argument(
        "--work",
        default=str(ROOT / "build" / "bench"),
        help="folder for the fixture, copies and outputs",
    )
    parser.add_argument(
        "--results", default=str(ROOT / "bench"), help="folder for results.json and RESULTS.md"
    )
    a = parser.parse_args(argv)
    provinces = [p for p in a.provinces.split(",") if p]
    documents, runs = (QUICK["documents"], QUICK["runs"]) if a.quick else (a.documents, a.runs)
    provinces = provinces or (QUICK["provinces"] if a.quick else [])
    if a.scale:
        from .scale import run_scale

        return run_scale(
            documents, a.scale, runs, a.seed, provinces, Path(a.work) / "scale", Path(a.results)
        )
    return run_bench(documents, runs, a.seed, provinces, Path(a.work), Path(a.results))


if __name__ == "__main__":
    main()
