"""Stage 2, encode: the embedding model (int8 ONNX by default, PyTorch as reference)."""
