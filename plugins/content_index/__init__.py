from .content_index import register

__all__ = ["register"]
