from .localities import register

__all__ = ["register"]
