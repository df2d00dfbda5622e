"""The record-reception kiosk: the application core (no Qt, no device libraries)."""

__version__ = "0.1.0"
