"""The languages of the content: every item is one file per language, Vietnamese first (the source).

The one list; settings (`portal.settings`), the schemas' `lang` field, the checks, the editor
and the commands all read it here. Where each language's pages live is a site matter
(`portal.site.routes.LANG_PREFIX`).
"""

LANGUAGES = ("vi", "en")
SOURCE = LANGUAGES[0]  # the language translations are made from
