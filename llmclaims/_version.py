"""The package's version, in one place: read by hatch (pyproject) and by every module that
writes it (provenance, cache keys, ``--version``)."""

__version__ = "0.1.0"
