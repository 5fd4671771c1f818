"""The schema of each content type: the single source of truth for its fields.

`SCHEMAS` maps the `type:` value of a file to its model, and `SECTIONS` to the folder under
`content/` (and the first segment of its address) where such files live.

>>> sorted(SCHEMAS)
['agency', 'campaign', 'hotline', 'law', 'page', 'plan']
"""

from .agency import Agency
from .campaign import Campaign
from .common import Content, Source, facts_of
from .hotline import Hotline
from .law import Law
from .page import Page
from .plan import Plan

SCHEMAS: dict[str, type[Content]] = {
    "plan": Plan,
    "campaign": Campaign,
    "hotline": Hotline,
    "agency": Agency,
    "page": Page,
    "law": Law,
}
SECTIONS = {
    "plan": "plans",
    "campaign": "campaigns",
    "hotline": "hotlines",
    "agency": "agencies",
    "page": "guidance",
    "law": "laws",
}

__all__ = ["SCHEMAS", "SECTIONS", "Content", "Source", "facts_of"]
