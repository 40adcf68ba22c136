"""Stage 3, store: where chunks, texts and vectors are kept and found (the local index folder)."""
