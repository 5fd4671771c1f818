"""The content model: schemas, documents, front matter, checks and the locality registry.

Nothing here knows a page address or imports Pelican: `invoke check`, the build and the editor
read content through the same functions.
"""
