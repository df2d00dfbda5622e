"""Shipped data: catalog, holiday notices, office hours, consent notice (see README.md)."""
