"""Stage 5, answer: passages with highlights, whether they answer, and their citations."""
