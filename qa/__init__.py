"""qa: ask questions of a collection of documents and get verbatim, cited passages.

Importing the package is cheap (no model, no torch). Each stage is a folder,
and a stage imports only from the ones before it:

    ingest -> encode -> store -> retrieve -> answer -> check -> collection -> web

with ``config`` and ``errors`` beneath them all and ``cli`` and ``evaluate`` on
top. ``qa.collection.Collection`` (store + encoder + settings) is the one
object callers hold.
"""

__version__ = "0.1.0"
