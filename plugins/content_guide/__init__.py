from .content_guide import register

__all__ = ["register"]
