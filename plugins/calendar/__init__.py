from .calendar import register

__all__ = ["register"]
