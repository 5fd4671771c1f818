"""Ten times the content (issue 21, target 5): `invoke bench --scale 10` (or `python -m bench.run
--scale 10`).

Issue 21 names it `invoke bench --documents 10000`; here the factor is an option of its own, so
that one run builds both sizes and compares them within itself: the fixture at `--documents`
(1,000 by default, as the national run) and at `factor` times as many (10,000), same seed and
provinces. Sequence: write the fixtures (untimed); `runs` × (0× cold, 1× cold, 10× cold),
alternating, where 0× is the same registry with no items (the locality pages and what every build
makes whatever its content: a build's fixed cost);
`runs` × 10× warm with one edit each; then one 10× cold and one 10× warm build whose memory is
the summed PSS of its process tree, sampled (bench/builds.py, `tree_memory`), their times not used
(sampling slows a build in proportion to its memory); our search's queries over the 10× output
(bench/search.py, Node). Only the project is built (the national run compares it with plain
Pelican and Hugo). It writes `scale_10x` into bench/results.json (the other keys stay) and its own
section of bench/RESULTS.md (the national part stays); the national run keeps both.

Two figures of growth: `per_page_ratio_to_1x`, issue 21's, divides by HTML pages; but the locality
pages are the registry's whatever the content (9,000 of the 1× run's 11,000 pages, and cheap), so
pages grow about 3.5× for 10× the items and that ratio would exceed 1 even for a build whose cost
grows exactly linearly. `per_item_ratio_to_1x` is the cost each item adds: ((10× − 0×) ÷ 10×
items) ÷ ((1× − 0×) ÷ 1× items), 1.0 for linear growth.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from bench.fixture import write_fixture

from . import report, search
from .builds import SAMPLE_S, Timing, clear, empty_trash, html_pages, timed_build
from .corpus import edit_document

ROOT = Path(__file__).resolve().parents[1]


def _cold_paths(out: Path) -> tuple[Path, ...]:
    from .run import project_cold_paths

    return project_cold_paths(out)


def _median(timings: list[Timing], prefix: str) -> float:
    return statistics.median(t.seconds for t in timings if t.label.startswith(prefix))


def run_scale(
    documents: int,
    factor: int,
    runs: int,
    seed: int,
    provinces: list[str],
    work: Path,
    results: Path,
) -> dict:
    """Build both sizes, measure, and merge `scale_<factor>x` into results.json and RESULTS.md in
    `results`; return its figures."""
    started, sources, commit, load = (
        time.perf_counter(),
        report.source_state(),
        report.commit(),
        [os.getloadavg()],
    )
    work, key, big = work.resolve(), f"scale_{factor}x", f"{factor}x"
    sizes = {"0x": 0, "1x": documents, big: documents * factor}
    folders = {name: work / name for name in sizes}
    fixtures = {
        name: write_fixture(folders[name] / "fixture", n, seed) for name, n in sizes.items()
    }
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    overrides = {"LOCALITY_PROVINCES": provinces} if provinces else {}

    def build(name: str, label: str, tree_memory: bool = False) -> Timing:
        folder = folders[name]
        return timed_build(
            f"{name} {label}",
            "project",
            folder / "fixture" / "settings.py",
            folder / "out",
            overrides,
            logs / f"{name}-{label.replace(' ', '-')}.log",
            tree_memory=tree_memory,
        )

    timings, pages = [], {}
    for i in range(1, runs + 1):
        for name in sizes:
            clear(*_cold_paths(folders[name] / "out"))
            timings.append(build(name, f"cold {i}"))
            pages.setdefault(name, html_pages(folders[name] / "out"))
    for i in range(1, runs + 1):
        edited = edit_document(folders[big] / "fixture" / "content", i)
        timings.append(build(big, f"warm {i}"))
    # memory: one cold and one warm build more, sampled, their times not used
    clear(*_cold_paths(folders[big] / "out"))
    timings.append(build(big, "memory cold", tree_memory=True))
    edit_document(folders[big] / "fixture" / "content", runs + 1)
    timings.append(build(big, "memory warm", tree_memory=True))
    ours = search.project_queries(folders[big] / "out", work / "queries-project.json")
    empty_trash()
    cold = {name: _median(timings, f"{name} cold") for name in sizes}
    warm = _median(timings, f"{big} warm")
    times = [ms for row in ours for ms in row["ms"]]
    figures = {
        "per_page_ratio_to_1x": round((cold[big] / pages[big]) / (cold["1x"] / pages["1x"]), 3),
        "per_item_ratio_to_1x": per_item_ratio(cold, sizes, big),
        "per_page_ratio_if_linear": linear_per_page_ratio(cold, sizes, pages, big),
        "warm_one_edit_over_cold": round(warm / cold[big], 3),
        "peak_rss_mb": round(
            max(t.peak_rss_mb for t in timings if t.label.startswith(f"{big} memory"))
        ),
        "search": {
            "query_bytes_median": round(statistics.median(r["bytes"] for r in ours)),
            "query_ms_p95": round(search.percentile(times, 0.95), 2),
        },
        "commit": commit,
    }
    results.mkdir(parents=True, exist_ok=True)
    path = results / "results.json"
    old = report.json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    report.write_json(old | {key: figures}, results)
    changed = report.changed(sources, report.source_state())
    options = f"--scale {factor} --documents {documents} --runs {runs} --seed {seed}" + (
        f" --provinces {','.join(provinces)}" if provinces else ""
    )
    details = {
        "options": options,
        "key": key,
        "big": big,
        "sizes": sizes,
        "fixtures": fixtures,
        "pages": pages,
        "cold": cold,
        "warm": warm,
        "timings": timings,
        "edited": str(edited.relative_to(folders[big] / "fixture")),
        "queries": ours,
        "changed": changed,
        "bench_s": time.perf_counter() - started,
        "machine": report.machine(),
        "load": [*load, os.getloadavg()],
    }
    report.write_scale_section(section(figures, details), results)
    if changed:
        print(
            f"Warning: sources changed during the benchmark ({', '.join(changed[:10])}): "
            "run it again on a quiet tree.",
            file=sys.stderr,
        )
    return {key: figures}


def per_item_ratio(cold: dict, sizes: dict, big: str) -> float:
    """What each item adds to a cold build at `big`, over what it adds at 1×; -1.0 when the 1×
    items added no measurable time (a tiny run, within noise).

    >>> sizes = {"0x": 0, "1x": 1000, "10x": 10000}
    >>> per_item_ratio({"0x": 5.0, "1x": 17.0, "10x": 125.0}, sizes, "10x")
    1.0
    >>> per_item_ratio({"0x": 5.0, "1x": 4.9, "10x": 6.0}, sizes, "10x")
    -1.0
    """
    added = {name: (cold[name] - cold["0x"]) / sizes[name] for name in ("1x", big)}
    return round(added[big] / added["1x"], 3) if added["1x"] > 0 else -1.0


def linear_per_page_ratio(cold: dict, sizes: dict, pages: dict, big: str) -> float:
    """The `per_page_ratio_to_1x` that a build growing exactly with its items would give: its cold
    time at `big` is the empty site's (0×) plus what the 1× items added, times how many more items
    there are. A yardstick for the per-page figure, from the same run's medians.

    >>> sizes, pages = {"0x": 0, "1x": 1000, "10x": 10000}, {"1x": 11000, "10x": 39000}
    >>> linear_per_page_ratio({"0x": 4.0, "1x": 12.0, "10x": 84.0}, sizes, pages, "10x")
    1.974
    """
    linear = cold["0x"] + (cold["1x"] - cold["0x"]) * sizes[big] / sizes["1x"]
    return round((linear / pages[big]) / (cold["1x"] / pages["1x"]), 3)


def _pairs(d: dict) -> list[str]:
    """Each round's 0×, 1× and N× cold runs and the ratios within the round."""
    seconds, big, sizes = {t.label: t.seconds for t in d["timings"]}, d["big"], d["sizes"]
    rounds = sorted(
        {int(t.label.rsplit(" ", 1)[1]) for t in d["timings"] if t.label.startswith("1x cold")}
    )
    rows = [
        (i, seconds[f"0x cold {i}"], seconds[f"1x cold {i}"], seconds[f"{big} cold {i}"])
        for i in rounds
    ]
    ratios = [(b / d["pages"][big]) / (a / d["pages"]["1x"]) for _, _, a, b in rows]
    per_item = [per_item_ratio({"0x": z, "1x": a, big: b}, sizes, big) for _, z, a, b in rows]
    table = report._table(
        [
            "round",
            "0× cold s",
            "1× cold s",
            f"{big.replace('x', '×')} cold s",
            "per-page ratio",
            "per-item ratio",
        ],
        [
            [i, f"{z:.2f}", f"{a:.2f}", f"{b:.2f}", f"{r:.3f}", f"{m:.3f}"]
            for (i, z, a, b), r, m in zip(rows, ratios, per_item, strict=True)
        ],
    )
    ranges = (
        f"Min–max: 0× {report.spread(z for _, z, _, _ in rows)} s, "
        f"1× {report.spread(a for _, _, a, _ in rows)} s, {big.replace('x', '×')} "
        f"{report.spread(b for _, _, _, b in rows)} s, "
        f"per-page ratio {report.spread(ratios)}, per-item ratio {report.spread(per_item)}; "
        f"{big.replace('x', '×')} warm one-edit "
        f"{report.spread(t.seconds for t in d['timings'] if t.label.startswith(f'{big} warm'))} "
        "s."
    )
    return [*table, "", ranges]


def _describe(f: dict) -> str:
    items = ", ".join(
        f"{f[k]} {k}" for k in ("plans", "campaigns", "agencies", "guidance", "hotlines")
    )
    return f"{items}; {f['provinces']} provinces, {f['communes']} communes"


def section(figures: dict, d: dict) -> list[str]:
    """The 10× run's section of RESULTS.md."""
    key, big, times = d["key"], d["big"], d["sizes"]
    label = big.replace("x", "×")
    rows = [
        [
            r["lang"],
            f"`{r['query']}`",
            r["total"],
            r["bytes"],
            r["data"],
            f"{sorted(r['ms'])[len(r['ms']) // 2]:.1f}",
        ]
        for r in d["queries"]
    ]
    return [
        f"## Ten times the content (`{key}`, issue 21 target 5)",
        "",
        f"Written by `invoke bench {d['options']}` in {d['bench_s'] / 60:.1f} minutes, "
        f"commit `{figures['commit']}`, "
        f"load average {report._load(d['load'])} (1, 5, 15 min, start → end); the machine "
        "as above unless it says otherwise: "
        f"{d['machine']['CPUs']}, {d['machine']['system']}, Python "
        f"{d['machine']['Python']}, Node {d['machine']['Node']}, "
        f"{d['machine']['date (UTC)']} UTC.",
        "",
        *(
            [
                f"**The sources changed while it ran:** {', '.join(d['changed'][:10])}. "
                "Run it again on a quiet tree.",
                "",
            ]
            if d["changed"]
            else []
        ),
        *report._table(
            ["figure", "value", "target", "met"],
            [
                [f"`{key}.{n}`", report.dotted(figures, n), t, "yes" if ok(figures) else "**no**"]
                for n, t, ok in report.SCALE_TARGETS
            ],
        ),
        "",
        f"0×: no items, the registry's locality pages: {d['pages']['0x']} HTML pages, cold "
        f"{d['cold']['0x']:.2f} s (median). "
        f"1×: {times['1x']} items ({_describe(d['fixtures']['1x'])}), {d['pages']['1x']} "
        f"HTML pages, cold {d['cold']['1x']:.2f} s (median). "
        f"{label}: {times[big]} items ({_describe(d['fixtures'][big])}), {d['pages'][big]} "
        f"HTML pages, cold {d['cold'][big]:.2f} s, "
        f"warm one-edit {d['warm']:.2f} s (medians). Locality pages are the registry's "
        "whatever the size, so pages grow less than items: a build whose cost grew exactly "
        "with its items (the 0× time, plus what the 1× items added times "
        f"{times[big] // max(times['1x'], 1)}) would give a per-page ratio of "
        f"{figures['per_page_ratio_if_linear']:.3f} in this run.",
        "",
        *_pairs(d),
        "",
        *report._runs(d["timings"]),
        "",
        f"Search over the {label} output (ours only; engine code included, as in the "
        f"national run): median {figures['search']['query_bytes_median']} bytes a query, "
        f"p95 {figures['search']['query_ms_p95']} ms.",
        "",
        *report._table(["lang", "query", "found", "bytes", "data", "ms (median)"], rows),
        "",
        "How it is measured:",
        "",
        f"- One run builds the three sizes, alternating (0× cold, 1× cold, {label} cold, …), "
        "only the project; cold runs clear the output and every cache first, as in the "
        "national run.",
        f"- `per_page_ratio_to_1x` = ({label} cold median ÷ its HTML pages) ÷ (1× cold "
        "median ÷ its HTML pages): issue 21's figure. The locality pages are the registry's "
        "whatever the content, so pages grow much less than items and this ratio exceeds 1 "
        "even for a build whose cost grows linearly with its content.",
        f"- `per_item_ratio_to_1x` = (({label} − 0×) cold medians ÷ {label} items) ÷ "
        "((1× − 0×) cold medians ÷ 1× items): the cost an item adds at each size, 1.0 for "
        "linear growth; the target of 1.1 is applied to it as well.",
        "- `per_page_ratio_if_linear`: the per-page ratio of a build whose cold time grew "
        f"exactly with its items, (0× + (1× − 0×) × {label} items ÷ 1× items) cold medians, "
        "divided by pages as `per_page_ratio_to_1x` is: what that figure would be for "
        "linear growth.",
        f"- `warm_one_edit_over_cold` = {label} warm median ÷ {label} cold median; each "
        f"warm run appends one sentence to `{d['edited']}` and rebuilds over the previous "
        "output and caches.",
        f"- `peak_rss_mb`: the highest over two more {label} builds, one cold and one warm "
        f"(one edit), of the build's process tree, sampled every {SAMPLE_S} s as the sum of "
        "each process's proportional set size (a forked renderer's shared pages are "
        "counted once), or the child's `ru_maxrss` when that is higher. Their times are not "
        "used: reading a process's PSS walks its page tables (31 ms for a 1 GB process, "
        "here), so sampling took CPU from the build in proportion to its memory and slowed "
        "the 10× builds more than the 1× ones. The timed runs report only `ru_maxrss`.",
        "- Search: the national run's 20 queries and method (bytes of the files fetched "
        "for a query and its first five results, gzip 9, plus the engine's code; `ms` "
        "nearest-rank p95 of five passes).",
    ]
