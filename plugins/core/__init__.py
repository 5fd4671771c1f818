"""Shared code for the plugins and the Invoke tasks: schemas, front matter, checks, registry.

`core` is not a plugin (it has no `register()`); plugins import it, never each other.
"""
