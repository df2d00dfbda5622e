"""Yearly holiday notices, one JSON file a year (a package, so they ship as package data)."""
