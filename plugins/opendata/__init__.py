from .opendata import register

__all__ = ["register"]
