"""The portal's Pelican plugins: one package per plugin, plus `core` (shared code, no plugin)."""
