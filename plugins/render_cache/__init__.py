from .render_cache import register

__all__ = ["register"]
