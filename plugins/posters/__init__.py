from .posters import register

__all__ = ["register"]
