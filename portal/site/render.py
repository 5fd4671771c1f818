"""Write one page that exists in every language at the same path under each language prefix.

Used by the generators that make pages of their own (listings, localities): they pass the
template the context keys `lang`, `alternate_urls` (language → URL) and `page_url`.
"""

from __future__ import annotations


def write_in_language(generator, writer, lang: str, path: str, template: str, file_name: str = "index.html", relative_urls: bool | None = None, **extra) -> None:
    """`path` is the page's URL without the language prefix, e.g. "plans/" or "" for home.

    `relative_urls` defaults to the `RELATIVE_URLS` setting; False makes links start with `SITEURL`
    as it is (for a page served at any address, like 404.html)."""
    settings = generator.settings
    prefixes = settings["LANG_PREFIX"]
    url = path if file_name == "index.html" else path + file_name
    alternates = {other: prefixes[other] + url for other in settings["LANGUAGES"]}
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
