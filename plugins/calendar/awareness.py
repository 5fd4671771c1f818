"""The awareness days file: read in `portal.content.awareness`, which the content checks share."""

from portal.content.awareness import AwarenessDay, load_days, parse_days

__all__ = ["AwarenessDay", "load_days", "parse_days"]
