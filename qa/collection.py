"""The one object callers hold (store + encoder + settings): ``Collection``.

It is defined in ``qa/check/collection.py``, the last pipeline stage it
composes, so that the web stage can use it too; import it from here.
"""

from qa.check.collection import Collection, collections, default_store  # noqa: F401
