"""Chromium drives the officers' editor (plugins/editor/) end to end on a scratch clone of the repo.

It lives here to share the session's one Chromium (`conftest.browser`: Playwright's sync API allows
one instance per process).

Most tests start `invoke editor`'s server (and decap-server in local Git mode) on loopback for a
fresh clone, edits through Decap's form as an officer would, then looks at what Git holds. The
`hosted` ones open the published editor (EDITOR_PUBLISH) on Decap's in-browser Git backend
(`test-repo`, in the pinned bundle): as with a hosted Git service, no server of ours sees the save,
so the page alone must write only the changed lines and refuse invalid values. Every request the
browser makes to another host is refused and recorded: there must be none.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from plugins.editor.server import running
from portal.commands.check import check_tree
from portal.content.problems import errors_only
from portal.engine.build import build

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PLAN = "ke-hoach-24-kh-ubnd-2017"
WIDTH = 1600  # wide enough for Decap to show the two languages side by side


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def clone(tmp_path) -> Path:
    """A scratch clone of this repository's last commit, with a committer of its own."""
    repo = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(repo)], check=True)
    git(repo, "config", "user.name", "Officer")
    git(repo, "config", "user.email", "officer@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    return repo


class Officer:
    """A browser page on the editor, and what it asked of hosts other than this machine."""

    def __init__(self, browser, address: str, init_script: str = ""):
        self.address = address
        self.context = browser.new_context(
            viewport={"width": WIDTH, "height": 1000}, locale="vi-VN"
        )
        self.context.set_default_timeout(15000)
        if init_script:
            self.context.add_init_script(init_script)
        self.foreign: list[str] = []
        self.requested: list[str] = []
        self.context.route(
            lambda url: urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"),
            self._refuse,
        )
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requested.append(r.url))
        self.page.goto(address)
        self.page.get_by_role(
            "button", name="Đăng nhập"
        ).click()  # the local backend asks for nothing

    def _refuse(self, route):
        self.foreign.append(route.request.url)
        route.abort("blockedbyclient")

    def open(self, fragment: str) -> None:
        self.page.goto(self.address + "#/" + fragment)

    def control(self, name: str, lang: str, index: int = 0):
        """The container of the field `name`'s control in the `lang` pane (Vietnamese on the
        left)."""
        labels = self.page.locator(f'label[for^="{name}-field-"]:visible')
        labels.first.wait_for()
        found = []
        for i in range(labels.count()):
            box = labels.nth(i).bounding_box()
            found.append((box["x"] > WIDTH / 2, box["y"], i))
        mine = sorted(f for f in found if f[0] == (lang == "en"))
        return labels.nth(mine[index][2]).locator("xpath=../..")

    def input(self, name: str, lang: str, index: int = 0):
        return (
            self.control(name, lang, index).locator("input, textarea, [contenteditable=true]").last
        )

    def fill(self, name: str, lang: str, text: str) -> None:
        self.input(name, lang).fill(text)

    def add(self, name: str, lang: str) -> None:
        buttons = self.page.get_by_role("button", name=f"Add {name}")
        (buttons.first if lang == "vi" else buttons.last).click()

    def type_body(self, lang: str, text: str) -> None:
        self.control("body", lang).locator("textarea, [contenteditable=true]").first.click()
        self.page.keyboard.type(text)

    def publish(self) -> None:
        self.page.get_by_role("button", name="Công bố").click()
        self.page.get_by_role("menuitem").first.click()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def officer(browser, clone):
    with running(clone, "vi") as address:
        person = Officer(browser, address)
        yield person
        person.close()
        assert person.foreign == [], "the editor asked other hosts"


def wait_for_commit(officer: Officer, repo: Path, before: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        head = git(repo, "rev-parse", "HEAD").strip()
        if head != before:
            return head
        officer.page.wait_for_timeout(
            200
        )  # not time.sleep: Playwright must keep answering the page's routed requests
    officer.page.screenshot(path=str(repo.parent / "not-committed.png"))
    shown = officer.page.locator("#portal-problems, [role=alert]").all_text_contents()
    raise AssertionError(
        f"nothing was committed; the page shows: {shown} "
        f"(screenshot: {repo.parent / 'not-committed.png'})"
    )


def fill_new_plan(officer: Officer, duty: bool = True) -> None:
    """A new plan in both languages, with a target and a duty (its agency chosen from the agencies),
    as an officer types it."""
    officer.open("collections/plan/new")
    officer.fill("title", "vi", "Kế hoạch thử nghiệm trình biên tập 2026")
    officer.fill("slug", "vi", "ke-hoach-thu-trinh-bien-tap-2026")
    officer.fill("summary", "vi", "Kế hoạch dùng để thử trình biên tập.")
    officer.fill("title", "en", "Editor trial plan 2026")
    officer.fill("summary", "en", "A plan made to try the editor.")
    officer.add("targets", "vi")
    officer.fill("description", "vi", "Tỷ lệ tin báo được tiếp nhận, phân loại")
    officer.fill("value", "vi", "100")
    officer.add("targets", "en")
    officer.fill("description", "en", "Share of reports received and classified")
    if duty:
        officer.add("duties", "vi")
        officer.input("agencies", "vi").click()
        officer.page.keyboard.type("cong-an-thanh-pho-ha-noi")
        officer.page.get_by_role(
            "option", name="cong-an-thanh-pho-ha-noi"
        ).first.click()  # chosen from the agencies, never typed
        officer.add("tasks", "vi")
        officer.fill("tasks", "vi", "Chủ trì thực hiện kế hoạch.")
        officer.add("duties", "en")
        officer.add("tasks", "en")
        officer.fill("tasks", "en", "Lead the plan.")
    officer.add("sources", "vi")  # every page links its sources
    officer.fill("url", "vi", "https://example.org/ke-hoach-thu")
    officer.input("title", "vi", 1).fill("Kế hoạch thử (bản giấy)")
    officer.add("sources", "en")
    officer.input("title", "en", 1).fill("Trial plan (paper copy)")
    officer.type_body("vi", "Nội dung thử.")
    officer.type_body("en", "Trial text.")


def test_a_new_plan_in_both_languages_is_one_commit_of_two_files_that_pass_the_checks_and_build(
    officer, clone, tmp_path
):
    before = git(clone, "rev-parse", "HEAD").strip()
    fill_new_plan(officer)
    officer.publish()

    wait_for_commit(officer, clone, before)
    assert git(clone, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    changed = git(clone, "show", "--name-status", "--format=", "HEAD").split()
    assert changed == [
        "A",
        "content/plans/ke-hoach-thu-trinh-bien-tap-2026.en.md",
        "A",
        "content/plans/ke-hoach-thu-trinh-bien-tap-2026.vi.md",
    ]
    en = (clone / "content/plans/ke-hoach-thu-trinh-bien-tap-2026.en.md").read_text(
        encoding="utf-8"
    )
    assert (
        "lang: en\n" in en and "value: 100\n" in en and "      - cong-an-thanh-pho-ha-noi\n" in en
    )  # facts entered once, in Vietnamese
    assert errors_only(check_tree(clone / "content")) == []

    output = build(
        ROOT / "pelicanconf.py",
        tmp_path / "site",
        {"PATH": str(clone / "content"), "LOCALITY_PROVINCES": ["01"]},
    )
    page = (output / "plans/ke-hoach-thu-trinh-bien-tap-2026/index.html").read_text(
        encoding="utf-8"
    )
    assert (
        "Kế hoạch thử nghiệm trình biên tập 2026" in page
        and "Tỷ lệ tin báo được tiếp nhận, phân loại" in page
    )
    assert "Editor trial plan 2026" in (
        output / "en/plans/ke-hoach-thu-trinh-bien-tap-2026/index.html"
    ).read_text(encoding="utf-8")


def test_a_vietnamese_edit_is_a_one_line_change_in_the_vietnamese_file_only(officer, clone):
    before = git(clone, "rev-parse", "HEAD").strip()
    officer.open(f"collections/plan/entries/{PLAN}")
    title = officer.input("title", "vi")
    title.fill(title.input_value() + " (đã sửa)")
    officer.page.get_by_title("Toggle preview").click()
    preview = officer.page.frame_locator("iframe").first
    assert preview.locator("h1").text_content().endswith("(đã sửa)")
    assert (
        preview.locator('link[rel="stylesheet"]').get_attribute("href")
        == officer.address + "site/site.css"
    )  # the site's own stylesheet, from this server
    assert any(urlsplit(url).path == "/site/site.css" for url in officer.requested)
    officer.publish()

    wait_for_commit(officer, clone, before)
    assert git(clone, "show", "--numstat", "--format=", "HEAD").split() == [
        "1",
        "1",
        f"content/plans/{PLAN}.vi.md",
    ]
    assert git(clone, "status", "--porcelain") == ""


def test_an_impossible_date_is_refused_beside_its_field_and_nothing_is_committed(officer, clone):
    before = git(clone, "rev-parse", "HEAD").strip()
    officer.open(f"collections/plan/entries/{PLAN}")
    officer.fill("issued", "vi", "2025-02-30")
    officer.publish()

    note = officer.control("issued", "vi").locator(".portal-problem")
    note.wait_for()
    assert (
        note.text_content()
        == 'issued: cần một ngày có thật, viết dạng YYYY-MM-DD, nhưng có "2025-02-30" — '
        "viết ngày dạng YYYY-MM-DD, ví dụ 2017-02-08"
    )
    officer.page.wait_for_timeout(
        1000
    )  # had anything been sent to Git, it would be committed by now
    assert git(clone, "rev-parse", "HEAD").strip() == before
    assert git(clone, "status", "--porcelain") == ""


def test_a_published_editor_loads_from_the_site_alone(browser, tmp_path):
    """With EDITOR_PUBLISH, the page works from the published files: Decap asks to log in to the Git
    host."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from portal.commands.publish import publish

    hosted = {"name": "github", "repo": "my-org/site", "branch": "main"}
    site = publish(
        ROOT / "tests/fixtures/site/settings.py",
        tmp_path / "public",
        "http://127.0.0.1:8000",
        {"EDITOR_PUBLISH": {"backend": hosted, "lang": "en"}},
    )
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        foreign, errors = [], []
        context.route(
            lambda url: urlsplit(url).hostname != "127.0.0.1",
            lambda route: (foreign.append(route.request.url), route.abort()),
        )
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/admin/")
        page.get_by_role("button", name="Login with GitHub").wait_for(timeout=15000)
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    assert foreign == [] and [e for e in errors if "Content Security Policy" in e] == []


def test_a_page_text_edit_changes_only_the_line_written_in(officer, clone):
    before = git(clone, "rev-parse", "HEAD").strip()
    officer.open(f"collections/plan/entries/{PLAN}")
    body = officer.control("body", "vi").locator("[contenteditable=true]").first
    assert (
        officer.control("body", "vi").get_by_title("Bold").is_disabled()
    )  # Markdown as in the file, not the rich-text mode
    body.click()  # somewhere in the text
    officer.page.keyboard.type(" (thêm)")
    officer.publish()

    wait_for_commit(officer, clone, before)
    diff = git(clone, "show", "--format=", "HEAD")
    assert git(clone, "show", "--numstat", "--format=", "HEAD").split() == [
        "1",
        "1",
        f"content/plans/{PLAN}.vi.md",
    ], diff
    assert "(thêm)" in next(
        line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")
    )


def _repo_files(root: Path) -> dict:
    """The content Decap's in-browser `test-repo` backend starts with: its tree of folders and
    files."""
    tree: dict = {}
    for section in ("plans", "agencies", "laws"):
        for file in sorted((root / "content" / section).glob("*.md")):
            path = file.relative_to(root).as_posix()
            folder = tree
            for part in path.split("/")[:-1]:
                folder = folder.setdefault(part, {})
            folder[file.name] = {"content": file.read_text(encoding="utf-8"), "path": path}
    return tree


@pytest.fixture(scope="module")
def published_editor(tmp_path_factory):
    """A site published with the editor for a hosted-style backend, and its editorial workflow (the
    default)."""
    from portal.commands.publish import publish

    from .harness import serve

    setting = {"EDITOR_PUBLISH": {"backend": {"name": "test-repo"}, "lang": "vi"}}
    site = publish(
        ROOT / "tests/fixtures/site/settings.py",
        tmp_path_factory.mktemp("hosted") / "public",
        "http://127.0.0.1:8000",
        setting,
    )
    with serve(site) as served:
        yield served.url("/admin/")


@pytest.fixture
def hosted(browser, published_editor):
    person = Officer(
        browser, published_editor, f"window.repoFiles = {json.dumps(_repo_files(ROOT))};"
    )
    yield person
    person.close()
    assert person.foreign == [], "the editor asked other hosts"


def saved_for_review(officer: Officer, slug: str) -> dict[str, str]:
    """Path -> text of the files the editorial workflow put on the item's branch (waits for the
    save)."""
    key = f"plan/{slug}"
    officer.page.wait_for_function(
        f"() => window.repoFilesUnpublished && window.repoFilesUnpublished[{key!r}]", timeout=30000
    )
    diffs = officer.page.evaluate(f"() => window.repoFilesUnpublished[{key!r}].diffs")
    return {d["path"]: d["content"] for d in diffs}


def test_a_hosted_save_is_a_one_line_change_and_leaves_the_english_file_as_it_was(hosted):
    """Through a hosted-style backend (no server of ours), a Vietnamese title edit changes one line
    of one file."""
    vi_path, en_path = f"content/plans/{PLAN}.vi.md", f"content/plans/{PLAN}.en.md"
    hosted.open(f"collections/plan/entries/{PLAN}")
    title = hosted.input("title", "vi")
    title.fill(title.input_value() + " (đã sửa)")
    hosted.page.get_by_role("button", name="Lưu", exact=True).click()

    files = saved_for_review(hosted, PLAN)
    old_vi = (ROOT / vi_path).read_text(encoding="utf-8").split("\n")
    changed = [
        line
        for line in difflib.unified_diff(old_vi, files[vi_path].split("\n"), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        next(f"-{line}" for line in old_vi if line.startswith("title:")),
        next(f"+{line}" for line in old_vi if line.startswith("title:")) + " (đã sửa)",
    ]
    assert files[en_path] == (ROOT / en_path).read_text(
        encoding="utf-8"
    )  # sent back byte for byte: Git records no change in it


def test_a_hosted_save_of_an_impossible_date_is_refused_in_the_page(hosted):
    hosted.open(f"collections/plan/entries/{PLAN}")
    hosted.fill("issued", "vi", "2025-02-30")
    hosted.page.get_by_role("button", name="Lưu", exact=True).click()

    note = hosted.control("issued", "vi").locator(".portal-problem")
    note.wait_for()
    assert (
        note.text_content()
        == 'issued: cần một ngày có thật, viết dạng YYYY-MM-DD, nhưng có "2025-02-30" — '
        "viết ngày dạng YYYY-MM-DD, ví dụ 2017-02-08"
    )
    hosted.page.wait_for_timeout(1000)  # had the save gone on, the backend would hold it by now
    assert hosted.page.evaluate("() => Object.keys(window.repoFilesUnpublished || {})") == []


def test_a_hosted_new_plan_gets_two_files_that_pass_the_checks(hosted, tmp_path):
    """Through a hosted-style backend, the page alone names the English file's language and copies
    its facts.

    (No duty: the relation widget finds no agency on Decap's test-repo backend; the local test
    covers it.)"""
    fill_new_plan(hosted, duty=False)
    hosted.page.get_by_role("button", name="Lưu", exact=True).click()

    files = saved_for_review(hosted, "ke-hoach-thu-trinh-bien-tap-2026")
    assert sorted(files) == [
        "content/plans/ke-hoach-thu-trinh-bien-tap-2026.en.md",
        "content/plans/ke-hoach-thu-trinh-bien-tap-2026.vi.md",
    ]
    en = files["content/plans/ke-hoach-thu-trinh-bien-tap-2026.en.md"]
    assert (
        "\nlang: en\n" in en
        and "    value: 100\n" in en
        and "\nlang: vi\n" in files["content/plans/ke-hoach-thu-trinh-bien-tap-2026.vi.md"]
    )  # value: a fact entered once, in Vietnamese
    shutil.copytree(ROOT / "content", tmp_path / "content")
    for path, text in files.items():
        (tmp_path / path).write_text(text, encoding="utf-8")
    assert errors_only(check_tree(tmp_path / "content")) == []
