"""qa: ask questions of a collection of documents and get verbatim, cited passages.

Importing the package is cheap (no model, no torch); each stage is a module:
documents -> chunking -> embedding -> index -> search -> answers -> citations.
"""

__version__ = "0.1.0"
