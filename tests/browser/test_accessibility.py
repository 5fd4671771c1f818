"""Accessibility: axe finds no WCAG 2.2 AA problems, keyboards reach everything, 320 px fits, no JS
works.

axe-core is pinned in package.json (`invoke browsers` runs `npm ci`).
"""

from __future__ import annotations

import json

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OTHER = {"vi": "en", "en": "vi"}
PLAN = {"vi": "/plans/ke-hoach-mau/", "en": "/en/plans/ke-hoach-mau/"}


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"      at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append("        " + node["failureSummary"].replace("\n", "\n        "))
        if len(v["nodes"]) > 5:
            lines.append(f"      … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def test_axe_finds_no_wcag_problems_on_any_template(new_context, served_site):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `invoke browsers` (npm ci)")
    # The site's CSP rightly blocks injected scripts; only this context lets axe in (into every page
    # it opens).
    context = new_context(bypass_csp=True)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    options = json.dumps(
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )
    report = []
    for visit in served_site.pages():
        page.goto(served_site.url(visit.path))
        violations = page.evaluate(f"async () => (await axe.run(document, {options})).violations")
        if violations:
            report.append(f"{visit}\n{describe(violations)}")
    assert not report, "axe found accessibility problems:\n" + "\n".join(report)


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement, style = getComputedStyle(el);
            const r = el.getBoundingClientRect();
            return {tag: el.tagName, id: el.id, cls: el.className, href: el.getAttribute('href'),
                    text: el.textContent.trim().slice(0, 40),
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                    shadow: style.boxShadow !== 'none',
                    inView: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
                        && r.left < innerWidth && r.top < innerHeight};
        }"""
    )


def tab_until(page, selector: str, limit: int = 40) -> int:
    """Press Tab until `selector` has focus; return how many presses that took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    pytest.fail(f"{limit} presses of Tab never reached {selector}")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_main(
    page, served_fixture_site, lang
):
    page.goto(served_fixture_site.url(PLAN[lang]))
    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["cls"] and first["href"] == "#main", first
    assert first["inView"], "the skip link must show when it has focus"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")


def test_every_focused_control_shows_a_visible_focus_indicator(page, served_fixture_site):
    page.goto(served_fixture_site.url(PLAN["en"]))
    seen, hidden = 0, []
    for _ in range(80):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "BODY":
            break
        seen += 1
        if not (now["outline"] or now["shadow"]):
            hidden.append(now)
    assert seen > 10, "Tab reached too few controls to judge"
    assert hidden == [], "these show no outline or box-shadow when focused"


def test_quick_exit_is_reached_early_by_keyboard_and_enter_leaves(page, served_fixture_site):
    from portal.settings import project_settings

    QUICK_EXIT_URL = project_settings()["QUICK_EXIT_URL"]

    page.goto(served_fixture_site.url(PLAN["vi"]))
    presses = tab_until(page, "#quick-exit")
    assert presses <= 2, (
        "the quick exit must come right after the skip link, so it is quick to reach"
    )
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url == QUICK_EXIT_URL)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_language_switch_is_reached_by_tab_and_enter_opens_the_counterpart(
    page, served_here_and_by_nginx, lang
):
    page.goto(served_here_and_by_nginx.url(PLAN[lang]))
    tab_until(page, ".lang-switch a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.lang") == OTHER[lang]
    assert page.url == served_here_and_by_nginx.url(PLAN[OTHER[lang]])


def test_no_page_scrolls_sideways_at_320_px(new_context, served_site):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    wide = {}
    for visit in served_site.pages():
        page.goto(served_site.url(visit.path))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[str(visit)] = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > 320.5
                        && ![...el.children].some(c => c.getBoundingClientRect().right > 320.5))
                    .slice(0, 5).map(el => el.tagName.toLowerCase()
                        + (el.className ? '.' + el.className : '')
                        + ' → ' + Math.round(el.getBoundingClientRect().right) + 'px')"""
            )
    assert wide == {}, "these pages are wider than a 320 px screen (the widest elements are listed)"


def test_without_javascript_every_page_shows_its_content_and_navigation_works(
    new_context, served_fixture_site
):
    site = served_fixture_site
    page = new_context(java_script_enabled=False).new_page()
    targets: dict[str, str] = {}
    for visit in site.pages():
        response = page.goto(site.url(visit.path))
        assert response.status == (404 if visit.kind == "404" else 200), visit
        shown = page.evaluate(
            """() => {
                const seen = s => [...document.querySelectorAll(s)]
                    .some(el => el.checkVisibility());
                const links = '.site-nav a, .lang-switch a, a.site-name';
                return {h1: seen('main h1'),
                        text: document.querySelector('main').innerText.trim().length > 40,
                        call: seen('.hotline-strip a.tel'), nav: seen('.site-nav a'),
                        links: [...document.querySelectorAll(links)].map(a => a.href)};
            }"""
        )
        links = shown.pop("links")
        assert shown == {"h1": True, "text": True, "call": True, "nav": True}, (visit, shown)
        for href in links:
            targets.setdefault(href, str(visit))
    assert len(targets) >= 2 * 7, targets  # five sections, home and the switch, in each language
    for url, found_on in sorted(targets.items()):
        assert page.request.get(url).status == 200, f"{url} (linked from {found_on})"
    for lang in OTHER:  # and the links work when followed as links
        start = site.url(PLAN[lang])
        for index in range(page.goto(start) and page.locator(".site-nav a").count()):
            link = page.locator(".site-nav a").nth(index)
            href = link.evaluate("a => a.href")
            with page.expect_navigation() as navigation:
                link.click()
            assert navigation.value.status == 200 and page.url == href
            assert page.evaluate("document.documentElement.lang") == lang
            page.goto(start)
