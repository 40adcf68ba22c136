"""SciFact retrieval: nDCG@10, recall@100 and MRR@10 of hybrid search beside
BM25 alone and dense alone, measured in the same run (issue 9's SciFact target).

    python benchmarks/scifact_retrieval.py                      # train split, the cached index
    python benchmarks/scifact_retrieval.py --index DIR          # a qa index of the abstracts as <id>.txt
    python benchmarks/scifact_retrieval.py --split test         # if the folder has qrels/test.tsv

``qa eval --beir ../shared/bench/scifact --split train`` measures the same
thing but builds its own index on first use (about 40 min on 2 cores); this
reuses the index ``benchmarks/scifact_claims.py`` keeps of the same 5,183
abstracts (one ``<id>.txt`` each, as ``qa.testsets.doc_file`` names them),
when it exists, else builds that one. Nothing is written inside the project.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.config import DEFAULT_MODEL  # noqa: E402
from qa.encode.embedding import load_embedder  # noqa: E402
from qa.evaluate import BEIR_METRICS, beir_index, cache_root, evaluate_beir, load_beir, table  # noqa: E402
from qa.store.index import load_index  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--beir", type=Path, default=ROOT.parent / "shared" / "bench" / "scifact")
    ap.add_argument("--split", default="train")
    ap.add_argument("--index", type=Path, help="a qa index of the corpus (default: the claims benchmark's, if built)")
    args = ap.parse_args()
    beir = load_beir(args.beir, args.split)
    embedder = load_embedder(DEFAULT_MODEL)
    cached = [p for p in (args.index, cache_root() / "scifact-index-sv", cache_root() / "scifact-index") if p and p.exists()]
    index = load_index(cached[0]) if cached else beir_index(beir, embedder)
    missing = set(beir.corpus) - {unquote(n[:-4]) for n in index.documents}  # undo qa.testsets.doc_file
    if len(missing) > len(beir.corpus) // 100:
        sys.exit(f"{cached[0] if cached else 'the index'} lacks {len(missing)} of the corpus's documents: not this corpus")
    results, ms = evaluate_beir(beir, index, embedder)
    print(f"{beir.name} {args.split}: {len(beir.queries)} queries, {len(index.documents)} documents, "
          f"{len(index.chunks)} chunks; index {cached[0] if cached else 'built by qa eval --beir'}")
    print(table(results, BEIR_METRICS, ms))


if __name__ == "__main__":
    main()
