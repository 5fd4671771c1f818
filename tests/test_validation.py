"""Bad content stops the build with a message naming file, line and field; output stays as it
was."""

from __future__ import annotations

import datetime
import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURE, ROOT, build_fixture, parse
from portal.commands.check import check_tree, read_tree, run
from portal.content.body import check_body, render_body
from portal.content.checks import check_documents
from portal.content.frontmatter import split_and_parse
from portal.content.localities import load_registry
from portal.content.problems import ContentError, Problem
from portal.content.sanitise import tokens

PLAN_EN = Path("plans/ke-hoach-mau.en.md")


def edit(content: Path, name: Path, old: str, new: str) -> None:
    path = content / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(content: Path, name: Path, needle: str) -> int:
    lines = (content / name).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@pytest.fixture
def previous_output(tmp_path) -> Path:
    output = tmp_path / "output"
    build_fixture(output)
    (output / "marker.txt").write_text("previous build")
    return output


def failing_build(content: Path, output: Path) -> str:
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    with pytest.raises(ContentError) as info:
        build_fixture(output, content)
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before, (
        "the previous output changed"
    )
    assert (output / "marker.txt").read_text() == "previous build"
    return str(info.value)


def test_wrong_date_names_file_line_field_and_fix(content_copy, previous_output):
    edit(content_copy, PLAN_EN, "issued: 2017-02-08", "issued: 8/2/2017")
    report = failing_build(content_copy, previous_output)
    line = line_of(content_copy, PLAN_EN, "issued:")
    assert f"content/plans/ke-hoach-mau.en.md:{line}: field 'issued': " in report
    assert 'got "8/2/2017" — write the date as YYYY-MM-DD' in report


def test_a_date_that_does_not_exist_is_an_error(content_copy, previous_output):
    edit(content_copy, PLAN_EN, "date: 2025-06-17", "date: 2025-02-30")
    report = failing_build(content_copy, previous_output)
    line = line_of(content_copy, PLAN_EN, "date: 2025-02-30")
    assert f"ke-hoach-mau.en.md:{line}: field 'deadlines[0].date'" in report


def test_a_value_with_a_percent_sign_names_the_nested_field(content_copy, previous_output):
    edit(content_copy, PLAN_EN, "value: 95", 'value: "95%"')
    report = failing_build(content_copy, previous_output)
    line = line_of(content_copy, PLAN_EN, 'value: "95%"')
    assert f"ke-hoach-mau.en.md:{line}: field 'targets[1].value'" in report
    assert "write the number only, e.g. 95" in report


def test_malformed_yaml_names_the_line(content_copy, previous_output):
    edit(content_copy, PLAN_EN, "signer: Lê Hồng Sơn", "signer: [Lê Hồng Sơn")
    report = failing_build(content_copy, previous_output)
    assert "ke-hoach-mau.en.md:" in report and "the YAML metadata cannot be read" in report


def test_missing_translation(content_copy, previous_output):
    (content_copy / PLAN_EN).unlink()
    report = failing_build(content_copy, previous_output)
    assert "content/plans/ke-hoach-mau.vi.md:1: has no English translation" in report
    assert "create content/plans/ke-hoach-mau.en.md" in report


def test_facts_must_match_between_languages(content_copy, previous_output):
    edit(content_copy, PLAN_EN, "value: 75", "value: 70")
    report = failing_build(content_copy, previous_output)
    line = line_of(content_copy, PLAN_EN, "value: 70")
    assert (
        f"ke-hoach-mau.en.md:{line}: field 'targets[0].value': the value differs from the "
        "Vietnamese file" in report
    )
    assert "vi has 75.0, en has 70.0" in report


def test_agency_references_must_match_between_languages(content_copy, previous_output):
    edit(
        content_copy,
        PLAN_EN,
        "  - agencies: [ubnd-mau, cong-an-mau]",
        "  - agencies: [cong-an-mau, ubnd-mau]",
    )
    report = failing_build(content_copy, previous_output)
    assert "field 'duties[1].agencies'" in report


def test_unknown_agency_suggests_the_nearest(content_copy, previous_output):
    edit(content_copy, PLAN_EN, "  - agencies: [cong-an-mau]\n", "  - agencies: [cong-an-mua]\n")
    edit(
        content_copy,
        Path("plans/ke-hoach-mau.vi.md"),
        "  - agencies: [cong-an-mau]\n",
        "  - agencies: [cong-an-mua]\n",
    )
    report = failing_build(content_copy, previous_output)
    line = line_of(content_copy, PLAN_EN, "cong-an-mua")
    assert (
        f"ke-hoach-mau.en.md:{line}: field 'duties[0].agencies[0]': unknown agency "
        "'cong-an-mua' — did you mean cong-an-mau?" in report
    )


def test_duplicate_slug(content_copy, previous_output):
    for lang in ("vi", "en"):
        source = content_copy / f"guidance/huong-dan-mau.{lang}.md"
        copy = content_copy / f"hotlines/huong-dan-mau.{lang}.md"
        copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    report = failing_build(content_copy, previous_output)
    assert "field 'slug': 'huong-dan-mau' is already used by" in report
    assert "a page must live in content/guidance/" in report


def test_unknown_locality(content_copy, previous_output):
    for lang in ("vi", "en"):
        edit(
            content_copy,
            Path(f"plans/ke-hoach-mau.{lang}.md"),
            'localities: ["01"]',
            'localities: ["99"]',
        )
    report = failing_build(content_copy, previous_output)
    assert "field 'localities[0]': unknown locality code '99'" in report


def test_unknown_field_suggests_the_right_name(content_copy, previous_output):
    edit(content_copy, PLAN_EN, "signer:", "signed:")
    report = failing_build(content_copy, previous_output)
    assert "field 'signed': is not a field of this content type — did you mean 'signer'?" in report


def test_file_that_is_not_utf8(content_copy, previous_output):
    path = content_copy / PLAN_EN
    path.write_bytes(path.read_bytes().replace("Lê".encode(), "Lê".encode("cp1258")))
    report = failing_build(content_copy, previous_output)
    assert "ke-hoach-mau.en.md:" in report and "the file is not UTF-8" in report


def test_decomposed_unicode(content_copy, previous_output):
    edit(
        content_copy,
        Path("plans/ke-hoach-mau.vi.md"),
        "title: Kế hoạch",
        "title: Ke\u0302\u0301 hoạch",
    )
    report = failing_build(content_copy, previous_output)
    assert "ke-hoach-mau.vi.md:3: field 'title': the text uses decomposed Unicode" in report


def test_every_problem_is_reported_in_one_run(content_copy, previous_output):
    edit(content_copy, PLAN_EN, "issued: 2017-02-08", "issued: 2017-13-01")
    edit(content_copy, Path("guidance/huong-dan-mau.en.md"), "topic: recognise", "topic: recognize")
    report = failing_build(content_copy, previous_output)
    assert "field 'issued'" in report and "field 'topic'" in report
    assert report.strip().endswith("error(s) in the content: nothing was published.")


def test_invoke_build_exits_non_zero_and_keeps_output(content_copy, tmp_path):
    edit(content_copy, PLAN_EN, "issued: 2017-02-08", "issued: 8/2/2017")
    settings = tmp_path / "broken.py"
    settings.write_text(
        "from portal.settings import "
        f"inherit\nglobals().update(inherit({str(FIXTURE / 'settings.py')!r}))\nPATH = "
        f"{str(content_copy)!r}\n"
    )
    output = tmp_path / "out"
    output.mkdir()
    (output / "index.html").write_text("previous")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "build",
            "--settings",
            str(settings),
            "--output",
            str(output),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ke-hoach-mau.en.md:" in result.stderr and "field 'issued'" in result.stderr
    assert (output / "index.html").read_text() == "previous"


def test_unknown_locality_written_as_a_name_suggests_the_nearest_units(
    content_copy, previous_output
):
    for lang in ("vi", "en"):
        edit(
            content_copy,
            Path(f"plans/ke-hoach-mau.{lang}.md"),
            'localities: ["01"]',
            "localities: [ha-noi]",
        )
    report = failing_build(content_copy, previous_output)
    assert "field 'localities[0]': unknown locality code 'ha-noi' — nearest: 01 Hà Nội" in report


def test_a_hotline_verified_long_ago_gives_a_warning_not_an_error(content_copy):
    registry = load_registry(ROOT / "content" / "data" / "localities")
    problems = check_documents(read_tree(content_copy), registry, today=datetime.date(2027, 8, 1))
    assert [(p.severity, p.field) for p in problems] == [
        ("warning", "verified"),
        ("warning", "verified"),
    ]
    assert "more than 180 days ago" in problems[0].message
    assert check_documents(read_tree(content_copy), registry, today=datetime.date(2027, 1, 1)) == []


# Hostile or careless input: every case is an error on the right file, the same from `invoke check`
# and the build.

REGISTRY = ROOT / "content" / "data" / "localities"
GUIDE_VI = Path("guidance/huong-dan-mau.vi.md")
HOTLINE_VI, HOTLINE_EN = Path("hotlines/111.vi.md"), Path("hotlines/111.en.md")


def checked(content: Path) -> list[str]:
    """The errors of `invoke check`, in English."""
    return [p.text("en") for p in check_tree(content, REGISTRY) if p.severity == "error"]


def refused(content: Path, tmp_path: Path, **overrides) -> list[str]:
    """The errors `invoke check` gives, after asserting the build gives the same ones and publishes
    nothing."""
    errors = (
        checked(content)
        if not overrides
        else [p.text("en") for p in check_tree(content) if p.severity == "error"]
    )
    assert errors, "the content was accepted"
    output = tmp_path / "kept"
    output.mkdir(exist_ok=True)
    (output / "marker.txt").write_text("previous build")
    with pytest.raises(ContentError) as info:
        build_fixture(output, content, **overrides)
    assert [p.text("en") for p in info.value.problems if p.severity == "error"] == errors
    assert [p.name for p in output.iterdir()] == ["marker.txt"]
    return errors


def put_in_metadata(content: Path, name: Path, text: str) -> None:
    path = content / name
    path.write_text(
        path.read_text(encoding="utf-8").replace("---\n", "---\n" + text, 1), encoding="utf-8"
    )


BILLION_LAUGHS = "".join(
    f"{a}: &{a} [{', '.join([f'*{b}'] * 9)}]\n" for b, a in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_a_billion_laughs_is_refused_at_once(content_copy, tmp_path):
    put_in_metadata(
        content_copy,
        GUIDE_VI,
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + BILLION_LAUGHS,
    )
    assert len((content_copy / GUIDE_VI).read_bytes()) < 2048
    started = time.process_time()  # CPU, not wall time: a loaded machine does not fail it
    errors = checked(content_copy)
    assert time.process_time() - started < 1  # expanded, the aliases would take minutes
    assert errors == [
        "content/guidance/huong-dan-mau.vi.md:2: field 'a': the metadata uses a YAML "
        "anchor (&) or alias (*) — write each value out in full: content files do not use "
        "anchors or aliases"
    ]
    refused(content_copy, tmp_path)


def test_an_alias_is_refused_at_its_line(content_copy):
    put_in_metadata(content_copy, GUIDE_VI, "x: &name one\n")
    edit(content_copy, GUIDE_VI, "summary:", "summary: *name\nsummary_was:")
    assert [e.split(": field")[0] for e in checked(content_copy)] == [
        "content/guidance/huong-dan-mau.vi.md:2"
    ]


def test_deep_nesting_is_an_error_on_its_own_file(content_copy, tmp_path):
    put_in_metadata(content_copy, GUIDE_VI, "x: " + "[" * 5000 + "]" * 5000 + "\n")
    errors = refused(content_copy, tmp_path)
    assert errors == [
        "content/guidance/huong-dan-mau.vi.md:2: field 'x': the metadata is nested more "
        "than 12 levels deep — no field of any content type is nested this deep: check the "
        "indentation and brackets"
    ]


def test_a_duplicate_key_is_an_error_on_its_own_file(content_copy, tmp_path):
    edit(content_copy, PLAN_EN, "status: ended\n", "status: ended\nstatus: active\n")
    line = line_of(content_copy, PLAN_EN, "status: active")
    assert refused(content_copy, tmp_path) == [
        f"content/plans/ke-hoach-mau.en.md:{line}: field 'status': the field 'status' is "
        "written twice — keep one of them"
    ]


def test_a_file_too_large_is_refused_unread(content_copy):
    path = content_copy / GUIDE_VI
    path.write_text(path.read_text(encoding="utf-8") + "Một câu dài.\n" * 100_000, encoding="utf-8")
    size = path.stat().st_size // 1024
    assert checked(content_copy) == [
        f"content/guidance/huong-dan-mau.vi.md:1: the file is {size} KB, more than the 256 "
        "KB a content file may hold — split the text into several pages, or shorten it"
    ]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\t"])
def test_a_control_character_in_the_metadata_is_refused(content_copy, char):
    edit(content_copy, PLAN_EN, "title: Sample plan", f"title: Sample{char}plan")
    line = line_of(content_copy, PLAN_EN, "title:")
    assert checked(content_copy) == [
        f"content/plans/ke-hoach-mau.en.md:{line}: field 'title': the text holds the "
        f"invisible control character U+{ord(char):04X} — delete it (retype the line if "
        "your editor does not show it)"
    ]


def test_a_control_character_in_the_body_is_refused_but_a_tab_is_not(content_copy, tmp_path):
    path = content_copy / GUIDE_VI
    path.write_text(path.read_text(encoding="utf-8") + "\nMột\tcột.\n", encoding="utf-8")
    assert checked(content_copy) == []
    path.write_text(path.read_text(encoding="utf-8") + "\nMột\x0bdòng.\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").split("\n")) - 1
    assert refused(content_copy, tmp_path) == [
        f"content/guidance/huong-dan-mau.vi.md:{line}: field 'body': the text holds the "
        "invisible control character U+000B — delete it (retype the line if your editor "
        "does not show it)"
    ]


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200f", "\u200b", "\u00ad", "\ufeff"])
def test_an_invisible_character_that_changes_what_the_text_shows_is_refused(
    content_copy, tmp_path, char
):
    """A right-to-left override shows "111" reversed and an address backwards; a zero-width space
    or a soft hyphen hides a phone number from the numbers' check. A joiner inside an emoji
    sequence is not one of them."""
    path = content_copy / GUIDE_VI
    path.write_text(path.read_text(encoding="utf-8") + "\nGọi 👩\u200d👧.\n", encoding="utf-8")
    assert checked(content_copy) == []
    path.write_text(path.read_text(encoding="utf-8") + f"\nGọi 0912{char}345678.\n", "utf-8")
    line = len(path.read_text(encoding="utf-8").split("\n")) - 1
    assert refused(content_copy, tmp_path) == [
        f"content/guidance/huong-dan-mau.vi.md:{line}: field 'body': the text holds the "
        f"invisible control character U+{ord(char):04X} — delete it (retype the line if your "
        "editor does not show it)"
    ]


def test_a_byte_order_mark_and_windows_line_endings_are_accepted(content_copy):
    for name in (GUIDE_VI, PLAN_EN):
        path = content_copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert checked(content_copy) == []
    edit(content_copy, PLAN_EN, "issued: 2017-02-08", "issued: 8/2/2017")
    assert [e.split(": field")[0] for e in checked(content_copy)] == [
        f"content/plans/ke-hoach-mau.en.md:{line_of(content_copy, PLAN_EN, 'issued:')}"
    ]


XSS_VECTORS = [
    v.strip("\n")
    for v in (ROOT / "tests" / "fixtures" / "xss" / "vectors.md")
    .read_text(encoding="utf-8")
    .split("\n%%\n")[1:]
]


def body_errors(body: str) -> list[Problem]:
    front = split_and_parse("---\ntype: page\n---\nIntro.\n\n" + body + "\n\nEnd.\n")
    return [
        p for p in check_body("x.vi.md", front, render_body(front.body)) if p.severity == "error"
    ]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_no_known_xss_vector_reaches_a_page(vector):
    """Refused, or Markdown turned it into plain text (the page then holds no markup but the
    paragraphs)."""
    if body_errors(vector):
        return
    html = render_body(vector)
    assert {t[1] for t in tokens(html) if t[0] != "text"} <= {"p", "/p"}, html


def test_the_xss_corpus_is_large_and_mostly_refused_outright():
    refused_outright = sum(bool(body_errors(v)) for v in XSS_VECTORS)
    assert len(XSS_VECTORS) >= 100 and refused_outright >= len(XSS_VECTORS) - 5


TRICKS = [  # (the body, the text on the line blamed, the start of the message)
    (
        '<meta http-equiv="refresh" content="0;url=https://example.com/">',
        "<meta",
        "the element <meta> is not allowed",
    ),
    (
        '<iframe src="https://example.com/"></iframe>',
        "<iframe",
        "the element <iframe> is not allowed",
    ),
    ('<p style="color: red">Styled</p>', "style=", "the attribute style of <p> is not allowed"),
    ("<style>body { display: none }</style>", "<style>", "the element <style> is not allowed"),
    (
        '<img src="https://example.com/pixel.gif" alt="a pixel">',
        "pixel.gif",
        "the address https://example.com/pixel.gif of <img> is not allowed",
    ),
    (
        '<link rel="stylesheet" href="https://example.com/x.css">',
        "<link",
        "the element <link> is not allowed",
    ),
    (
        "See [the form][form].\n\n[form]: javascript:alert(1)",
        "[form]: javascript",
        "the address javascript:alert(1) of <a> is not allowed",
    ),
    (
        '<img src="x.png" alt="x"\nonerror="alert(1)">',
        "onerror=",
        "the attribute onerror of <img> is not allowed",
    ),
    (
        'Look: `code` <img src="x.png" alt="`" onerror="alert(1)">',
        "onerror=",
        "the attribute onerror of <img> is not allowed",
    ),
    (
        "   ```\n   shown as code\n   ```\n<script>alert(1)</script>",
        "<script>",
        "the element <script> is not allowed",
    ),
    ("Text\n\n<!-- a note -->", "<!--", "an HTML comment is not allowed"),
]


@pytest.mark.parametrize(("body", "needle", "message"), TRICKS)
def test_each_trick_of_the_issue_is_refused_at_its_line(content_copy, body, needle, message):
    path = content_copy / GUIDE_VI
    path.write_text(path.read_text(encoding="utf-8") + "\n" + body + "\n", encoding="utf-8")
    line = line_of(content_copy, GUIDE_VI, needle)
    assert [e for e in checked(content_copy) if "leads to no page" not in e] == [
        f"content/guidance/huong-dan-mau.vi.md:{line}: field 'body': {message}"
        + (
            " in a page"
            if "address" not in message
            else ": links may use http, https, mailto, tel or a relative address, images only a "
            "relative one"
        )
        + " — remove it, or show it as code between backticks or in an indented block: pages "
        "carry no code, styles, frames or outside images of their own"
    ]


def test_the_sanitiser_blocks_the_build_too(content_copy, tmp_path):
    path = content_copy / GUIDE_VI
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n<meta http-equiv="refresh" content="0;url=https://example.com/">\n',
        encoding="utf-8",
    )
    assert "the element <meta> is not allowed" in refused(content_copy, tmp_path)[0]


@pytest.mark.parametrize(
    "code",
    [
        '    <script>alert(1)</script>\n    <p onclick="x()">',
        "```html\n<script>alert(1)</script>\n```",
        "Write `<iframe>` to embed: we do not.",
    ],
)
def test_code_that_shows_markup_is_allowed(content_copy, code):
    path = content_copy / GUIDE_VI
    path.write_text(
        path.read_text(encoding="utf-8") + "\nAn example:\n\n" + code + "\n", encoding="utf-8"
    )
    assert checked(content_copy) == []


def test_markdown_itself_passes_the_allowlist():
    body = (
        "# T\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\nA note[^1] and *em* **strong** `code`.\n\n> "
        "quote\n\n1. one\n2. two\n\nTerm\n:   "
        "definition\n\n---\n\n[mail](mailto:a@example.org) [call](tel:111) "
        "[web](https://example.org/) [up](../../hotlines/)\n\n![a map](map.png)\n\n[^1]: The "
        "note.\n"
    )
    assert body_errors(body) == []


def test_a_deeply_nested_markdown_list_is_an_error_not_a_crash(content_copy, tmp_path):
    path = content_copy / GUIDE_VI
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n"
        + "".join("\t" * i + "- item\n" for i in range(600)),
        encoding="utf-8",
    )
    started = time.monotonic()
    errors = refused(content_copy, tmp_path)
    assert time.monotonic() - started < 30
    line = line_of(content_copy, GUIDE_VI, "\t" * 11 + "- item")
    assert errors == [
        f"content/guidance/huong-dan-mau.vi.md:{line}: field 'body': the text is nested "
        "more than 10 levels deep (lists or quotes) — use fewer levels: split the list, "
        "or use headings"
    ]


def test_a_body_over_the_page_budget_is_a_warning_naming_the_file(content_copy):
    path = content_copy / GUIDE_VI
    paragraphs = "\n\n".join(
        " ".join(f"từ{i}" for i in range(start, start + 100)) for start in range(0, 15_000, 100)
    )
    path.write_text(path.read_text(encoding="utf-8") + "\n" + paragraphs + "\n", encoding="utf-8")
    shutil.copytree(REGISTRY, content_copy / "data" / "localities")
    problems = check_tree(content_copy)
    assert [(p.path, p.field, p.severity) for p in problems] == [
        ("content/guidance/huong-dan-mau.vi.md", "body", "warning")
    ]
    assert "so the page would exceed the 14 KB budget of a first visit" in problems[0].message
    assert (
        run(content_copy, "en", out=io.StringIO()) == 0
        and run(content_copy, "en", strict=True, out=io.StringIO()) == 1
    )


def both_hotline_files(content: Path, old: str, new: str) -> None:
    for name in (HOTLINE_VI, HOTLINE_EN):
        edit(content, name, old, new)


NOT_111 = "the phone number 111 is not one of the site's hotlines"


def but_the_pages_that_say_call_111(errors: list[str]) -> list[str]:
    """The errors other than those of the texts that say to call 111, which the fixture's one
    hotline no longer dials once a test changes its number: that it does is the numbers' check
    at work (`test_a_phone_number_in_a_page_must_be_a_hotlines`)."""
    assert any(NOT_111 in e for e in errors), "the pages that say to call 111 were not checked"
    return [e for e in errors if NOT_111 not in e]


def test_a_hotline_number_that_does_not_exist_is_refused(content_copy, tmp_path):
    both_hotline_files(content_copy, 'number: "111"', 'number: "1119"')
    errors = but_the_pages_that_say_call_111(refused(content_copy, tmp_path))
    line = line_of(content_copy, HOTLINE_VI, "number:")
    assert errors[1] == (
        f"content/hotlines/111.vi.md:{line}: field 'number': the number 1119 is not in "
        "service in Viet Nam: libphonenumber does not know it and it is not a declared "
        "short number"
        " — copy the number again from its source; a short number in service that the "
        "library does not list goes in content/data/short_numbers.yaml with its source"
    )
    assert len(errors) == 2


@pytest.mark.parametrize(
    ("field", "old", "new", "message"),
    [
        (
            "display",
            'display: "111"',
            'display: "113"',
            "'113' does not read as the number 111 — write the same digits, grouped with "
            "spaces, e.g. 111",
        ),
        (
            "tel",
            'tel: "tel:111"',
            'tel: "tel:113"',
            "tel:113 does not dial the number 111 — write tel: tel:111",
        ),
    ],
)
def test_display_and_tel_must_dial_the_number(content_copy, field, old, new, message):
    both_hotline_files(content_copy, old, new)
    line = line_of(content_copy, HOTLINE_EN, f"{field}:")
    assert f"content/hotlines/111.en.md:{line}: field '{field}': {message}" in checked(content_copy)


def test_a_long_number_is_checked_by_libphonenumber(content_copy):
    both_hotline_files(content_copy, 'number: "111"', 'number: "84981848484"')
    both_hotline_files(content_copy, 'display: "111"', 'display: "+84 981 84 84 84"')
    both_hotline_files(content_copy, 'tel: "tel:111"', 'tel: "tel:+84981848484"')
    assert but_the_pages_that_say_call_111(checked(content_copy)) == []
    both_hotline_files(content_copy, 'number: "84981848484"', 'number: "8498184848"')
    errors = but_the_pages_that_say_call_111(checked(content_copy))
    assert [e.split(": ", 2)[1] for e in errors] == [
        "field 'number'",
        "field 'number'",
    ]


GUIDE_EN = Path("guidance/huong-dan-mau.en.md")


def test_a_phone_number_in_a_page_must_be_a_hotlines(content_copy, tmp_path):
    """A number typed into a page has no source and no verification date: the build refuses it,
    by line and field, in the body (tel: links too) and in the metadata's text."""
    edit(
        content_copy,
        GUIDE_EN,
        "Text.",
        "Call 0912 345 678, [the police](tel:115) or dial **1111**.",
    )
    edit(content_copy, GUIDE_EN, "  - First point.", "  - Or call (024) 3826 4545.")
    body = line_of(content_copy, GUIDE_EN, "Call 0912")
    point = line_of(content_copy, GUIDE_EN, "(024)")
    where = "content/guidance/huong-dan-mau.en.md"
    errors = refused(content_copy, tmp_path)
    assert errors[0] == (
        f"{where}:{point}: field 'key_points[0]': the phone number (024) 3826 4545 is not one of "
        "the site's hotlines: a number is shown only as a hotline, with its source and the day "
        "it was verified — check the number against its source and add it as a hotline (invoke "
        "new hotline --slug …) with that source and the day you verified it, or remove it"
    )
    assert [e.split(" is not one")[0] for e in errors[1:]] == [
        f"{where}:{body}: field 'body': the phone number 0912 345 678",
        f"{where}:{body}: field 'body': the phone number 1111",
        f"{where}:{body}: field 'body': the phone number 115",
    ]


def test_a_hotlines_number_may_be_written_in_any_page_in_any_form(content_copy):
    both_hotline_files(content_copy, 'number: "111"', 'number: "84981848484"')
    both_hotline_files(content_copy, 'display: "111"', 'display: "+84 981 84 84 84"')
    both_hotline_files(content_copy, 'tel: "tel:111"', 'tel: "tel:+84981848484"')
    edit(
        content_copy,
        GUIDE_EN,
        "Text.",
        "Call 0981.84.84.84 ([call](tel:+84981848484)). Fines of 50.000.000 đồng from "
        "01.07.2025, 2021 - 2025, Law 53/2024/QH15, Article 115.",
    )
    assert but_the_pages_that_say_call_111(checked(content_copy)) == []
    edit(content_copy, GUIDE_EN, "0981.84.84.84", "0981.84.84.85")
    errors = but_the_pages_that_say_call_111(checked(content_copy))
    assert [e.split(": ", 2)[1] for e in errors] == ["field 'body'"]


def drop_sources(content: Path, name: Path, keep: str = "") -> None:
    """Replace the file's `sources:` block (the last field of the metadata) with `keep`."""
    path = content / name
    text = path.read_text(encoding="utf-8")
    start = text.index("\nsources:")
    path.write_text(text[:start] + keep + text[text.index("\n---", start) :], encoding="utf-8")


def test_every_item_but_an_agency_lists_a_source_and_a_hotline_a_public_one(content_copy, tmp_path):
    """Every page links its sources; a person at risk dials what a hotline page says, so a hotline's
    number must be one anyone can check. An agency's page links the plans that give it duties."""
    for name in (GUIDE_VI, Path("guidance/huong-dan-mau.en.md")):
        drop_sources(content_copy, name)
    assert "sources:" not in (content_copy / "agencies/ubnd-mau.vi.md").read_text(encoding="utf-8")
    for name in (HOTLINE_VI, HOTLINE_EN):
        drop_sources(content_copy, name, "\nsources:\n  - title: A leaflet\n    note: not online")
    line = line_of(content_copy, HOTLINE_EN, "sources:")
    errors = refused(content_copy, tmp_path)
    assert errors == [
        "content/guidance/huong-dan-mau.en.md:1: field 'sources': the required field 'sources' is "
        "missing — add 'sources:' (for example: [{url: 'https://example.gov.vn/…', title: …}])",
        "content/guidance/huong-dan-mau.vi.md:1: field 'sources': the required field 'sources' is "
        "missing — add 'sources:' (for example: [{url: 'https://example.gov.vn/…', title: …}])",
        f"content/hotlines/111.en.md:{line}: field 'sources': the hotline has no public source: "
        "none of its sources has an address — add a source with url: https://… where the number "
        "can be read, as you verified it",
        f"content/hotlines/111.vi.md:{line_of(content_copy, HOTLINE_VI, 'sources:')}: field "
        "'sources': the hotline has no public source: none of its sources has an address — add a "
        "source with url: https://… where the number can be read, as you verified it",
    ]
    put_in_metadata(content_copy, GUIDE_VI, "sources: []\n")
    assert (
        f"content/{GUIDE_VI}:{line_of(content_copy, GUIDE_VI, 'sources: []')}: field 'sources': "
        "expected at least 1 item(s)" in "\n".join(checked(content_copy))
    )


def test_every_shipped_hotline_number_is_valid_and_111_is_declared_with_its_source():
    from portal.content.phones import declared_short_numbers, same_number

    assert declared_short_numbers() == {"111"}
    assert [same_number(n) for n in ("111", "113", "1119", "0981848484")] == [
        "111",
        "113",
        None,
        "+84981848484",
    ]


@pytest.mark.parametrize("field", ["verified", "issued", "sources[0].date"])
def test_a_check_date_after_today_is_an_error(content_copy, field):
    future = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    name, old = {
        "verified": (HOTLINE_EN, "verified: 2026-11-23"),
        "issued": (PLAN_EN, "issued: 2017-02-08"),
        "sources[0].date": (PLAN_EN, "    note: No public address known."),
    }[field]
    edit(
        content_copy,
        name,
        old,
        old + "\n    date: " + future if old.startswith(" ") else old.split(":")[0] + ": " + future,
    )
    line = line_of(content_copy, name, future)
    assert (
        f"content/{name}:{line}: field '{field}': {future} is after today "
        f"({datetime.date.today().isoformat()})" in "\n".join(checked(content_copy))
    )


def test_a_future_date_cannot_move_the_calendars_today():
    from types import SimpleNamespace

    from plugins.calendar.events import reference_date
    from portal.content.schema import SCHEMAS

    campaign = SCHEMAS["campaign"](
        type="campaign",
        title="t",
        slug="s",
        lang="vi",
        summary="s",
        theme="t",
        year=2099,
        day="2099-07-30",
        starts="2099-07-01",
        sources=[{"url": "https://example.org/plan", "title": "The plan"}],
    )
    hotline = SimpleNamespace(
        data=SimpleNamespace(verified=datetime.date(2026, 11, 23), sources=[])
    )
    content = {
        "vi": {"plan": [], "campaign": [SimpleNamespace(data=campaign)], "hotline": [hotline]}
    }
    assert reference_date(None, content) == datetime.date(2026, 11, 23)


def test_a_deadline_in_year_9999_is_an_error_not_a_crash(content_copy, tmp_path):
    for name in (PLAN_EN, Path("plans/ke-hoach-mau.vi.md")):
        edit(content_copy, name, "date: 2025-06-17", "date: 9999-06-17")
    line = line_of(content_copy, PLAN_EN, "9999-06-17")
    assert (
        f"content/plans/ke-hoach-mau.en.md:{line}: field 'deadlines[0].date': expected a "
        'date between 1945-01-01 and 2100-12-31, got "9999-06-17"'
        in "\n".join(refused(content_copy, tmp_path))
    )


@pytest.mark.parametrize("value", ["inf", ".inf", "nan", "-.inf", "1e999"])
def test_a_value_that_is_not_a_finite_number_is_an_error(content_copy, value):
    edit(content_copy, PLAN_EN, "value: 75", f"value: {value}")
    line = line_of(content_copy, PLAN_EN, f"value: {value}")
    assert f"content/plans/ke-hoach-mau.en.md:{line}: field 'targets[0].value': " in "\n".join(
        checked(content_copy)
    )


def test_a_campaign_that_ends_before_it_starts_is_an_error(content_copy, tmp_path):
    for lang in ("vi", "en"):
        edit(
            content_copy,
            Path(f"campaigns/chien-dich-mau.{lang}.md"),
            "day: 2024-07-30",
            "day: 2024-07-30\nstarts: 2024-07-31\nends: 2024-07-01",
        )
    line = line_of(content_copy, Path("campaigns/chien-dich-mau.en.md"), "ends:")
    assert (
        f"content/campaigns/chien-dich-mau.en.md:{line}: field 'ends': the campaign ends "
        "(2024-07-01) before it starts (2024-07-31) — check both dates in the source"
        in refused(content_copy, tmp_path)
    )


@pytest.mark.parametrize(
    ("place", "message", "fix"),
    [
        (
            "news/x.vi.md",
            "the folder news/ is not a section: nothing in it is published (sections: "
            "plans, campaigns, hotlines, agencies, guidance, laws)",
            "move the file to content/guidance/",
        ),
        (
            "plan/x.vi.md",
            "the folder plan/ is not a section: nothing in it is published (sections: "
            "plans, campaigns, hotlines, agencies, guidance, laws)",
            "move the file to content/guidance/",
        ),
        (
            "x.vi.md",
            "the file is at the top of content/, where nothing is published",
            "move the file to content/guidance/",
        ),
        (
            "guidance/x.vi.MD",
            "'x.vi.MD' is not published: only files named NAME.vi.md or NAME.en.md are",
            "rename it to x.vi.md",
        ),
        (
            "guidance/x.vi.markdown",
            "'x.vi.markdown' is not published: only files named NAME.vi.md or NAME.en.md are",
            "rename it to x.vi.md",
        ),
        (
            "guidance/x.html",
            "'x.html' is not published: only files named NAME.vi.md or NAME.en.md are",
            "rename it to x.md",
        ),
    ],
)
def test_a_file_the_build_would_not_read_says_where_it_should_go(
    content_copy, tmp_path, place, message, fix
):
    (content_copy / place).parent.mkdir(exist_ok=True)
    (content_copy / place).write_text(
        (content_copy / GUIDE_VI).read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert refused(content_copy, tmp_path) == [f"content/{place}:1: {message} — {fix}"]


def test_check_reads_the_subfolders_the_build_reads(content_copy, tmp_path):
    (content_copy / "guidance" / "2026").mkdir()
    for lang in ("vi", "en"):
        (content_copy / "guidance" / f"huong-dan-mau.{lang}.md").rename(
            content_copy / "guidance" / "2026" / f"huong-dan-mau.{lang}.md"
        )
    assert refused(content_copy, tmp_path) == [
        f"content/guidance/2026/huong-dan-mau.{lang}.md:2: field 'type': a page must live "
        "in content/guidance/, not in 2026/ — move the file to content/guidance/"
        for lang in ("en", "vi")
    ]


def test_a_link_to_a_file_outside_content_is_refused_unread(content_copy, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n")
    (content_copy / "guidance" / "mat-khau.vi.md").symlink_to(secret)
    assert refused(content_copy, tmp_path) == [
        f"content/guidance/mat-khau.vi.md:1: the file is a link to {secret}, outside the "
        "content folder — copy the file into content/ instead of linking to it"
    ]


@pytest.fixture
def content_with_data(content_copy) -> tuple[Path, dict]:
    """The fixture content with its own copy of content/data/, and the settings that point the build
    at it."""
    shutil.copytree(ROOT / "content" / "data", content_copy / "data")
    data = content_copy / "data"
    return content_copy, {
        "LOCALITIES_DIR": str(data / "localities"),
        "AWARENESS_DAYS": str(data / "awareness_days.yaml"),
    }


def test_a_tab_in_the_awareness_days_file_is_a_message_with_its_line(content_with_data, tmp_path):
    content, settings = content_with_data
    days = content / "data" / "awareness_days.yaml"
    days.write_text(
        days.read_text(encoding="utf-8").replace('  date: "07-30"', '\tdate: "07-30"', 1),
        encoding="utf-8",
    )
    line = days.read_text(encoding="utf-8").split("\n").index('\tdate: "07-30"') + 1
    errors = refused(content, tmp_path, **settings)
    assert len(errors) == 1 and errors[0].startswith(
        f"content/data/awareness_days.yaml:{line}: the YAML metadata cannot be read: "
    )


def test_a_phone_number_in_the_awareness_days_must_be_a_hotlines(content_with_data, tmp_path):
    """The calendar shows the days' text: a number there is held to the content's rule."""
    content, settings = content_with_data
    days = content / "data" / "awareness_days.yaml"
    text = days.read_text(encoding="utf-8")
    days.write_text(
        text.replace('name_en: "National Day', 'name_en: "Call 0912 345 678 on National Day', 1),
        encoding="utf-8",
    )
    line = (
        days.read_text(encoding="utf-8")
        .split("\n")
        .index(
            '  name_en: "Call 0912 345 678 on National Day against Human Trafficking (Viet Nam)"'
        )
    )
    assert refused(content, tmp_path, **settings) == [
        f"content/data/awareness_days.yaml:{line + 1}: field '[0].name_en': the phone number "
        "0912 345 678 is not one of the site's hotlines: a number is shown only as a hotline, with "
        "its source and the day it was verified — check the number against its source and add it "
        "as a hotline (invoke new hotline --slug …) with that source and the day you verified it, "
        "or remove it"
    ]


def test_a_registry_row_with_an_unknown_province_names_its_row(content_with_data, tmp_path):
    content, settings = content_with_data
    communes = content / "data" / "localities" / "communes_2025.csv"
    lines = communes.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(",01,ha-noi,", ",99,khong-co,")
    communes.write_text("\n".join(lines), encoding="utf-8")
    code = lines[2].split(",")[0]
    assert refused(content, tmp_path, **settings) == [
        f"{content}/data/localities/communes_2025.csv:3: field 'province_code': unit "
        f"{code} names an unknown parent 99 — use the code of an existing province"
    ]


def test_search_snippets_show_a_literal_entity_as_the_page_does(content_copy, tmp_path):
    page = content_copy / "guidance" / "huong-dan-mau.en.md"
    edit(
        content_copy,
        Path("guidance/huong-dan-mau.en.md"),
        "summary: A guidance page used by the tests.",
        "summary: Q&amp;A for the tests.",
    )
    page.write_text(
        page.read_text(encoding="utf-8") + "\nWrite `R&amp;D` as code. Ben & Jerry.\n",
        encoding="utf-8",
    )
    site = build_fixture(tmp_path / "site", content_copy, LOCALITY_PROVINCES=["01"])
    records = [
        r
        for f in (site / "search" / "en" / "r").glob("*.json")
        for r in json.loads(f.read_text(encoding="utf-8"))
    ]
    (snippet,) = [r["snippet"] for r in records if r["url"] == "en/guidance/huong-dan-mau/"]
    shown = parse(site / "en" / "guidance" / "huong-dan-mau" / "index.html").get_text(" ")
    assert snippet[0] == "Q&amp;A for the tests." and "Q&amp;A for the tests." in shown
    assert "Write R&amp;D as code." in snippet and "R&amp;D" in shown
    assert "Ben & Jerry." in snippet


def test_invoke_check_reports_hostile_input_in_vietnamese_without_a_traceback(content_copy):
    shutil.copytree(ROOT / "content" / "data", content_copy / "data")
    put_in_metadata(content_copy, GUIDE_VI, 'a: &a ["lol", "lol"]\n' + BILLION_LAUGHS)
    put_in_metadata(
        content_copy, Path("agencies/ubnd-mau.vi.md"), "x: " + "[" * 5000 + "]" * 5000 + "\n"
    )
    edit(content_copy, PLAN_EN, "status: ended\n", "status: ended\nstatus: active\n")
    (content_copy / "guidance" / "x.vi.markdown").write_text(
        "---\ntype: page\n---\n", encoding="utf-8"
    )
    (content_copy / "guidance" / "passwd.vi.md").symlink_to("/etc/passwd")
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "invoke"),
            "check",
            "--content",
            str(content_copy),
            "--lang",
            "vi",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout, (
        result.stderr
    )
    report = result.stdout
    assert (
        "content/guidance/huong-dan-mau.vi.md:2: trường 'a': phần thông tin dùng neo (&) "
        "hoặc bí danh (*) của YAML" in report
    )
    assert (
        "content/agencies/ubnd-mau.vi.md:2: trường 'x': phần thông tin lồng nhau sâu hơn 12 cấp"
        in report
    )
    assert (
        "content/plans/ke-hoach-mau.en.md:" in report
        and "trường 'status' bị viết hai lần" in report
    )
    assert "content/guidance/x.vi.markdown:1: 'x.vi.markdown' không được đăng" in report
    assert (
        "content/guidance/passwd.vi.md:1: tệp là liên kết tới /etc/passwd, nằm ngoài thư "
        "mục nội dung" in report
    )
    assert "chưa có bản" not in report  # nothing blamed on the other language's file
    assert report.splitlines()[-1] == "5 lỗi, 0 cảnh báo."


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "[" * 200_000,
            "the text holds 200000 '[' characters, more than the 500 a page may hold — "
            "split the text into several pages, or shorten it",
        ),
        (
            "<http://a " * 20_000,
            "the text holds 20000 '<' characters, more than the 1000 a page may hold — "
            "split the text into several pages, or shorten it",
        ),
        (
            "word " * 4_000,
            "a paragraph of 20001 characters, more than the 10000 a paragraph may hold — "
            "split it into shorter paragraphs with blank lines",
        ),
    ],
)
def test_a_body_that_would_make_markdown_slow_is_refused_at_once(content_copy, body, message):
    path = content_copy / GUIDE_VI
    path.write_text(path.read_text(encoding="utf-8") + "\n" + body + "\n", encoding="utf-8")
    started = time.process_time()  # CPU, not wall time: a loaded machine does not fail it
    errors = checked(content_copy)
    assert time.process_time() - started < 5  # unbounded, the first took hours
    assert len(errors) == 1 and errors[0].endswith(message), errors


def test_check_without_the_registry_names_the_missing_file(content_with_data):
    content, _settings = content_with_data
    (content / "data" / "localities" / "provinces_2025.csv").unlink()
    out = io.StringIO()
    assert run(content, "en", out=out) == 1
    report = out.getvalue()
    assert "Traceback" not in report
    assert (
        "content/data/localities/provinces_2025.csv:1: the locality registry file is missing"
        in report
    )


def test_models_given_the_same_fields_share_one_set_of_their_names():
    """The 10x fixture's pages held 181,000 such sets (150 MB): frozen models share them, and a
    copy with changes gets its own, so no model's set ever changes under another."""
    import pickle

    from portal.content.documents import read_document

    content = FIXTURE / "content"
    vi, en = (
        read_document(content / "plans" / f"ke-hoach-mau.{lang}.md", f"ke-hoach-mau.{lang}.md")
        for lang in ("vi", "en")
    )
    assert vi.model is not None and en.model is not None
    sets = {id(vi.model.__pydantic_fields_set__), id(en.model.__pydantic_fields_set__)}
    assert len(sets) == 1 and vi.model.model_fields_set == en.model.model_fields_set
    again = pickle.loads(pickle.dumps(vi.model))  # as the content cache and the reading child
    assert again == vi.model and again.__pydantic_fields_set__ is vi.model.__pydantic_fields_set__
    given = set(vi.model.model_fields_set)
    changed = vi.model.model_copy(update={"summary": "x"})
    assert changed.summary == "x" and vi.model.model_fields_set == given
    assert en.model.model_dump(exclude_unset=True)["title"] == en.model.title


def test_models_read_apart_share_their_equal_text():
    """Plans copy duties and agencies from one another, and each file read (or unpickled from the
    content cache or the reading process) made its own strings: 92 MB at ten times the national
    fixture. Equal text in two models, or in a list of either, is one string."""
    import pickle

    from portal.content.documents import read_document

    path = FIXTURE / "content" / "plans" / "ke-hoach-mau.vi.md"
    first, second = (read_document(path, path.name).model for _ in range(2))
    assert first is not None and second is not None
    assert first.title is second.title and first.objectives[0] is second.objectives[0]
    assert first.duties[0].tasks[1] is second.duties[0].tasks[1]
    assert first.duties[1].agencies[1] is second.duties[0].agencies[0] == "cong-an-mau"
    again = pickle.loads(pickle.dumps(first))
    assert again == first and again.duties[0].tasks[0] is first.duties[0].tasks[0]
    assert again.objectives[0] is first.objectives[0]
