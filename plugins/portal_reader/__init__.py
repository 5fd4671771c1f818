from .portal_reader import register

__all__ = ["register"]
