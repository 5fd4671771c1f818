from .agency_duties import register

__all__ = ["register"]
