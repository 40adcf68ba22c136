"""Stage 6, check: claims compared with the evidence (supported, contradicted, not found)."""
