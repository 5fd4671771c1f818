"""Write one page that exists in every language at the same path under each language prefix,
and a long list as numbered pages.

Used by the generators that make pages of their own (listings, localities, calendar, search):
they pass the template the context keys `lang`, `alternate_urls` (language → URL) and `page_url`.

A list longer than its page size (`page_size`: the setting `PAGE_SIZES`, a dict over
`DEFAULT_PAGE_SIZES`) is written by `write_pages` as numbered pages with stable addresses, the
first at the list's own address and the others at `page/<n>/` under it (`plans/`, `plans/page/2/`,
as Pelican numbers its own), so that every page's first load stays within one network round trip
(tests/test_page_weight.py). Each page gets its slice as `items` and `pagination` (plain data, for
the render key): its `number`, the `count` of pages, the `total` of items, the `first` and `last`
item's position, and the `urls` of every page and of the `prev` and `next` ones (site-relative,
language prefix included); `components/pagination.html` draws them.
"""

from __future__ import annotations

from typing import Any

# Items per page. A page's first load (HTML + CSS + JS, gzip) must stay under 14 KB; about 5.5 KB
# of it is the theme and the header, so a page holds about 8 KB of gzipped list at most.
DEFAULT_PAGE_SIZES = {
    # plans, campaigns, agencies, guidance, laws: a title, a summary and a line of facts
    "list": 50,
    # hotline cards (number, hours, cost, operator, what for): every one on one page while they fit
    "hotline": 60,
    "calendar": 100,  # a year's deadlines and campaign dates
    "a-z": 150,  # titles only
}


def page_size(settings: dict, name: str) -> int:
    """Items per page of the list `name` (a key of `DEFAULT_PAGE_SIZES`, or a content type)."""
    sizes = DEFAULT_PAGE_SIZES | settings["PAGE_SIZES"]  # declared and checked in portal.settings
    size = sizes.get(name, sizes["list"])
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise ValueError(
            f"PAGE_SIZES[{name!r}] must be a whole number of items, at least 1, not {size!r}"
        )
    return size


def page_count(items: int, size: int) -> int:
    """Pages for `items` items, `size` to a page; an empty list still has its (first) page.

    >>> [page_count(n, 50) for n in (0, 1, 50, 51, 100, 101)]
    [1, 1, 1, 2, 2, 3]
    """
    return max(1, -(-items // size))


def page_path(path: str, number: int) -> str:
    """The address of page `number` of the list at `path` (without the language prefix).

    >>> page_path("plans/", 1), page_path("plans/", 2), page_path("calendar/2025/", 3)
    ('plans/', 'plans/page/2/', 'calendar/2025/page/3/')
    """
    return path if number == 1 else f"{path}page/{number}/"


def write_pages(
    generator,
    writer,
    lang: str,
    path: str,
    template: str,
    items: list,
    size: int,
    pages_in: dict[str, int] | None = None,
    render_key: str | None = None,
    **extra,
) -> None:
    """Write `items` over numbered pages of `size` (see the module's docstring).

    `pages_in` gives how many pages the same list has in each language (default: as many as in
    `lang`), so that a page links only the languages that have it. A `render_key`, given when
    every value follows from the site fingerprint (as `write_in_language`'s does), is made one
    per page (the page's number added); without it the page's values make its key."""
    prefix = generator.settings["LANG_PREFIX"][lang]
    count = page_count(len(items), size)
    pages_in = pages_in or {other: count for other in generator.settings["LANGUAGES"]}
    urls = [prefix + page_path(path, n) for n in range(1, count + 1)]
    for number in range(1, count + 1):
        start = (number - 1) * size
        chunk = items[start : start + size]
        pagination = {
            "number": number,
            "count": count,
            "total": len(items),
            "first": start + 1 if chunk else 0,
            "last": start + len(chunk),
            "urls": urls,
            "prev": urls[number - 2] if number > 1 else None,
            "next": urls[number] if number < count else None,
        }
        keyed: dict[str, Any] = (
            {} if render_key is None else {"render_key": page_path(render_key, number)}
        )
        languages = [
            other for other in generator.settings["LANGUAGES"] if pages_in.get(other, 0) >= number
        ]
        write_in_language(
            generator,
            writer,
            lang,
            page_path(path, number),
            template,
            items=chunk,
            pagination=pagination,
            languages=languages,
            **keyed,
            **extra,
        )


def write_in_language(
    generator,
    writer,
    lang: str,
    path: str,
    template: str,
    file_name: str = "index.html",
    relative_urls: bool | None = None,
    languages=None,
    **extra,
) -> None:
    """`path` is the page's URL without the language prefix, e.g. "plans/" or "" for home.

    `relative_urls` defaults to the `RELATIVE_URLS` setting; False makes links start with `SITEURL`
    as it is (for a page served at any address, like 404.html). `languages` are those that have
    the page (default: every language)."""
    settings = generator.settings
    prefixes = settings["LANG_PREFIX"]
    url = path if file_name == "index.html" else path + file_name
    alternates = {
        other: prefixes[other] + url
        for other in (settings["LANGUAGES"] if languages is None else languages)
    }
    writer.write_file(
        prefixes[lang] + path + file_name,
        generator.get_template(template),
        generator.context,
        relative_urls=settings["RELATIVE_URLS"] if relative_urls is None else relative_urls,
        lang=lang,
        alternate_urls=alternates,
        page_url=prefixes[lang] + url,
        **extra,
    )
