"""Posters (A4) and flyers (A5) print from Chromium to exactly one page, and their QR codes lead
back.

Each sheet is printed to PDF with the page size its CSS asks for (`prefer_css_page_size`), the PDF
is read back with pypdf, and the QR code is screenshotted and decoded by `zbarimg` (Debian's
zbar-tools, installed by `invoke browsers`). Runs on the fixture site and on the shipped content,
whose long campaign titles and key messages are the real test of "fits on one sheet".
"""

from __future__ import annotations

import io
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import FIXTURE, ROOT
from portal.commands.publish import publish
from portal.engine.build import build

from .harness import serve

pytestmark = pytest.mark.browser

# ISO A4 and A5 in PostScript points
PAPER_POINTS = {
    "poster": (595.3, 841.9),
    "flyer": (419.5, 595.3),
}
TOLERANCE_POINTS = 1.5
ZBARIMG = Path("/usr/bin/zbarimg")


def sheet_paths(root: Path) -> list[str]:
    """Addresses of every poster and flyer of a built site, e.g. "/en/campaigns/x/poster/"."""
    found = [file.parent for file in root.rglob("index.html") if file.parent.name in PAPER_POINTS]
    return sorted(f"/{folder.relative_to(root).as_posix()}/" for folder in found)


def flat(text: str) -> str:
    """Text with single spaces, and ligatures a PDF may carry ("ﬃ") spelt out."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def decode_qr(png: bytes, folder: Path) -> list[str]:
    if not ZBARIMG.exists():
        pytest.fail(f"{ZBARIMG} is missing: run `invoke browsers` (installs Debian's zbar-tools)")
    image = folder / "qr.png"
    image.write_bytes(png)
    done = subprocess.run(
        [str(ZBARIMG), "--quiet", "--raw", str(image)], capture_output=True, text=True, timeout=30
    )
    return done.stdout.splitlines()


def test_every_campaign_and_guidance_page_of_the_fixture_site_has_a_poster_and_a_flyer(
    fixture_site,
):
    paths = sheet_paths(fixture_site)
    for lang in ("", "/en"):
        for page in ("campaigns/chien-dich-mau", "guidance/huong-dan-mau"):
            for kind in PAPER_POINTS:
                assert f"{lang}/{page}/{kind}/" in paths


def test_each_sheet_prints_to_one_page_of_its_paper_size_with_nothing_cut_off(page, served_site):
    paths = sheet_paths(served_site.root)
    assert paths, "no posters were built: is plugins.posters in PLUGINS?"
    for path in paths:
        page.goto(served_site.url(path))
        page.emulate_media(media="print")
        for part in (".sheet", ".sheet-body"):
            size = page.locator(part).evaluate(
                "el => [el.scrollWidth - el.clientWidth, el.scrollHeight - el.clientHeight]"
            )
            assert size == [0, 0], (
                f"{path}: the text is larger than the sheet by {size} px (width, height): "
                "shorten it or shrink the type"
            )
        pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        assert len(pdf.pages) == 1, f"{path} printed on {len(pdf.pages)} pages"
        box = pdf.pages[0].mediabox
        width, height = PAPER_POINTS[path.rstrip("/").rsplit("/", 1)[1]]
        assert (
            abs(float(box.width) - width) < TOLERANCE_POINTS
            and abs(float(box.height) - height) < TOLERANCE_POINTS
        ), f"{path}: {box}"
        printed = flat(pdf.pages[0].extract_text())
        # a title may wrap after a hyphen ("77/KH-" / "BCĐ799"): compare without spaces
        assert flat(page.locator("h1").inner_text()).replace(" ", "") in printed.replace(" ", ""), (
            f"{path}: the title is not on the printed page"
        )
        for number in page.locator(".sheet-hotlines .sheet-number").all_inner_texts():
            assert flat(number) in printed, f"{path}: hotline {number} is not on the printed page"


def test_print_shows_only_the_sheet_and_the_screen_shows_the_way_back(page, served_fixture_site):
    page.goto(served_fixture_site.url("/en/guidance/huong-dan-mau/poster/"))
    for selector in ("#quick-exit", ".print-back", ".site-header"):
        assert page.locator(selector).is_visible(), f"{selector} should show on screen"
    back = page.locator(".print-back a")
    assert back.get_attribute("href").endswith("/en/guidance/huong-dan-mau/")
    page.emulate_media(media="print")
    shown = page.evaluate(
        "s => [...document.querySelectorAll(s)].filter(el => el.checkVisibility()).map(el "
        "=> el.className)",
        "#quick-exit, .skip-link, .site-header, .site-footer, .print-tools",
    )
    assert shown == [], shown
    page.emulate_media(media="screen")
    back.click()
    assert page.url == served_fixture_site.url("/en/guidance/huong-dan-mau/")


SUB = "/phong-chong-mua-ban-nguoi"


@pytest.fixture(scope="module", params=["fixture", "shipped"])
def published_site(request, tmp_path_factory):
    """A site built for its address (`invoke publish --siteurl`) and served there on loopback.

    The fixture site goes through `publish` itself; the shipped content is built the same way
    (absolute SITEURL) for one province, without the compression publish adds."""
    root = tmp_path_factory.mktemp(f"published-{request.param}") / "public"
    with serve(root, prefix=SUB) as site:  # the server first: the build needs its address
        if request.param == "fixture":
            publish(FIXTURE / "settings.py", root, siteurl=site.origin + SUB)
        else:
            overrides = {
                "SITEURL": site.origin + SUB,
                "RELATIVE_URLS": False,
                "LOCALITY_PROVINCES": ["01"],
            }
            build(ROOT / "publishconf.py", root, overrides, incremental=False)
        yield site


def test_each_qr_code_decodes_to_the_published_address_of_its_page(page, published_site, tmp_path):
    paths = sheet_paths(published_site.root)
    assert paths
    for path in paths:
        page.goto(published_site.url(path))
        # "/en/campaigns/x/poster/" -> "/en/campaigns/x/"
        target = path.rstrip("/").rsplit("/", 1)[0] + "/"
        assert (published_site.root / target.lstrip("/") / "index.html").is_file(), (
            f"{path}: the QR code's page {target} was not built"
        )
        decoded = decode_qr(page.locator(".sheet svg.qr-code").screenshot(), tmp_path)
        assert decoded == [published_site.url(target)], path
        assert page.request.get(decoded[0]).status == 200
        page.emulate_media(media="print")
        scheme = page.locator(".sheet-address .url-scheme")
        assert scheme.inner_text() == "https://" or scheme.inner_text() == "http://"
        assert scheme.evaluate("el => el.getClientRects().length") == 1, (
            f"{path}: the printed address breaks inside its scheme"
        )
        inside = page.evaluate(
            """() => {
                const q = document.querySelector('.sheet svg.qr-code').getBoundingClientRect();
                const s = document.querySelector('.sheet').getBoundingClientRect();
                return q.width > 100 && q.left >= s.left && q.right <= s.right
                    && q.top >= s.top && q.bottom <= s.bottom;
            }"""
        )
        assert inside, f"{path}: the printed QR code is not wholly inside the sheet"
        page.emulate_media(media="screen")


def test_a_development_build_prints_no_address_on_its_sheets(page, served_fixture_site):
    page.goto(served_fixture_site.url("/en/campaigns/chien-dich-mau/poster/"))
    assert page.locator(".sheet svg.qr-code").count() == 0
    assert page.locator(".qr-missing").inner_text() == "preview — address not set"
