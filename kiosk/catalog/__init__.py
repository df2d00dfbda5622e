"""The catalog of procedures: data model, loading, fees and search.

from kiosk.catalog import CatalogStore, ProcedureIndex
store = CatalogStore.shipped()
index = ProcedureIndex(store.current)
index.search("ly lich tu phap")[0].procedure.code
"""

from kiosk.catalog.conditions import Condition, applies
from kiosk.catalog.fees import (
    FeeLine,
    fee_kinds,
    fee_lines,
    fee_word,
    format_vnd,
    total_vnd,
)
from kiosk.catalog.loader import CatalogStore, load_catalog, parse_catalog, shipped_catalog
from kiosk.catalog.model import (
    Agency,
    Catalog,
    Fee,
    Option,
    Paper,
    Procedure,
    Processing,
    Question,
    Sector,
    Source,
    Text,
    Validation,
    processing_text,
    unconfirmed_words,
)
from kiosk.catalog.search import Hit, ProcedureIndex
from kiosk.catalog.text import fold

__all__ = [
    "Agency",
    "Catalog",
    "CatalogStore",
    "Condition",
    "Fee",
    "FeeLine",
    "Hit",
    "Option",
    "Paper",
    "Procedure",
    "ProcedureIndex",
    "Processing",
    "Question",
    "Sector",
    "Source",
    "Text",
    "Validation",
    "applies",
    "fee_kinds",
    "fee_lines",
    "fee_word",
    "fold",
    "format_vnd",
    "load_catalog",
    "parse_catalog",
    "processing_text",
    "shipped_catalog",
    "total_vnd",
    "unconfirmed_words",
]
