"""all-MiniLM-L6-v2 as an int8 ONNX model: one-time export plus a light encoder.

`export()` needs torch, transformers, onnx and onnxruntime (imported lazily).
`OnnxEncoder` needs only onnxruntime, tokenizers and numpy, so a fresh process
that only encodes never pays for importing torch or sentence-transformers.
The embeddings mean-pool the last hidden state over the attention mask and
L2-normalise, like SentenceTransformer.encode(normalize_embeddings=True).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "meta.json"
OPSET = 17
FP32_FFN_LAYERS = (0, 1)
INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids"]


def _sha256(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _export_fp32(model_dir: Path, onnx_path: Path) -> None:
    """Trace the BERT encoder to ONNX (fp32) with dynamic batch/sequence axes."""
    import torch
    from transformers import AutoModel

    # Eager attention traces to plain MatMul/Softmax ops; SDPA paths may
    # branch on the mask values, which a trace would freeze.
    bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
    bert.eval()

    class LastHidden(torch.nn.Module):
        """Return only last_hidden_state, with positional inputs."""

        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.model(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids)
            return out.last_hidden_state

    # Dummy batch with padding in row 1 so mask handling is traced, not elided.
    ids = torch.randint(1000, 2000, (2, 16), dtype=torch.long)
    mask = torch.ones_like(ids)
    mask[1, 9:] = 0
    ids[1, 9:] = 0
    types = torch.zeros_like(ids)
    dynamic = {name: {0: "batch", 1: "seq"} for name in INPUT_NAMES}
    dynamic["last_hidden_state"] = {0: "batch", 1: "seq"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer and deprecation chatter
        torch.onnx.export(
            LastHidden(bert), (ids, mask, types), str(onnx_path),
            input_names=INPUT_NAMES, output_names=["last_hidden_state"],
            dynamic_axes=dynamic, opset_version=OPSET, dynamo=False,
        )


def _fp32_nodes(onnx_path: Path) -> list[str]:
    """MatMul nodes left in fp32: the feed-forward blocks of FP32_FFN_LAYERS.

    Quantising them costs the most accuracy on short texts: an emoji-heavy
    one-liner fell to cosine 0.976-0.979 vs fp32; with them kept, >= 0.985.
    They cost about a fifth of the int8 speed-up.
    """
    import onnx

    graph = onnx.load(str(onnx_path), load_external_data=False).graph
    keep = [f"layer.{i}/{part}/" for i in FP32_FFN_LAYERS for part in ("intermediate", "output")]
    return [n.name for n in graph.node if n.op_type == "MatMul" and any(k in n.name for k in keep)]


def _quantize(fp32_path: Path, int8_path: Path, weight_type: str) -> list[str]:
    """Dynamic int8 quantisation of MatMul and embedding weights, per channel.

    Per-tensor scales lose too much (mean cosine vs fp32 0.945 for QInt8);
    per-channel keeps about 0.994. Activations are quantised at run time,
    per batch. Returns the names of the nodes kept in fp32.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    excluded = _fp32_nodes(fp32_path)
    quantize_dynamic(str(fp32_path), str(int8_path), per_channel=True,
                     weight_type=getattr(QuantType, weight_type), nodes_to_exclude=excluded)
    return excluded


def export(model_dir: Path, out_dir: Path, weight_type: str = "QInt8",
           source_name: str = "sentence-transformers/all-MiniLM-L6-v2") -> Path:
    """Export model_dir (a SentenceTransformer folder) to an int8 ONNX folder.

    out_dir receives model.onnx, tokenizer.json and meta.json. Work happens in
    a sibling temp dir that is renamed into place at the end; an existing
    out_dir is replaced. weight_type is "QInt8" or "QUInt8". Returns out_dir.
    """
    model_dir, out_dir = Path(model_dir), Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    tmp.chmod(0o755)  # mkdtemp makes it 0700
    try:
        fp32 = tmp / "model_fp32.onnx"
        _export_fp32(model_dir, fp32)
        excluded = _quantize(fp32, tmp / MODEL_FILE, weight_type)
        fp32.unlink()
        shutil.copy2(model_dir / TOKENIZER_FILE, tmp / TOKENIZER_FILE)
        meta = {
            "source_name": source_name,
            "source_path": str(model_dir.resolve()),
            "model_safetensors_sha256": _sha256(model_dir / "model.safetensors"),
            "opset": OPSET,
            "quantization": {"method": "onnxruntime.quantize_dynamic",
                             "weight_type": weight_type,
                             "per_channel": True, "reduce_range": False,
                             "fp32_nodes": excluded},
            "inputs": INPUT_NAMES,
            "output": "last_hidden_state",
            "onnxruntime_version": ort.__version__,
        }
        (tmp / META_FILE).write_text(json.dumps(meta, indent=2) + "\n")
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def _swap_into_place(tmp: Path, out_dir: Path) -> None:
    """Rename tmp to out_dir, moving any existing out_dir aside first."""
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.rename(out_dir, old / "d")
    os.rename(tmp, out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class OnnxEncoder:
    """Sentence encoder running the exported int8 model with onnxruntime."""

    dim = 384

    def __init__(self, onnx_dir: Path, max_length: int = 256, threads: int | None = None):
        """Load tokenizer and ONNX session from onnx_dir (made by export()).

        max_length counts [CLS]/[SEP] like SentenceTransformer.max_seq_length.
        threads sets onnxruntime's intra-op threads (None: its default).
        """
        onnx_dir = Path(onnx_dir)
        self.max_length = max_length
        self.tokenizer = Tokenizer.from_file(str(onnx_dir / TOKENIZER_FILE))
        # tokenizer.json ships fixed 128 padding/truncation; replace both.
        self.tokenizer.enable_truncation(max_length=max_length)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._counter = Tokenizer.from_file(str(onnx_dir / TOKENIZER_FILE))
        self._counter.no_truncation()
        self._counter.no_padding()
        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_dir / MODEL_FILE), opts,
                                            providers=["CPUExecutionProvider"])

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        """Embed one batch: tokenize, run, mean-pool, L2-normalise."""
        encs = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
        types = np.array([e.type_ids for e in encs], dtype=np.int64)
        (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                            "token_type_ids": types})
        return mean_pool_normalize(hidden, mask)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Embed texts as float32 (n, 384) unit vectors, in input order.

        Texts are sorted by length before batching to limit padding.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a list of strings, not a string")
        texts = [str(t) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            out[idx] = self._encode_batch([texts[i] for i in idx])
        return out

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Word pieces per text, without [CLS]/[SEP] and without truncation."""
        encs = self._counter.encode_batch([str(t) for t in texts], add_special_tokens=False)
        return [len(e.ids) for e in encs]


def mean_pool_normalize(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Masked mean over tokens, then L2 normalise (eps as in torch)."""
    m = mask[..., None].astype(np.float32)
    summed = (hidden * m).sum(axis=1)
    pooled = summed / np.clip(m.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
