"""The editor without a browser: its configuration covers the schemas, a save writes what a careful
person would, and an invalid item is refused with the checks' own messages."""

from __future__ import annotations

import copy
import datetime
import difflib
import json
import re
import shutil
import subprocess
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from portal.content.fields import fields_of
from portal.content.frontmatter import split_and_parse
from portal.content.localities import load_registry
from portal.content.schema import SCHEMAS, SECTIONS
from portal.content.schema.common import spec
from portal.content.schema.page import Page

from . import config as editor_config
from .config import REFERENCES, covered_fields, decap_config
from .merge import merge
from .save import RefusedPath, prepare
from .server import running

ROOT = Path(__file__).resolve().parents[2]
PLAN = "content/plans/ke-hoach-24-kh-ubnd-2017"


@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT / "content" / "data" / "localities")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A copy of the shipped content in a Git repository of its own."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    return tmp_path


def as_decap_writes(path: Path, **changes) -> str:
    """The file as the page's format sends it: the values as YAML (dumped anew, not as on disk), the
    body as it was."""
    front = split_and_parse(path.read_text(encoding="utf-8"))
    data = {**front.data, **changes}
    return (
        "---\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=40)
        + "---\n"
        + front.body
    )


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_configuration_covers_every_schema_field(kind, lang):
    config = decap_config(lang, "http://127.0.0.1:1/api/v1")
    assert covered_fields(config, kind) == {f.label for f in fields_of(SCHEMAS[kind])}


def test_a_field_added_to_a_schema_appears_in_the_editor(monkeypatch):
    class Extended(Page):
        audience: str | None = spec(
            None, en="Who it is written for.", vi="Viết cho ai.", example="cha mẹ"
        )

    monkeypatch.setitem(SCHEMAS, "page", Extended)
    config = decap_config("en", "http://127.0.0.1:1/api/v1")
    added = next(
        f
        for f in next(c for c in config["collections"] if c["name"] == "page")["fields"]
        if f["name"] == "audience"
    )
    assert added["hint"] == "Who it is written for." and added["required"] is False
    assert covered_fields(config, "page") == {f.label for f in fields_of(Extended)}


def test_fields_have_widgets_help_required_flags_and_allowed_values():
    for lang in ("vi", "en"):
        config = decap_config(lang, "http://127.0.0.1:1/api/v1")
        for kind, schema in SCHEMAS.items():
            by_label = _config_fields(config, kind)
            for doc in fields_of(schema):
                made = by_label[doc.label]
                assert made["hint"].startswith(doc.help(lang)), doc.label
                assert made.get("widget"), doc.label
                if doc.path in (
                    ("type",),
                    ("lang",),
                ):  # set by the save from the folder and the file name
                    assert made["widget"] == "hidden", doc.label
                    continue
                if not (
                    doc.fact and len(doc.path) > 1
                ):  # a fact in a group is entered on the Vietnamese side only
                    assert made["required"] is doc.required, doc.label
                if doc.kind == "choice":
                    assert made["widget"] == "select" and made["options"] == [
                        str(c) for c in doc.choices
                    ], doc.label
                if doc.kind == "locality":
                    assert (
                        made["widget"] == "select"
                        and made["options"] == editor_config.LOCALITY_OPTIONS
                    ), doc.label
                if doc.kind == "slug" and doc.name != "slug":  # a reference is chosen, never typed
                    assert doc.name in REFERENCES and made["widget"] == "relation", doc.label
                if doc.fact and doc.model is None and not doc.is_list:
                    assert made["i18n"] == "duplicate", doc.label


def test_number_and_boolean_fields_never_share_a_name_with_text():
    """The page converts values read from a file by field name: a name must mean one kind of
    value."""
    kinds: dict[str, set[str]] = {}
    for doc in (d for schema in SCHEMAS.values() for d in fields_of(schema)):
        kinds.setdefault(doc.name, set()).add(
            {"bool": "boolean", "integer": "number", "number": "number"}.get(doc.kind, "text")
        )
    assert {name: k for name, k in kinds.items() if len(k) > 1} == {}


def test_locality_options_come_from_the_registry(registry):
    options = editor_config.locality_options(registry, "vi")
    assert len(options) == len(registry) and options[0]["value"] == "VN"
    assert {"value": "01", "label": "01 — Hà Nội"} in options
    assert {"value": "00070", "label": "00070 — Phường Hoàn Kiếm, Hà Nội"} in options


def _config_fields(config, kind) -> dict[str, dict]:
    out = {}

    def walk(fields, prefix):
        for f in fields:
            out[prefix + f["name"]] = f
            if "fields" in f:
                walk(f["fields"], prefix + f["name"] + ("[]." if f["widget"] == "list" else "."))

    walk(next(c for c in config["collections"] if c["name"] == kind)["fields"], "")
    return out


def test_saving_unchanged_values_rewrites_no_shipped_file():
    files = sorted(
        f for section in SECTIONS.values() for f in (ROOT / "content" / section).glob("*.md")
    )
    assert len(files) > 50
    for file in files:
        text = file.read_text(encoding="utf-8")
        front = split_and_parse(text)
        assert (
            merge(text, front.data, front.body, list(SCHEMAS[front.data["type"]].model_fields))
            == text
        ), file


def test_a_vietnamese_title_edit_changes_one_line_of_one_file(repo, registry):
    vi, en = repo / f"{PLAN}.vi.md", repo / f"{PLAN}.en.md"
    files = [
        {"path": f"{PLAN}.vi.md", "raw": as_decap_writes(vi, title="Kế hoạch 24 (đã sửa)")},
        {"path": f"{PLAN}.en.md", "raw": as_decap_writes(en)},
    ]
    prepared = prepare(repo, files, registry)
    assert prepared.problems == []
    assert list(prepared.files) == [f"{PLAN}.vi.md"]
    diff = [
        line
        for line in difflib.unified_diff(
            vi.read_text(encoding="utf-8").split("\n"),
            prepared.files[f"{PLAN}.vi.md"].split("\n"),
            lineterm="",
            n=0,
        )
        if line[:1] in "+-"
    ]
    assert diff[2:] == [
        next(
            f"-{line}"
            for line in vi.read_text(encoding="utf-8").split("\n")
            if line.startswith("title:")
        ),
        "+title: Kế hoạch 24 (đã sửa)",
    ]


def test_a_changed_list_item_rewrites_that_item_only(repo, registry):
    vi = repo / f"{PLAN}.vi.md"
    targets = split_and_parse(vi.read_text(encoding="utf-8")).data["targets"]
    targets[1] = {**targets[1], "value": "80"}
    prepared = prepare(
        repo, [{"path": f"{PLAN}.vi.md", "raw": as_decap_writes(vi, targets=targets)}], registry
    )
    old, new = (
        vi.read_text(encoding="utf-8").split("\n"),
        prepared.files[f"{PLAN}.vi.md"].split("\n"),
    )
    changed = [
        line
        for line in difflib.unified_diff(old, new, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert len(changed) == 2 and changed[1] == "+    value: 80", changed
    assert f"{PLAN}.en.md" in prepared.files  # a fact: the English file takes it too
    assert "value: 80" in prepared.files[f"{PLAN}.en.md"]


def test_text_typed_in_decomposed_unicode_is_saved_composed(repo, registry):
    vi = repo / f"{PLAN}.vi.md"
    decomposed = unicodedata.normalize("NFD", "Kế hoạch 24 (đã sửa)")
    prepared = prepare(
        repo, [{"path": f"{PLAN}.vi.md", "raw": as_decap_writes(vi, title=decomposed)}], registry
    )
    assert (
        prepared.problems == []
        and "\ntitle: Kế hoạch 24 (đã sửa)\n" in prepared.files[f"{PLAN}.vi.md"]
    )
    assert unicodedata.is_normalized("NFC", prepared.files[f"{PLAN}.vi.md"])


def test_facts_are_taken_from_the_vietnamese_file(repo, registry):
    vi, en = repo / f"{PLAN}.vi.md", repo / f"{PLAN}.en.md"
    files = [
        {"path": f"{PLAN}.vi.md", "raw": as_decap_writes(vi)},
        {
            "path": f"{PLAN}.en.md",
            "raw": as_decap_writes(en, issued="2019-01-01", title="Changed in English"),
        },
    ]
    prepared = prepare(repo, files, registry)
    assert prepared.problems == [] and list(prepared.files) == [f"{PLAN}.en.md"]
    saved = split_and_parse(prepared.files[f"{PLAN}.en.md"]).data
    assert (
        saved["issued"] == split_and_parse(vi.read_text(encoding="utf-8")).data["issued"]
        and saved["title"] == "Changed in English"
    )


def test_an_impossible_date_is_refused_with_the_schema_message(repo, registry):
    vi = repo / f"{PLAN}.vi.md"
    prepared = prepare(
        repo, [{"path": f"{PLAN}.vi.md", "raw": as_decap_writes(vi, issued="2025-02-30")}], registry
    )
    vi_problem = (
        "vi.md",
        "issued",
        'cần một ngày có thật, viết dạng YYYY-MM-DD, nhưng có "2025-02-30"',
        "viết ngày dạng YYYY-MM-DD, ví dụ 2017-02-08",
    )
    assert [(p.path[-5:], p.field, p.message_vi, p.fix_vi) for p in prepared.problems] == [
        ("en.md", *vi_problem[1:]),
        vi_problem,
    ]
    assert (
        prepared.problems[0].message
        == 'expected a date that exists, written YYYY-MM-DD, got "2025-02-30"'
    )  # the fact, copied to the English file


def test_a_new_item_gets_type_lang_from_its_file_and_unknown_references_are_errors(repo, registry):
    raw = (
        "---\ntitle: Thử\nslug: thu-moi\nsummary: Tóm tắt.\nlang: en\nduties:\n"
        "- agencies: [khong-co-co-quan-nay]\n  tasks: [Làm việc.]\n"
        "sources:\n- {url: 'https://example.org/kh', title: Kế hoạch}\n---\nNội dung.\n"
    )
    raw_en = (
        "---\ntitle: Try\nslug: thu-moi\nsummary: Summary.\nduties:\n- tasks: [Work.]\n"
        "sources:\n- {title: The plan}\n---\nText.\n"
    )
    prepared = prepare(
        repo,
        [
            {"path": "content/plans/thu-moi.vi.md", "raw": raw},
            {"path": "content/plans/thu-moi.en.md", "raw": raw_en},
        ],
        registry,
    )
    text = prepared.files["content/plans/thu-moi.vi.md"]
    assert text.startswith("---\ntype: plan\ntitle: Thử\nslug: thu-moi\nlang: vi\n")
    assert (
        "duties:\n  - agencies:\n      - khong-co-co-quan-nay\n    tasks:\n      - Work.\n"
        in prepared.files["content/plans/thu-moi.en.md"]
    )
    assert [(p.path[-5:], p.field) for p in prepared.problems] == [
        ("en.md", "duties[0].agencies[0]"),
        ("vi.md", "duties[0].agencies[0]"),
    ]


@pytest.mark.parametrize(
    "path",
    [
        "pelicanconf.py",
        "content/../tasks.py",
        "content/plans/x.vi.md/../../y.md",
        "content/data/localities/provinces.csv",
    ],
)
def test_files_outside_the_content_folders_are_refused(repo, registry, path):
    with pytest.raises(RefusedPath):
        prepare(repo, [{"path": path, "raw": "---\ntitle: x\n---\n"}], registry)


def test_the_server_refuses_an_invalid_save_and_commits_nothing(repo):
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-q",
            "-m",
            "start",
        ],
        check=True,
    )
    vi = repo / f"{PLAN}.vi.md"
    body = {
        "action": "persistEntry",
        "params": {
            "branch": "main",
            "dataFiles": [
                {
                    "path": f"{PLAN}.vi.md",
                    "raw": as_decap_writes(vi, issued="2025-02-30"),
                    "slug": "x",
                }
            ],
            "assets": [],
            "options": {"commitMessage": "x"},
        },
    }
    with running(repo, "en") as address:
        request = urllib.request.Request(
            address + "api/v1",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        answer = json.loads(refused.value.read())
        page = urllib.request.urlopen(address, timeout=30)
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert refused.value.code == 422 and "expected a date that exists" in answer["error"]
    assert answer["problems"][0]["field"] == "issued"
    log = subprocess.run(
        ["git", "-C", str(repo), "log", "--oneline"], capture_output=True, text=True, check=True
    ).stdout
    assert len(log.splitlines()) == 1
    assert (
        subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        == ""
    )


def test_a_hosted_git_service_replaces_the_local_backend_and_only_its_addresses_are_opened(repo):
    hosted = {"name": "github", "repo": "my-org/site", "branch": "main"}
    with running(repo, "en", backend=hosted) as address:
        config = json.loads(
            urllib.request.urlopen(address + "editor/config.json", timeout=30).read()
        )
        csp = urllib.request.urlopen(address, timeout=30).headers["Content-Security-Policy"]
    assert config["backend"] == hosted and config["locale"] == "en"
    assert (
        "connect-src 'self' https:" in csp
        and "script-src 'self' 'unsafe-eval';" in csp
        and "http:" not in csp
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    from portal.commands.publish import publish

    return publish(
        ROOT / "tests" / "fixtures" / "site" / "settings.py",
        tmp_path_factory.mktemp("plain") / "public",
        "http://127.0.0.1:8000/sub",
    )


def test_the_editor_is_never_part_of_the_published_site(published):
    ours = {f.name for f in (Path(__file__).parent / "static").iterdir()} - {"index.html"} | {
        "decap-cms.js",
        "js-yaml.js",
    }
    assert [
        f for f in published.rglob("*") if f.name.removesuffix(".gz").removesuffix(".br") in ours
    ] == []
    assert not any(
        "decap" in f.read_text(encoding="utf-8", errors="replace").lower()
        for f in published.rglob("*.html")
    )


def test_a_setting_publishes_the_editor_and_leaves_every_other_file_as_it_was(published, tmp_path):
    from portal.commands.publish import publish

    hosted = {"name": "github", "repo": "my-org/site", "branch": "main"}
    with_editor = publish(
        ROOT / "tests" / "fixtures" / "site" / "settings.py",
        tmp_path / "public",
        "http://127.0.0.1:8000/sub",
        {"EDITOR_PUBLISH": {"backend": hosted, "path": "admin"}},
    )
    files = {f.relative_to(with_editor).as_posix() for f in with_editor.rglob("*") if f.is_file()}
    plain = {f.relative_to(published).as_posix() for f in published.rglob("*") if f.is_file()}
    assert {f for f in files - plain if not f.startswith("admin/")} == set() and plain <= files
    assert [
        f for f in plain if (with_editor / f).read_bytes() != (published / f).read_bytes()
    ] == []  # every other page's policy unchanged
    assert {
        "admin/index.html",
        "admin/editor/editor.js",
        "admin/decap/decap-cms.js",
        "admin/js-yaml/js-yaml.js",
        "admin/site/site.css",
        "admin/editor/config.json",
    } <= files
    config = json.loads((with_editor / "admin/editor/config.json").read_text(encoding="utf-8"))
    assert config["backend"] == hosted and config["portal_checks"] == "ci"
    page = (with_editor / "admin/index.html").read_text(encoding="utf-8")
    assert "script-src 'self' 'unsafe-eval'" in page and "connect-src 'self' https:" in page


# --- The browser's halves: static/merge.js and static/rules.js, run by Node on the same cases ---

NODE_RUNNER = """
const vm = require("vm"), fs = require("fs");
const ctx = {}; ctx.window = ctx; vm.createContext(ctx);
for (const file of process.argv.slice(1)) \
vm.runInContext(fs.readFileSync(file, "utf8"), ctx, { filename: file });
const calls = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(calls.map(([ns, fn, ...args]) => ctx[ns][fn](...args))));
"""
STATIC = Path(__file__).parent / "static"
TRICKY = [
    " a",
    "a ",
    "null",
    "Null",
    "NULL",
    "~",
    "=",
    "<<",
    "0123",
    "0b",
    "0x_",
    "2025-02-30",
    "2025-02-28",
    "2024-02-29",
    "2023-02-29",
    "2025-13-01",
    "2025-01-01 25:00:00",
    "2025-01-01 10:00:00",
]
TRICKY += [
    "yes",
    "on",
    "1e5",
    ".5",
    "-",
    "- a",
    "? a",
    "?a",
    "a: b",
    "a:b",
    "a #b",
    "a#b",
    "#a",
    "&a",
    "*a",
    "!a",
    "%a",
    "@a",
    "`a",
    "|",
    ">",
    "'a'",
    '"a"',
    "a'b",
    "[a]",
    "{a}",
    "a]",
    "a, b",
]
TRICKY += [
    "...",
    "---",
    "tel:+84",
    "https://x.vn/a?b=c#d",
    ">= 5",
    "1:20",
    "1_000",
    "Kế hoạch",
    'say "hi" \\ there',
    "a\u2028b",
    "a\rb",
    "0b1",
    "0b_",
    "a\u00a0",
    "\ufeffa",
    "1.0",
    "+1",
    "0",
    "0.5",
    "true",
    "False",
]


def run_js(calls: list) -> list:
    """Call `portalMerge` / `portalRules` functions in Node, as the page loads them (js-yaml
    first)."""
    files = [
        ROOT / "node_modules" / "js-yaml" / "dist" / "js-yaml.js",
        STATIC / "merge.js",
        STATIC / "rules.js",
    ]
    node = shutil.which("node")
    assert node, "node is needed for the browser's halves (it runs decap-server too)"
    done = subprocess.run(
        [node, "-e", NODE_RUNNER, *map(str, files)],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def _edits(data: dict, kind: str) -> list[dict]:
    """Edits an officer makes: none, a title, a tricky title, an item of a group, a field emptied, a
    field added."""
    out = [dict(data), {**data, "title": data["title"] + " (sửa)"}]
    out += [{**data, "title": text} for text in TRICKY]
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            first = dict(value[0])
            name = next(iter(first))
            out.append({**data, key: [{**first, name: "42"}, *value[1:]]})
            out.append({**data, key: value[1:]})
            break
    optional = [
        f.name
        for f in fields_of(SCHEMAS[kind])
        if len(f.path) == 1 and not f.required and f.name in data
    ]
    out += [{**data, optional[0]: ""}] if optional else []
    out.append({**data, "summary": data["summary"] + " Thêm.", "reviewed": "2026-01-02"})
    return out


def test_the_browser_writes_what_the_server_writes_for_every_shipped_file():
    """merge.js against merge.py: every shipped file, each with the same edits, must give the same
    text."""
    from .merge import write
    from .rules import rules_of

    cases, expected = [], []
    for file in sorted(
        f for section in SECTIONS.values() for f in (ROOT / "content" / section).glob("*.md")
    ):
        text = file.read_text(encoding="utf-8")
        front = split_and_parse(text)
        kind = front.data["type"]
        rules = rules_of(SCHEMAS[kind])
        for data in (
            _edits(front.data, kind)
            if file.name.startswith(("b", "k", "d", "t"))
            else _edits(front.data, kind)[:2]
        ):
            for body in (front.body, front.body + "\nMột dòng mới.\n"):
                wanted = write(text, data, body, SCHEMAS[kind])
                assert (
                    write(text, data, body, rules) == wanted
                )  # the rules tree stands for the schema in merge.py
                cases.append(["portalMerge", "write", text, data, body, rules])
                expected.append(wanted)
        cases.append(["portalMerge", "write", None, front.data, front.body, rules])
        expected.append(write(None, front.data, front.body, SCHEMAS[kind]))
    assert len(cases) > 2000
    got = run_js(cases)
    wrong = [
        (c[3].get("title"), w, g) for c, w, g in zip(cases, expected, got, strict=True) if w != g
    ]
    assert wrong[:3] == [] and len(wrong) == 0


def test_tricky_values_are_quoted_alike_and_unchanged_files_stay_byte_for_byte():
    from .merge import scalar

    texts = [
        *TRICKY,
        "a\x85b",
    ]  # (a control character the checks refuse: quoted alike, read back differently)
    assert run_js([["portalMerge", "scalar", t] for t in texts]) == [scalar(t) for t in texts]
    vi = (ROOT / f"{PLAN}.vi.md").read_text(encoding="utf-8")
    data = split_and_parse(vi).data
    rules = decap_config("vi", "")["portal_rules"]["types"]["plan"]
    same_text, one_line = run_js(
        [
            ["portalMerge", "write", vi, data, split_and_parse(vi).body, rules],
            ["portalMerge", "write", vi, {**data, "title": "Mới"}, split_and_parse(vi).body, rules],
        ]
    )
    assert same_text == vi
    changed = [
        line
        for line in difflib.unified_diff(vi.split("\n"), one_line.split("\n"), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        next(f"-{line}" for line in vi.split("\n") if line.startswith("title:")),
        "+title: Mới",
    ]


PROBES = {
    "text": ["   ", "x", "TODO"],
    "slug": ["Ab c", "a--b", "ok-slug"],
    "url": ["ftp://x.vn", "https://x.vn/a"],
    "tel": ["111", "tel:+84 1", "tel:111"],
    "digits": ["1a", "112"],
    "locality": ["1", " 01 ", "01"],
    "date": [
        "2025-02-30",
        "2025-2-3",
        "1900-01-01",
        "2200-01-01",
        "2024-02-29",
        "2023-02-29",
        "x",
        "2017-02-08",
        "2099-01-01",
    ],
    "bool": ["maybe", "yes", "false", "2"],
    "integer": ["12.5", "abc", "1900", "2200", "2000", "1_999", "2010.0"],
    "number": ["abc", "-1", "nan", "inf", "1e400", "101", "50", "1_0", ".5", "0x1"],
    "choice": ["bogus", "TODO"],
}


def _complete(data: dict, model) -> dict:
    """`data` with one item in every group list it lacks, made of the fields' examples (so nested
    fields can be probed)."""
    from portal.content.fields import example_text, fields_of

    out = dict(data)
    for doc in (
        d
        for d in fields_of(model)
        if len(d.path) == 1 and d.model is not None and not data.get(d.name)
    ):
        item = {}
        assert doc.model is not None  # as the filter above says
        for sub in (s for s in fields_of(doc.model) if len(s.path) == 1 and s.example is not None):
            item[sub.name] = (
                [example_text(e) for e in sub.example]
                if isinstance(sub.example, list)
                else example_text(sub.example)
            )
        out[doc.name] = [item] if doc.is_list else item
    return out


def _probed(data: dict, path: tuple, value) -> dict:
    """`data` with the field at `path` (through the first item of each group list) set to
    `value`."""
    out = copy.deepcopy(data)
    here = out
    for name in path[:-1]:
        here = here[name][0] if isinstance(here[name], list) else here[name]
    here[path[-1]] = value
    return out


def _about(field: str, label: str) -> bool:
    """Whether a problem's field is the probed one, inside it, or the group holding it."""
    return (
        field == label
        or field.startswith((label + ".", label + "["))
        or label.startswith((field + ".", field + "["))
    )


def test_the_browser_refuses_what_the_schemas_refuse_with_the_same_words(tmp_path):
    """rules.js against the site's own validation and item checks, field by field, on the same
    values."""
    from portal.content.documents import dotted, read_document
    from portal.content.fields import fields_of
    from portal.content.item_checks import item_problems
    from portal.content.problems import problem

    from .merge import write

    catalog = decap_config("vi", "")["portal_rules"]
    cases, wanted, labels = [], [], []
    for kind, schema in SCHEMAS.items():
        shipped = sorted(
            (ROOT / "content" / SECTIONS[kind]).glob("*.vi.md"),
            key=lambda f: -len(f.read_text(encoding="utf-8")),
        )[0]
        base = _complete(split_and_parse(shipped.read_text(encoding="utf-8")).data, schema)
        for doc in (
            d for d in fields_of(schema) if d.kind in PROBES and d.name not in ("type", "lang")
        ):
            label = doc.label.replace("[]", "[0]")
            for probe in [*PROBES[doc.kind], ""]:
                data = _probed(base, doc.path, [probe] if doc.is_list else probe)
                slug = (
                    data["slug"] if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", data["slug"]) else "x"
                )
                source = tmp_path / SECTIONS[kind] / f"{slug}.vi.md"
                source.parent.mkdir(exist_ok=True)
                source.write_text(write(None, data, "Text.\n", schema), encoding="utf-8")
                read = read_document(source, "x.vi.md")
                problems = read.problems + (
                    [
                        problem("x.vi.md", 1, dotted(loc), m, f)
                        for loc, m, f in item_problems(read.model, datetime.date.today())
                    ]
                    if read.model
                    else []
                )
                wanted.append(
                    sorted(
                        {
                            (p.field, p.message, p.message_vi, p.fix, p.fix_vi)
                            for p in problems
                            if _about(p.field, label)
                        }
                    )
                )
                cases.append(["portalRules", "check", data, catalog["types"][kind], catalog])
                labels.append(label)
    assert len(cases) > 500 and sum(bool(w) for w in wanted) > 200
    found = run_js(cases)
    got = [
        sorted(
            {
                (p["field"], p["message"]["en"], p["message"]["vi"], p["fix"]["en"], p["fix"]["vi"])
                for p in f
                if _about(p["field"], label)
            }
        )
        for label, f in zip(labels, found, strict=True)
    ]
    differ = [(w, g) for w, g in zip(wanted, got, strict=True) if w != g]
    assert differ[:5] == []


def test_a_rule_the_browser_cannot_run_stops_the_configuration(monkeypatch):
    """A schema rule not carried to the browser is an error, not a gap: here a maximum length."""
    from typing import Annotated

    from pydantic import StringConstraints

    from .rules import NotCarried

    class Extended(Page):
        audience: Annotated[str, StringConstraints(max_length=40)] | None = spec(
            None, en="Who it is written for.", vi="Viết cho ai.", example="cha mẹ"
        )

    monkeypatch.setitem(SCHEMAS, "page", Extended)
    with pytest.raises(NotCarried, match="max_length"):
        decap_config("en", "http://127.0.0.1:1/api/v1")


def test_a_bound_added_to_a_schema_is_checked_in_the_browser(monkeypatch):
    class Extended(Page):
        copies: int | None = spec(None, en="Printed copies.", vi="Số bản in.", example=100, le=5000)

    monkeypatch.setitem(SCHEMAS, "page", Extended)
    catalog = decap_config("en", "")["portal_rules"]
    data = split_and_parse(
        (
            ROOT
            / "content/guidance"
            / next(p.name for p in (ROOT / "content/guidance").glob("*.vi.md"))
        ).read_text(encoding="utf-8")
    ).data
    problems = run_js(
        [["portalRules", "check", {**data, "copies": "6000"}, catalog["types"]["page"], catalog]]
    )[0]
    assert [(p["field"], p["message"]["en"]) for p in problems] == [
        ("copies", 'expected a number of at most 5000, got "6000"')
    ]


NUMBERS = [
    "111",
    "113",
    "114",
    "115",
    "1119",
    "116",
    "0113",
    "84111",
    "+111",
    "18001567",
    "1800 1567",
    "19001234",
    "0981848484",
    "84981848484",
    "+84981848484",
    "+84 981 84 84 84",
]
NUMBERS += [
    "0981.84.84.84",
    "(098) 184-8484",
    "981848484",
    "+1 202 555 0100",
    "0243 826 9999",
    "02438269999",
    "842438269999",
    "+840981848484",
    "0123456",
    "1990123",
    "abc",
    "12",
]


def test_the_browser_checks_hotline_numbers_as_libphonenumber_does():
    """rules.js's phone check against portal.content.phones on the same numbers, displays and tel:
    links."""
    from portal.content.phones import hotline_problems
    from portal.content.schema.hotline import Hotline

    catalog = decap_config("vi", "")["portal_rules"]
    rules = catalog["types"]["hotline"]
    base = split_and_parse((ROOT / "content/hotlines/111.vi.md").read_text(encoding="utf-8")).data
    cases = [
        (n, d, t)
        for n in NUMBERS
        if re.fullmatch(r"[0-9]+", n)
        for d in NUMBERS
        for t in ("tel:" + n, "tel:+84981848484", "tel:111")
    ]
    assert len(cases) > 300
    wanted = []
    for number, display, tel in cases:
        Hotline.model_validate(
            {**base, "number": number, "display": display, "tel": tel}
        )  # the fields are sound: the item check runs
        wanted.append(
            sorted(
                (".".join(loc), m.en, m.vi, f.en, f.vi)
                for loc, m, f in hotline_problems(number, display, tel)
            )
        )
    found = run_js(
        [
            ["portalRules", "check", {**base, "number": n, "display": d, "tel": t}, rules, catalog]
            for n, d, t in cases
        ]
    )
    got = [
        sorted(
            (p["field"], p["message"]["en"], p["message"]["vi"], p["fix"]["en"], p["fix"]["vi"])
            for p in f
        )
        for f in found
    ]
    assert [(c, w, g) for c, w, g in zip(cases, wanted, got, strict=True) if w != g][:3] == []
    assert sum(bool(w) for w in wanted) > 100 and sum(not w for w in wanted) > 5
