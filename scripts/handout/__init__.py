"""Tools for the multilingual patient handout: content checks, glossary, i18n, search, PDF, build."""

__version__ = "1.0.0"
