"""The editor without a browser: its configuration covers the schemas, a save writes what a careful
person would, and an invalid item is refused with the checks' own messages."""

from __future__ import annotations

import difflib
import json
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
    """The file as the page's format sends it: the values as YAML (dumped anew, not as on disk), the body as it was."""
    front = split_and_parse(path.read_text(encoding="utf-8"))
    data = {**front.data, **changes}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=40) + "---\n" + front.body


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_configuration_covers_every_schema_field(kind, lang):
    config = decap_config(lang, "http://127.0.0.1:1/api/v1")
    assert covered_fields(config, kind) == {f.label for f in fields_of(SCHEMAS[kind])}


def test_a_field_added_to_a_schema_appears_in_the_editor(monkeypatch):
    class Extended(Page):
        audience: str | None = spec(None, en="Who it is written for.", vi="Viết cho ai.", example="cha mẹ")

    monkeypatch.setitem(SCHEMAS, "page", Extended)
    config = decap_config("en", "http://127.0.0.1:1/api/v1")
    added = next(f for f in next(c for c in config["collections"] if c["name"] == "page")["fields"] if f["name"] == "audience")
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
                if doc.path in (("type",), ("lang",)):  # set by the save from the folder and the file name
                    assert made["widget"] == "hidden", doc.label
                    continue
                if not (doc.fact and len(doc.path) > 1):  # a fact in a group is entered on the Vietnamese side only
                    assert made["required"] is doc.required, doc.label
                if doc.kind == "choice":
                    assert made["widget"] == "select" and made["options"] == [str(c) for c in doc.choices], doc.label
                if doc.kind == "locality":
                    assert made["widget"] == "select" and made["options"] == editor_config.LOCALITY_OPTIONS, doc.label
                if doc.kind == "slug" and doc.name != "slug":  # a reference is chosen, never typed
                    assert doc.name in REFERENCES and made["widget"] == "relation", doc.label
                if doc.fact and doc.model is None and not doc.is_list:
                    assert made["i18n"] == "duplicate", doc.label


def test_number_and_boolean_fields_never_share_a_name_with_text():
    """The page converts values read from a file by field name: a name must mean one kind of value."""
    kinds: dict[str, set[str]] = {}
    for doc in (d for schema in SCHEMAS.values() for d in fields_of(schema)):
        kinds.setdefault(doc.name, set()).add({"bool": "boolean", "integer": "number", "number": "number"}.get(doc.kind, "text"))
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
    files = sorted(f for section in SECTIONS.values() for f in (ROOT / "content" / section).glob("*.md"))
    assert len(files) > 50
    for file in files:
        text = file.read_text(encoding="utf-8")
        front = split_and_parse(text)
        assert merge(text, front.data, front.body, list(SCHEMAS[front.data["type"]].model_fields)) == text, file


def test_a_vietnamese_title_edit_changes_one_line_of_one_file(repo, registry):
    vi, en = repo / f"{PLAN}.vi.md", repo / f"{PLAN}.en.md"
    files = [{"path": f"{PLAN}.vi.md", "raw": as_decap_writes(vi, title="Kế hoạch 24 (đã sửa)")}, {"path": f"{PLAN}.en.md", "raw": as_decap_writes(en)}]
    prepared = prepare(repo, files, registry)
    assert prepared.problems == []
    assert list(prepared.files) == [f"{PLAN}.vi.md"]
    diff = [line for line in difflib.unified_diff(vi.read_text(encoding="utf-8").split("\n"), prepared.files[f"{PLAN}.vi.md"].split("\n"), lineterm="", n=0) if line[:1] in "+-"]
    assert diff[2:] == [next(f"-{line}" for line in vi.read_text(encoding="utf-8").split("\n") if line.startswith("title:")), "+title: Kế hoạch 24 (đã sửa)"]


def test_a_changed_list_item_rewrites_that_item_only(repo, registry):
    vi = repo / f"{PLAN}.vi.md"
    targets = split_and_parse(vi.read_text(encoding="utf-8")).data["targets"]
    targets[1] = {**targets[1], "value": "80"}
    prepared = prepare(repo, [{"path": f"{PLAN}.vi.md", "raw": as_decap_writes(vi, targets=targets)}], registry)
    old, new = vi.read_text(encoding="utf-8").split("\n"), prepared.files[f"{PLAN}.vi.md"].split("\n")
    changed = [line for line in difflib.unified_diff(old, new, lineterm="", n=0) if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == 2 and changed[1] == "+    value: 80", changed
    assert f"{PLAN}.en.md" in prepared.files  # a fact: the English file takes it too
    assert "value: 80" in prepared.files[f"{PLAN}.en.md"]


def test_text_typed_in_decomposed_unicode_is_saved_composed(repo, registry):
    vi = repo / f"{PLAN}.vi.md"
    decomposed = unicodedata.normalize("NFD", "Kế hoạch 24 (đã sửa)")
    prepared = prepare(repo, [{"path": f"{PLAN}.vi.md", "raw": as_decap_writes(vi, title=decomposed)}], registry)
    assert prepared.problems == [] and "\ntitle: Kế hoạch 24 (đã sửa)\n" in prepared.files[f"{PLAN}.vi.md"]
    assert unicodedata.is_normalized("NFC", prepared.files[f"{PLAN}.vi.md"])


def test_facts_are_taken_from_the_vietnamese_file(repo, registry):
    vi, en = repo / f"{PLAN}.vi.md", repo / f"{PLAN}.en.md"
    files = [{"path": f"{PLAN}.vi.md", "raw": as_decap_writes(vi)}, {"path": f"{PLAN}.en.md", "raw": as_decap_writes(en, issued="2019-01-01", title="Changed in English")}]
    prepared = prepare(repo, files, registry)
    assert prepared.problems == [] and list(prepared.files) == [f"{PLAN}.en.md"]
    saved = split_and_parse(prepared.files[f"{PLAN}.en.md"]).data
    assert saved["issued"] == split_and_parse(vi.read_text(encoding="utf-8")).data["issued"] and saved["title"] == "Changed in English"


def test_an_impossible_date_is_refused_with_the_schema_message(repo, registry):
    vi = repo / f"{PLAN}.vi.md"
    prepared = prepare(repo, [{"path": f"{PLAN}.vi.md", "raw": as_decap_writes(vi, issued="2025-02-30")}], registry)
    vi_problem = ("vi.md", "issued", 'cần một ngày có thật, viết dạng YYYY-MM-DD, nhưng có "2025-02-30"', "viết ngày dạng YYYY-MM-DD, ví dụ 2017-02-08")
    assert [(p.path[-5:], p.field, p.message_vi, p.fix_vi) for p in prepared.problems] == [("en.md", *vi_problem[1:]), vi_problem]
    assert prepared.problems[0].message == 'expected a date that exists, written YYYY-MM-DD, got "2025-02-30"'  # the fact, copied to the English file


def test_a_new_item_gets_type_lang_from_its_file_and_unknown_references_are_errors(repo, registry):
    raw = "---\ntitle: Thử\nslug: thu-moi\nsummary: Tóm tắt.\nlang: en\nduties:\n- agencies: [khong-co-co-quan-nay]\n  tasks: [Làm việc.]\n---\nNội dung.\n"
    raw_en = "---\ntitle: Try\nslug: thu-moi\nsummary: Summary.\nduties:\n- tasks: [Work.]\n---\nText.\n"
    prepared = prepare(repo, [{"path": "content/plans/thu-moi.vi.md", "raw": raw}, {"path": "content/plans/thu-moi.en.md", "raw": raw_en}], registry)
    text = prepared.files["content/plans/thu-moi.vi.md"]
    assert text.startswith("---\ntype: plan\ntitle: Thử\nslug: thu-moi\nlang: vi\n")
    assert "duties:\n  - agencies:\n      - khong-co-co-quan-nay\n    tasks:\n      - Work.\n" in prepared.files["content/plans/thu-moi.en.md"]
    assert [(p.path[-5:], p.field) for p in prepared.problems] == [("en.md", "duties[0].agencies[0]"), ("vi.md", "duties[0].agencies[0]")]


@pytest.mark.parametrize("path", ["pelicanconf.py", "content/../tasks.py", "content/plans/x.vi.md/../../y.md", "content/data/localities/provinces.csv"])
def test_files_outside_the_content_folders_are_refused(repo, registry, path):
    with pytest.raises(RefusedPath):
        prepare(repo, [{"path": path, "raw": "---\ntitle: x\n---\n"}], registry)


def test_the_server_refuses_an_invalid_save_and_commits_nothing(repo):
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "start"], check=True)
    vi = repo / f"{PLAN}.vi.md"
    body = {
        "action": "persistEntry",
        "params": {"branch": "main", "dataFiles": [{"path": f"{PLAN}.vi.md", "raw": as_decap_writes(vi, issued="2025-02-30"), "slug": "x"}], "assets": [], "options": {"commitMessage": "x"}},
    }
    with running(repo, "en") as address:
        request = urllib.request.Request(address + "api/v1", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        answer = json.loads(refused.value.read())
        page = urllib.request.urlopen(address, timeout=30)
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert refused.value.code == 422 and "expected a date that exists" in answer["error"]
    assert answer["problems"][0]["field"] == "issued"
    log = subprocess.run(["git", "-C", str(repo), "log", "--oneline"], capture_output=True, text=True, check=True).stdout
    assert len(log.splitlines()) == 1
    assert subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True, check=True).stdout == ""


def test_a_hosted_git_service_replaces_the_local_backend_and_only_its_addresses_are_opened(repo):
    hosted = {"name": "github", "repo": "my-org/site", "branch": "main"}
    with running(repo, "en", backend=hosted) as address:
        config = json.loads(urllib.request.urlopen(address + "editor/config.json", timeout=30).read())
        csp = urllib.request.urlopen(address, timeout=30).headers["Content-Security-Policy"]
    assert config["backend"] == hosted and config["locale"] == "en"
    assert "connect-src 'self' https:" in csp and "script-src 'self' 'unsafe-eval';" in csp and "http:" not in csp


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    from portal.commands.publish import publish

    return publish(ROOT / "tests" / "fixtures" / "site" / "settings.py", tmp_path_factory.mktemp("plain") / "public", "http://127.0.0.1:8000/sub")


def test_the_editor_is_never_part_of_the_published_site(published):
    ours = {f.name for f in (Path(__file__).parent / "static").iterdir()} - {"index.html"} | {"decap-cms.js", "js-yaml.js"}
    assert [f for f in published.rglob("*") if f.name.removesuffix(".gz").removesuffix(".br") in ours] == []
    assert not any("decap" in f.read_text(encoding="utf-8", errors="replace").lower() for f in published.rglob("*.html"))


def test_a_setting_publishes_the_editor_and_leaves_every_other_file_as_it_was(published, tmp_path):
    from portal.commands.publish import publish

    hosted = {"name": "github", "repo": "my-org/site", "branch": "main"}
    with_editor = publish(ROOT / "tests" / "fixtures" / "site" / "settings.py", tmp_path / "public", "http://127.0.0.1:8000/sub", {"EDITOR_PUBLISH": {"backend": hosted, "path": "admin"}})
    files = {f.relative_to(with_editor).as_posix() for f in with_editor.rglob("*") if f.is_file()}
    plain = {f.relative_to(published).as_posix() for f in published.rglob("*") if f.is_file()}
    assert {f for f in files - plain if not f.startswith("admin/")} == set() and plain <= files
    assert [f for f in plain if (with_editor / f).read_bytes() != (published / f).read_bytes()] == []  # every other page's policy unchanged
    assert {"admin/index.html", "admin/editor/editor.js", "admin/decap/decap-cms.js", "admin/js-yaml/js-yaml.js", "admin/site/site.css", "admin/editor/config.json"} <= files
    config = json.loads((with_editor / "admin/editor/config.json").read_text(encoding="utf-8"))
    assert config["backend"] == hosted and config["portal_checks"] == "ci"
    page = (with_editor / "admin/index.html").read_text(encoding="utf-8")
    assert "script-src 'self' 'unsafe-eval'" in page and "connect-src 'self' https:" in page
