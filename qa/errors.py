"""The one exception type the library raises for anything a user can fix.

The CLI and the app turn a ``QAError`` into a single line (no traceback);
anything else is a bug.
"""


class QAError(Exception):
    """A problem with the user's input, files or index, explained in one line."""


class IndexMissing(QAError):
    """There is no index at the given path yet."""


class IndexCorrupt(QAError):
    """The index on disk is unreadable, half-written or from another version."""


class CollectionMissing(QAError):
    """The store has no collection of that name (the message lists those it has)."""
