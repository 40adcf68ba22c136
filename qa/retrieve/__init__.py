"""Stage 4, retrieve: dense and lexical candidates fused into one ranking."""
