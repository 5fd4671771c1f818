"""The portal's Pelican plugins: one package per feature, each with `register()` and `ROUTES`
(shared code is the `portal` package)."""
