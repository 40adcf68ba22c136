"""Load on the web app's API: /ask and /check from 1, 8 and 32 clients.

    nice -n 10 .venv/bin/python benchmarks/load.py [--requests 170] [--clients 1 8 32]
        [--baseline DIR] [--rounds 2] [--endpoints ask check] [--profile]

Starts `python app.py` (this checkout, and with --baseline DIR also the code in
DIR, e.g. `git archive <old commit> | tar -x -C DIR`) on 127.0.0.1 over the seed
documents with the real model, one server at a time, and drives each endpoint
with N client threads over Gradio's plain HTTP API (POST /gradio_api/call/<api>,
then read the result stream), each client sending its next request as soon as
the last is answered, for a bounded number of requests per (endpoint, clients).
Questions and claims are ../shared/eval/seeds_*.jsonl, in turn.

Prints per row: p50 and p95 latency, requests per second, errors, and the
server's RSS before and after (VmRSS from /proc), and the load average beside
the figures (the machine is shared). With --baseline each row is printed for
the baseline and this checkout; both servers stay up, and each row's requests
are sent in --rounds turns alternating between them, so that a change in the
machine's load falls on both alike.

--profile times answer() in this process over the same questions (no server):
what is left of the per-request time is the queue and HTTP.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QA_SHARED", ROOT.parent / "shared"))
CACHE = Path.home() / ".cache" / "qa-bench" / "load"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load_avg() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def inputs() -> dict[str, list]:
    read = lambda name: [json.loads(x) for x in (SHARED / "eval" / name).read_text().splitlines() if x.strip()]
    return {"ask": [[q["question"], 5, None] for q in read("seeds_questions.jsonl")],
            "check": [[c["claim"], 5, None] for c in read("seeds_claims.jsonl")]}


class Server:
    """`python app.py` from ``root`` on a free port, over the seeds; its index is
    kept per code folder under ~/.cache/qa-bench/load/ (built at the first start)."""

    def __init__(self, root: Path):
        self.base = Path(tempfile.mkdtemp(prefix="qa-load-"))
        index = CACHE / ("index-" + hashlib.sha1(str(root).encode()).hexdigest()[:10])
        self.port = free_port()
        env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", PYTHONPATH=str(root))
        self.proc = subprocess.Popen([sys.executable, "app.py", "--index", str(index), "--library",
                                      str(self.base / "library"), "--host", "127.0.0.1", "--port", str(self.port)],
                                     cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.url = f"http://127.0.0.1:{self.port}/"
        import httpx
        t0 = time.monotonic()
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"app.py from {root} exited: {self.proc.stderr.read()[-2000:]}")
            try:
                httpx.get(self.url, timeout=2)
                return
            except httpx.HTTPError:
                if time.monotonic() - t0 > 900:
                    self.close()
                    raise SystemExit(f"app.py from {root} did not answer within 300 s")
                time.sleep(0.2)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.base, ignore_errors=True)


def call(http, url: str, api: str, data: list) -> None:
    """One request through Gradio's plain HTTP API; raises on an error result."""
    r = http.post(f"{url}gradio_api/call/{api}", json={"data": data})
    r.raise_for_status()
    event = None
    with http.stream("GET", f"{url}gradio_api/call/{api}/{r.json()['event_id']}") as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                if event == "error":
                    raise RuntimeError(line[:200])
                return
    raise RuntimeError("the result stream ended without a result")


def drive(url: str, api: str, items: list, clients: int, requests: int, start: int = 0) -> dict:
    """``clients`` threads sending ``requests`` requests in all, one at a time each
    (inputs in turn from ``start``): their latencies, errors and wall time."""
    import httpx

    latencies, errors, lock = [], [], threading.Lock()
    counter = iter(range(start, start + requests))

    def client():
        with httpx.Client(timeout=300) as http:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                try:
                    call(http, url, api, items[i % len(items)])
                except Exception as e:  # counted, and the first few shown
                    with lock:
                        errors.append(f"{type(e).__name__}: {e}"[:160])
                    continue
                with lock:
                    latencies.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "errors": errors, "wall": time.perf_counter() - t0}


def summary(runs: list[dict]) -> dict:
    ms = sorted(x for r in runs for x in r["latencies"]) or [float("nan")]
    errors = [e for r in runs for e in r["errors"]]
    return {"p50": statistics.median(ms), "p95": ms[min(len(ms) - 1, int(0.95 * (len(ms) - 1) + 0.5))],
            "rps": (len(ms) if ms[0] == ms[0] else 0) / sum(r["wall"] for r in runs), "errors": errors,
            "n": len(ms) + len(errors)}


def profile(items: list) -> None:
    """answer() alone, in this process, over a seeds index built here."""
    sys.path.insert(0, str(ROOT))
    from qa.answer.answers import answer
    from qa.encode.embedding import embedder_for, load_embedder
    from qa.store.index import build_index, load_index

    out = Path(tempfile.mkdtemp(prefix="qa-load-")) / "index"
    build_index([ROOT / "seeds"], out, load_embedder("all-MiniLM-L6-v2"))
    index = load_index(out)
    embedder = embedder_for(index.manifest)
    for q, k, _ in items:  # warm: sentence vectors cached, as in a running server
        answer(index, embedder, q, k=k)
    times = []
    for _ in range(5):
        for q, k, _ in items:
            t0 = time.perf_counter()
            json.dumps(answer(index, embedder, q, k=k).to_dict())
            times.append(time.perf_counter() - t0)
    print(f"answer() + to_dict + JSON in process, 1 thread, {len(times)} calls: "
          f"p50 {1000 * statistics.median(times):.0f} ms, p95 {1000 * sorted(times)[int(0.95 * len(times))]:.0f} ms  (load {load_avg()})")


def main(argv=None) -> int:
    import httpx

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--requests", type=int, default=170, help="requests per endpoint and number of clients (default 170)")
    p.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    p.add_argument("--endpoints", nargs="+", default=["ask", "check"], choices=["ask", "check"])
    p.add_argument("--baseline", type=Path, help="a folder with the code to compare against (its app.py and qa/)")
    p.add_argument("--rounds", type=int, default=2, help="turns per row, alternating baseline and this (default 2)")
    p.add_argument("--profile", action="store_true", help="also time answer() in process (no server)")
    args = p.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on kill too
    items = inputs()
    if args.profile:
        profile(items["ask"])
    runs = ([("baseline", args.baseline.resolve())] if args.baseline else []) + [("this", ROOT)]
    servers = {}
    try:
        for name, root in runs:
            servers[name] = Server(root)
            with httpx.Client(timeout=300) as http:  # warm-up: first requests load lazily imported parts
                for api in args.endpoints:
                    for data in items[api][:3]:
                        call(http, servers[name].url, api, data)
            servers[name].rss0 = rss_mb(servers[name].proc.pid)
            servers[name].total = 0
        print(f"{'code':9} {'endpoint':7} {'clients':>7} {'requests':>8} {'p50 s':>7} {'p95 s':>7} {'req/s':>7} {'errors':>6} "
              f"{'RSS MB before->after':>21}  load avg")
        for api in args.endpoints:
            for clients in args.clients:
                done = {name: [] for name, _ in runs}
                before = {name: rss_mb(servers[name].proc.pid) for name, _ in runs}
                share = [args.requests // args.rounds + (i < args.requests % args.rounds) for i in range(args.rounds)]
                for i, n in enumerate(share):
                    for name, _ in (runs if i % 2 == 0 else runs[::-1]):
                        done[name].append(drive(servers[name].url, api, items[api], clients, n, sum(share[:i])))
                for name, _ in runs:
                    s, r = servers[name], summary(done[name])
                    s.total += r["n"]
                    print(f"{name:9} /{api:6} {clients:7d} {r['n']:8d} {r['p50']:7.3f} {r['p95']:7.3f} {r['rps']:7.1f} "
                          f"{len(r['errors']):6d} {before[name]:9.0f} -> {rss_mb(s.proc.pid):7.0f}  {load_avg()}", flush=True)
                    for e in r["errors"][:3]:
                        print(f"          error: {e}")
        for name, _ in runs:
            s = servers[name]
            print(f"{name}: server RSS {s.rss0:.0f} MB after warm-up -> {rss_mb(s.proc.pid):.0f} MB after {s.total} requests "
                  f"(growth {rss_mb(s.proc.pid) - s.rss0:+.0f} MB)")
    finally:
        for s in servers.values():
            s.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
