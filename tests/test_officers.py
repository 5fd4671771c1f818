"""The officers' workflow: `invoke new`, `invoke check`, `invoke status` and the content guide, all
from the schemas."""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Literal

import pytest
import yaml
from invoke import Context

from conftest import FIXTURE, ROOT, build_fixture, parse
from plugins.content_guide.content_guide import guide
from portal.commands.check import check_tree, run
from portal.commands.new import scaffold, write_scaffold
from portal.content.fields import fields_of, yaml_value
from portal.content.frontmatter import split_and_parse
from portal.content.problems import errors_only
from portal.content.schema import SCHEMAS, SECTIONS
from portal.content.schema.common import spec
from portal.content.schema.page import Page
from portal.content.translations import status_table, translation_status

BAD = ROOT / "tests" / "fixtures" / "bad" / "content"
REGISTRY = ROOT / "content" / "data" / "localities"
PRESET = {"type", "slug", "lang"}


def git(repo: Path, *args: str, date: str = "2026-01-01T10:00:00+07:00") -> None:
    """Run git in `repo` as a test author, at a fixed commit date, ignoring the machine's config."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    env |= {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def commit_all(repo: Path, message: str, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def shipped_copy(tmp_path) -> Path:
    """A private copy of the shipped content (its agencies are what the schema examples name)."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def placeholder_fields(kind: str) -> set[str]:
    """The fields `invoke new` leaves as TODO, named as `invoke check` names them."""
    out = {"body"}
    for field in fields_of(SCHEMAS[kind]):
        if field.model is None and field.name not in PRESET and field.default in (None, []):
            out.add(field.label.replace("[]", "[0]") + ("[0]" if field.is_list else ""))
    return out


def fill_with_examples(path: Path, kind: str) -> None:
    """Replace every TODO with the schema's example for its field, and the body with a sentence."""
    text = path.read_text(encoding="utf-8")
    front = split_and_parse(text)
    by_path = {f.path: f for f in fields_of(SCHEMAS[kind])}
    lines = text.split("\n")
    for loc, value in walk(front.data, ()):
        if value == "TODO":
            example = by_path[tuple(p for p in loc if isinstance(p, str))].example
            example = example[0] if isinstance(loc[-1], int) else example
            number = front.lines[loc] - 1
            lines[number] = lines[number].replace("TODO", yaml_value(example), 1)
    body = len(lines) - 1 - lines[::-1].index("TODO")
    lines[body] = "A paragraph written by the officer."
    path.write_text("\n".join(lines), encoding="utf-8")


def walk(value, loc):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk(item, (*loc, i))
    else:
        yield loc, value


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_new_fails_check_by_field_until_filled_then_passes(shipped_copy, kind):
    slug = f"moi-{kind}"
    paths = write_scaffold(shipped_copy, kind, slug)
    assert [p.relative_to(shipped_copy).as_posix() for p in paths] == [
        f"{SECTIONS[kind]}/{slug}.vi.md",
        f"{SECTIONS[kind]}/{slug}.en.md",
    ]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for field in fields_of(SCHEMAS[kind]):
            assert f"{field.name}:" in text and field.help(path.name[-5:-3]) in text, field.label

    problems = [p for p in check_tree(shipped_copy) if slug in p.path]
    for path in paths:
        mine = [p for p in problems if p.path.endswith(path.name)]
        assert {p.field for p in mine} == placeholder_fields(kind)
        assert all(
            "TODO" in p.message and "TODO" in p.message_vi and p.severity == "error" for p in mine
        )

    for path in paths:
        fill_with_examples(path, kind)
    left = [p for p in check_tree(shipped_copy) if slug in p.path]
    assert errors_only(left) == [], "\n".join(map(str, left))
    assert all(p.field == "verified" for p in left)  # the example date ages into a warning


def test_new_refuses_to_overwrite(tmp_path):
    first = write_scaffold(tmp_path, "plan", "ke-hoach-12-2026")
    first[1].write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_scaffold(tmp_path, "plan", "ke-hoach-12-2026")
    assert first[1].read_text(encoding="utf-8") == "mine"
    with pytest.raises(ValueError):
        write_scaffold(tmp_path, "plan", "Kế hoạch")


def test_the_comments_are_in_the_file_language():
    vi, en = scaffold("hotline", "x", "vi"), scaffold("hotline", "x", "en")
    assert (
        "# Ngày kiểm tra số gần nhất với nguồn (YYYY-MM-DD). (bắt buộc; ngày YYYY-MM-DD; "
        "giống nhau ở cả hai ngôn ngữ) Ví dụ: 2026-11-23" in vi
    )
    assert (
        "# Day the number was last checked against its source (YYYY-MM-DD). (required; "
        "date YYYY-MM-DD; same in both languages) Example: 2026-11-23" in en
    )
    assert "allowed: national, local" in en and "giá trị cho phép: national, local" in vi


class PageWithAudience(Page):
    audience: Literal["citizens", "officers"] = spec(
        en="Who the page is written for.", vi="Trang viết cho ai.", example="citizens"
    )


def test_a_schema_change_reaches_scaffolding_guide_and_validation(
    monkeypatch, content_copy, tmp_path
):
    monkeypatch.setitem(SCHEMAS, "page", PageWithAudience)
    assert "audience: TODO" in scaffold(
        "page", "x", "en"
    ) and "# Who the page is written for. (required; allowed: citizens, officers)" in scaffold(
        "page", "x", "en"
    )

    problems = errors_only(check_tree(content_copy, REGISTRY))
    assert {(p.path.rsplit("/", 1)[1], p.message) for p in problems} == {
        ("huong-dan-mau.vi.md", "the required field 'audience' is missing"),
        ("huong-dan-mau.en.md", "the required field 'audience' is missing"),
    }
    for lang in ("vi", "en"):
        page = content_copy / "guidance" / f"huong-dan-mau.{lang}.md"
        page.write_text(
            page.read_text(encoding="utf-8").replace("topic:", "audience: officers\ntopic:", 1),
            encoding="utf-8",
        )
    assert errors_only(check_tree(content_copy, REGISTRY)) == []

    site = build_fixture(tmp_path / "site", content_copy, LOCALITY_PROVINCES=["01"])
    for prefix, meaning in (("", "Trang viết cho ai."), ("en/", "Who the page is written for.")):
        field = parse(site / prefix / "content-guide" / "index.html").find(id="page-audience")
        assert field is not None and field.get_text() == "audience"
        facts = field.find_next_sibling("dl").get_text(" ", strip=True)
        assert meaning in facts and "citizens" in facts and "officers" in facts


def test_the_guide_lists_every_field_of_every_type_in_both_languages(fixture_site):
    for prefix, lang in (("", "vi"), ("en/", "en")):
        html = parse(fixture_site / prefix / "content-guide" / "index.html")
        assert html.html["lang"] == lang
        for kind, model in SCHEMAS.items():
            assert html.find(id=f"type-{kind}") is not None
            for field in fields_of(model):
                heading = html.find(id=f"{kind}-{field.label.replace('[]', '')}")
                assert heading is not None and heading.get_text() == field.label, (
                    lang,
                    kind,
                    field.label,
                )
                facts = heading.find_next_sibling("dl").get_text(" ", strip=True)
                assert field.help(lang) in facts
                assert all(str(choice) in facts for choice in field.choices)
    hotline = {f["label"]: f for t in guide("vi") if t["kind"] == "hotline" for f in t["fields"]}
    assert (
        hotline["verified"]["required"],
        hotline["label"]["required"],
        hotline["priority"]["default"],
    ) == (True, False, "50")


def test_the_guide_states_the_rules_every_file_is_checked_by(fixture_site):
    """The rules the checks enforce across files, said before the fields: where a phone number may
    appear, where links and images may point, facts carried over with their sources."""
    for prefix, heading, hotline in (
        ("", "Quy tắc cho mọi tệp", "phải là số của một đường dây nóng"),
        ("en/", "Rules for every file", "must be one of the hotlines' numbers"),
    ):
        html = parse(fixture_site / prefix / "content-guide" / "index.html")
        rules = html.find(id="rules")
        assert rules is not None and rules.get_text() == heading
        items = [li.get_text(" ", strip=True) for li in rules.find_next_sibling("ul")("li")]
        assert len(items) == 3 and "content/hotlines/" in items[0] and hotline in items[0]
        assert "../../hotlines/" in items[1] and "sources" in items[2]


# The bad corpus: one file per kind of problem, checked in one run. (file, text on the line, field,
# severity, English, Vietnamese)
EXPECTED = [
    (
        "guidance/chi-tieng-viet.vi.md",
        None,
        "",
        "error",
        "has no English translation",
        "chưa có bản tiếng Anh",
    ),
    (
        "guidance/cu-hon.en.md",
        None,
        "",
        "warning",
        "translation was last changed on 2026-01-01, before its Vietnamese source (2026-03-01)",
        "bản tiếng Anh được sửa lần cuối ngày 2026-01-01",
    ),
    (
        "guidance/hinh-khong-mo-ta.en.md",
        "](https://",
        "body",
        "error",
        "the address https://example.org/hinh.png of <img> is not allowed",
        "địa chỉ https://example.org/hinh.png của thẻ <img>",
    ),
    (
        "guidance/hinh-khong-mo-ta.vi.md",
        "![](",
        "body",
        "error",
        "the address https://example.org/hinh.png of <img> is not allowed",
        "không được phép",
    ),
    (
        "guidance/hinh-khong-mo-ta.vi.md",
        "![](",
        "body",
        "error",
        "has no alt text",
        "không có mô tả (alt)",
    ),
    (
        "guidance/khong-utf8.vi.md",
        b"title:",
        "title",
        "error",
        "the file is not UTF-8 (byte 0xf4)",
        "tệp không được lưu ở dạng UTF-8",
    ),
    (
        "guidance/lien-ket-hong.vi.md",
        "../../hotline/",
        "body",
        "error",
        "leads to no page of this site — did you mean ../../hotlines/?",
        "không dẫn tới trang nào của trang web",
    ),
    (
        "guidance/lien-ket-tuyet-doi.en.md",
        "(/hotlines/)",
        "body",
        "error",
        "breaks when the site is published under a sub-path — write ../../hotlines/",
        "sẽ hỏng khi trang web được đăng dưới một thư mục con",
    ),
    (
        "guidance/ma-script.vi.md",
        "<script>",
        "body",
        "error",
        "the element <script> is not allowed in a page",
        "thẻ <script> không được dùng trong trang",
    ),
    (
        "guidance/ma-su-kien.en.md",
        "onclick",
        "body",
        "error",
        "the attribute onclick of <a> is not allowed in a page",
        "thuộc tính onclick của thẻ <a> không được dùng",
    ),
    (
        "guidance/nguon-khong-dia-chi.vi.md",
        "- title:",
        "sources[0].url",
        "warning",
        "no public address and no note",
        "không có địa chỉ công khai",
    ),
    ("guidance/to-hop.vi.md", "title:", "title", "error", "decomposed Unicode", "Unicode tổ hợp"),
    (
        "guidance/trung.en.md",
        "slug:",
        "slug",
        "error",
        "'trung' is already used by content/agencies/trung.en.md",
        "đã được dùng ở",
    ),
    (
        "guidance/trung.vi.md",
        "slug:",
        "slug",
        "error",
        "'trung' is already used by content/agencies/trung.vi.md",
        "đã được dùng ở",
    ),
    (
        "hotlines/kiem-tra-cu.en.md",
        "verified:",
        "verified",
        "warning",
        "last verified on 2025-01-02, more than 180 days ago",
        "đã hơn 180 ngày",
    ),
    (
        "hotlines/kiem-tra-cu.vi.md",
        "verified:",
        "verified",
        "warning",
        "last verified on 2025-01-02, more than 180 days ago",
        "đã hơn 180 ngày",
    ),
    (
        "plans/ke-hoach-loi.en.md",
        "issued:",
        "issued",
        "error",
        'expected a date that exists, written YYYY-MM-DD, got "2017-02-30"',
        "cần một ngày có thật",
    ),
    (
        "plans/ke-hoach-loi.en.md",
        "value:",
        "targets[0].value",
        "error",
        'expected a valid number, got "95%" — write the number only, e.g. 95',
        "cần một con số",
    ),
]


def line_in(path: Path, needle) -> int:
    if needle is None:
        return 1
    data = path.read_bytes() if isinstance(needle, bytes) else path.read_text(encoding="utf-8")
    return next(
        i
        for i, line in enumerate(data.split(b"\n" if isinstance(needle, bytes) else "\n"), start=1)
        if needle in line
    )


@pytest.fixture
def bad_repo(tmp_path) -> Path:
    """The bad corpus and the registry in a Git repository; the Vietnamese side of `cu-hon` changed
    later."""
    content = tmp_path / "content"
    shutil.copytree(BAD, content)
    shutil.copytree(REGISTRY, content / "data" / "localities")
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "the corpus", "2026-01-01T09:00:00+07:00")
    source = content / "guidance" / "cu-hon.vi.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
    commit_all(tmp_path, "only the Vietnamese changes", "2026-03-01T09:00:00+07:00")
    return content


def test_every_kind_of_problem_in_one_run_with_file_line_and_field(bad_repo):
    problems = check_tree(bad_repo)
    expected = [
        (f"content/{name}", line_in(bad_repo / name, needle), field, severity)
        for name, needle, field, severity, *_ in EXPECTED
    ]
    assert [(p.path, p.line, p.field, p.severity) for p in problems] == expected, "\n".join(
        map(str, problems)
    )
    for found, (_, _, _, _, english, vietnamese) in zip(problems, EXPECTED, strict=True):
        assert english in found.text("en"), found.text("en")
        assert vietnamese in found.text("vi"), found.text("vi")
        assert found.fix and found.fix_vi and found.fix != found.fix_vi, found
    assert problems == sorted(problems)


def test_invoke_check_exits_non_zero_through_the_pre_commit_hook(bad_repo):
    hook = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"][0]
    assert (
        hook["language"] == "system"
        and hook["pass_filenames"] is False
        and hook["files"] == "^content/"
    )
    command = [*shlex.split(hook["entry"]), "--content", str(bad_repo), "--lang", "en"]
    assert command[:2] == [".venv/bin/invoke", "check"]
    result = subprocess.run(
        [str(ROOT / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:-1] == [p.text("en") for p in check_tree(bad_repo)]
    assert lines[-1] == "14 error(s), 4 warning(s)."


def test_warnings_fail_only_when_strict(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BAD / "hotlines", content / "hotlines")
    shutil.copytree(REGISTRY, content / "data" / "localities")
    out = io.StringIO()
    assert run(content, "vi", out=out) == 0
    assert out.getvalue().splitlines()[-1] == "0 lỗi, 2 cảnh báo."
    assert run(content, "en", strict=True, out=io.StringIO()) == 1


def test_fix_rewrites_decomposed_unicode_as_nfc(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(
        BAD / "guidance",
        content / "guidance",
        ignore=lambda folder, names: [n for n in names if not n.startswith("to-hop.")],
    )
    shutil.copytree(REGISTRY, content / "data" / "localities")
    page = content / "guidance" / "to-hop.vi.md"
    before = page.read_text(encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", before)
    assert run(content, "en", out=io.StringIO()) == 1
    out = io.StringIO()
    assert run(content, "en", fix=True, out=out) == 0
    assert out.getvalue().splitlines() == [
        "converted content/guidance/to-hop.vi.md to NFC",
        "0 error(s), 0 warning(s).",
    ]
    assert page.read_text(encoding="utf-8") == unicodedata.normalize("NFC", before)


def test_links_resolve_to_content_lists_localities_and_files(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "content", content)
    page = content / "guidance" / "huong-dan-mau.en.md"
    links = [
        "../../hotlines/",  # en/hotlines/
        "../../../plans/ke-hoach-mau/",  # the Vietnamese plan
        "../../localities/ha-noi/cau-giay/",
        "../../localities/ha-noi/feed.atom",
        "../../content-guide/#page-topic",
        "{filename}../plans/ke-hoach-mau.en.md",
        "https://example.org/x",
        "tel:111",
        "#top",
    ]
    page.write_text(
        page.read_text(encoding="utf-8")
        + "".join(f"\n[link {i}]({href})\n" for i, href in enumerate(links)),
        encoding="utf-8",
    )
    assert errors_only(check_tree(content, REGISTRY)) == []
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n[x](../../localities/ha-noi/nowhere/) [y]({filename}nothing.en.md) `[z](/in/code/)`\n",
        encoding="utf-8",
    )
    assert [p.message for p in errors_only(check_tree(content, REGISTRY))] == [
        "the link ../../localities/ha-noi/nowhere/ leads to no page of this site",
        "the link {filename}nothing.en.md names no content file",
    ]


def test_status_reports_stale_and_missing_translations(tmp_path, capsys):
    content = tmp_path / "content"
    for name in (
        "guidance/huong-dan-mau.vi.md",
        "guidance/huong-dan-mau.en.md",
        "hotlines/111.vi.md",
        "hotlines/111.en.md",
        "plans/ke-hoach-mau.vi.md",
    ):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURE / "content" / name, content / name)
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "both languages", "2026-02-01T08:00:00+07:00")
    source = content / "guidance" / "huong-dan-mau.vi.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    # the same second: order decides
    commit_all(tmp_path, "only Vietnamese", "2026-02-01T08:00:00+07:00")
    # not committed
    shutil.copy(
        FIXTURE / "content" / "plans" / "ke-hoach-mau.en.md",
        content / "plans" / "ke-hoach-mau.en.md",
    )

    table = status_table(translation_status(content)).splitlines()
    assert table == [
        "TYPE     SLUG           VI          EN             STATE",
        "page     huong-dan-mau  2026-02-01  2026-02-01     en stale",
        "hotline  111            2026-02-01  2026-02-01     ok",
        "plan     ke-hoach-mau   2026-02-01  not committed  ok",
    ]
    (content / "plans" / "ke-hoach-mau.en.md").unlink()

    from tasks import status

    status(Context(), json=True, content=str(content))
    rows = {row["slug"]: row for row in yaml.safe_load(capsys.readouterr().out)}
    assert rows["huong-dan-mau"]["stale"] == ["en"] and rows["huong-dan-mau"]["missing"] == []
    assert (
        rows["ke-hoach-mau"]["missing"] == ["en"]
        and rows["ke-hoach-mau"]["languages"]["en"] is None
    )
    assert rows["111"]["languages"]["vi"]["last_change"] == "2026-02-01T08:00:00+07:00"
    assert [
        p.path for p in check_tree(content, REGISTRY) if p.severity == "warning" and p.field == ""
    ] == ["content/guidance/huong-dan-mau.en.md"]


def test_outside_git_nothing_is_stale(content_copy):
    assert all(
        not item.stale and all(change is None for change in item.changes.values())
        for item in translation_status(content_copy)
    )


def test_the_example_workflow_checks_and_publishes_on_every_push():
    workflow = yaml.safe_load((ROOT / "docs" / "ci-example" / "github-workflow.yml").read_text())
    assert {"push", "pull_request"} <= set(workflow[True])  # YAML 1.1 reads the key `on` as true
    steps = workflow["jobs"]["check-and-publish"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    commands = [step.get("run", "") for step in steps]
    assert (
        any(c.startswith(".venv/bin/invoke check") for c in commands)
        and ".venv/bin/invoke publish" in commands
    )
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")
