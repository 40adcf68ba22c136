"""Stage 1, ingest: read files into documents (text, structure, metadata), split sentences, cut chunks."""
