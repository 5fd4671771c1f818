"""The build engine: staging, the output tree and manifest, render keys, caches, the atomic swap.

`portal.engine.build.build()` is the one entry point; it wires itself to Pelican's signals.
"""
