"""A stable text for the values a page is rendered with, for its render key.

A content page given as a value of its own (`page=`, `item=`: the page being rendered, or a
poster's page) stands for its source path and the digest of its body; a page inside a list or
a dict (a listing) for its source path only, since no template shows the body of a page it
lists. Their metadata is in the site fingerprint, and so is the registry: units stand for their
code. Anything else must be plain data; an object this module cannot describe raises `NoKey`.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from pelican.contents import Content
from pydantic import BaseModel

from portal.content.localities import Registry, Unit


class NoKey(TypeError):
    pass


def values_key(values: dict) -> str:
    """`values["render_key"]`, when the caller gives one, stands for all the values."""
    if "render_key" in values:
        values = {"render_key": values["render_key"]}
    plain = {
        name: _own(value) if isinstance(value, Content) else _plain(value)
        for name, value in values.items()
    }
    return json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _own(page: Content) -> list:
    return ["page", page.source_path, body_digest(page)]


def body_digest(page: Content) -> str:
    cached = page.__dict__.get("_body_digest")
    if cached is None:
        cached = hashlib.sha1(page._content.encode("utf-8"), usedforsecurity=False).hexdigest()
        page._body_digest = cached
    return cached


def _plain(value):
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Content):
        return ["page", value.source_path]
    if isinstance(value, Unit):
        return ["unit", value.code]
    if isinstance(value, Registry):
        return "registry"
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    raise NoKey(f"no render key for a {type(value).__name__}")
