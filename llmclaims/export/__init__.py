"""Exports: SQLite and pandas tables (``tables``), the HTML viewer (``viewer``)."""

from .tables import load, read_results, to_pandas, to_sqlite

__all__ = ["load", "read_results", "to_pandas", "to_sqlite"]
