"""Holding up under attack and accident (issue 11): one set of limits with the
same one-line message in the CLI, the Python API and the app's API; bounded
work per request; a damaged file never blocks start-up or an upload; stdin
that is not UTF-8; login throttling.

The app runs in this process over a copy of the seeds with the fake embedder
(these tests are about mechanics, not retrieval), and is driven over HTTP:
gradio_client, or plain HTTP where the client library would refuse to send the
input (a lone surrogate) or where the test needs to drop the connection.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from qa.config import LIMITS, Limits, Settings  # noqa: E402
from qa.errors import QAError  # noqa: E402

from .conftest import ROOT, SEEDS  # noqa: E402

QUESTION = "Who hosted the January 2025 discussions with U.S. police unions?"
CLAIM = "The CBSA seized 4,234 firearms between 2019 and 2023."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def message(fn, *args, **kwargs) -> str:
    """The one-line message ``fn`` raises."""
    with pytest.raises(QAError) as e:
        fn(*args, **kwargs)
    return str(e.value)


def until(condition, seconds: float = 30, what: str = "condition"):
    """Poll ``condition`` until it is true (bounded; no fixed sleep)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    pytest.fail(f"{what} not reached within {seconds} s")


def draft_text(n: int) -> str:
    return " ".join(f"The harbour office number {i} logged {i * 7} tugboat escorts in {2000 + i % 25}." for i in range(n))


# ---------------------------------------------------------------- the limits themselves

def test_one_set_of_limits_same_message_in_settings_python_api_and_cli(capsys):
    from qa.answer.answers import answer
    from qa.check.claims import check_claim, check_draft
    from qa.cli import main

    for bad in (0, -1, 51, 10**9, "abc", 2.5, None, True):
        expected = message(LIMITS.k, bad)
        assert expected.startswith("k must be a whole number from 1 to 50, got")
        assert message(answer, None, None, QUESTION, k=bad) == expected      # checked before any work
        assert message(check_claim, None, None, CLAIM, k=bad) == expected
        assert message(check_draft, None, None, CLAIM, k=bad) == expected
    assert message(Settings, top_k=51) == message(LIMITS.k, 51)
    assert LIMITS.k("7") == 7 and LIMITS.k(50) == 50 and LIMITS.k(1.0) == 1
    for argv in (["ask", "-k", "0", QUESTION], ["check", "-k", "51", CLAIM]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err == f"qa: error: {message(LIMITS.k, int(argv[2]))}\n"
    assert message(answer, None, None, "x" * 2001) == "the question is 2,001 characters long; the limit is 2,000"
    assert message(check_claim, None, None, "x" * 2001) == "the claim is 2,001 characters long; the limit is 2,000"
    assert message(check_draft, None, None, "x" * 50_001).startswith("the draft is 50,001 characters long; the limit is 50,000")
    assert message(check_draft, None, None, draft_text(501)) == "the draft has 501 sentences; the limit is 500 (check it in parts)"
    assert "lone surrogate at position 3" in message(answer, None, None, "Who\ud800 hosted it?")
    assert "lone surrogate" in message(check_claim, None, None, "The CBSA\udce9 seized it.")
    assert message(LIMITS.doc_names, "a.txt") == "docs must be a list of document names, as qa docs lists them"
    with pytest.raises(QAError, match="limit k_max must be a positive number"):
        Limits(k_max=0)


def test_library_folder_that_is_a_file_is_one_line(tmp_path, hash_embedder):
    from qa.web.library import Library

    (tmp_path / "library").write_text("not a folder")
    with pytest.raises(QAError, match="cannot use .*library as the library folder: File exists; give another with --library"):
        Library(tmp_path / "index", [SEEDS], tmp_path / "library", embedder=hash_embedder)


def test_too_many_files_in_one_upload(tmp_path, hash_embedder):
    from qa.web.library import Library

    shutil.copytree(SEEDS, tmp_path / "seeds")
    lib = Library(tmp_path / "index", [tmp_path / "seeds"], tmp_path / "library", embedder=hash_embedder)
    lib.ensure()
    paths = [tmp_path / f"n{i}.txt" for i in range(LIMITS.upload_files + 1)]
    with pytest.raises(QAError, match=f"21 files in one upload; the limit is {LIMITS.upload_files}"):
        lib.add_files(paths)


# ---------------------------------------------------------------- the app over HTTP

@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app started over a valid index while library/ holds a damaged PDF
    (and a file it may not read): it must start and leave them out."""
    from qa.encode.embedding import HashEmbedder
    from qa.web.app import build_app, launch_options
    from qa.web.library import Library

    base = tmp_path_factory.mktemp("limits")
    shutil.copytree(SEEDS, base / "seeds")
    embedder = HashEmbedder()
    Library(base / "index", [base / "seeds"], base / "library", embedder=embedder).ensure()  # a valid index
    (base / "library" / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    said = []
    demo = build_app(base / "index", [base / "seeds"], base / "library", embedder=embedder, say=said.append)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **launch_options())
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}/", demo=demo, lib=demo.qa_library, base=base, said=said,
                          embedder=embedder)
    demo.close()


@pytest.fixture(scope="module")
def client(app):
    from gradio_client import Client

    return Client(app.url, verbose=False)


def call(url: str, api: str, data: list, timeout: float = 60) -> tuple[str, object]:
    """Gradio's plain HTTP API: POST the inputs (JSON written by hand, so a lone
    surrogate goes as its \\u escape), then read the result stream."""
    import httpx

    r = httpx.post(f"{url}gradio_api/call/{api}", content=json.dumps({"data": data}).encode(),
                   headers={"content-type": "application/json"}, timeout=timeout)
    r.raise_for_status()
    event = None
    with httpx.stream("GET", f"{url}gradio_api/call/{api}/{r.json()['event_id']}", timeout=timeout) as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                return event, json.loads(line.split(":", 1)[1])
    pytest.fail("the stream ended without a result")


def start(url: str, api: str, data: list):
    """A call whose result stream stays open until the context ends, then is dropped."""
    import httpx

    r = httpx.post(f"{url}gradio_api/call/{api}", content=json.dumps({"data": data}).encode(),
                   headers={"content-type": "application/json"}, timeout=30)
    return httpx.stream("GET", f"{url}gradio_api/call/{api}/{r.json()['event_id']}", timeout=30)


BAD = [  # (endpoint, inputs, the LIMITS check that gives the expected message)
    *[("/ask", [QUESTION, k, None], lambda k=k: LIMITS.k(k)) for k in (0, -1, 51, 10**9, "abc", 2.5)],
    ("/ask", ["x" * 2001, 5, None], lambda: LIMITS.text("x" * 2001, "question")),
    ("/ask", ["   ", 5, None], lambda: LIMITS.text("   ", "question", example="x")),
    ("/ask", [QUESTION, 5, "000_a58a9600d03a047c.txt"], lambda: LIMITS.doc_names("x")),
    *[("/check", [CLAIM, k, None], lambda k=k: LIMITS.k(k)) for k in (0, -1, 51, 10**9, "abc")],
    ("/check", ["x" * 2001, 5, None], lambda: LIMITS.text("x" * 2001, "claim")),
    *[("/check_draft", [CLAIM, k, None], lambda k=k: LIMITS.k(k)) for k in (0, -1, 51, 10**9, "abc")],
    ("/check_draft", ["x" * 50_001, 5, None], lambda: LIMITS.text("x" * 50_001, "draft")),
    ("/check_draft", [draft_text(501), 5, None], lambda: LIMITS.sentences(501)),
]


@pytest.mark.parametrize("api,inputs,check", BAD, ids=[f"{a}-{i}" for i, (a, _, _) in enumerate(BAD)])
def test_api_out_of_range_argument_is_a_one_line_error(client, api, inputs, check):
    expected = message(check)
    if api == "/ask" and inputs[0].strip() == "":
        expected = expected.split(";")[0]  # the example differs by where the question came from
    with pytest.raises(Exception) as e:
        client.predict(*inputs, api_name=api)
    assert expected in str(e.value) and "\n" not in expected


@pytest.mark.parametrize("api,text", [("ask", "Who\ud800 hosted it?"), ("check", "The CBSA\udce9 seized 4,234 firearms."),
                                      ("check_draft", "The CBSA seized firearms.\ud800 It did.")])
def test_lone_surrogate_or_malformed_k_over_plain_http_is_one_line_not_null(app, api, text):
    event, data = call(app.url, api, [text, 5, None])
    assert event == "error" and data is not None and "lone surrogate" in json.dumps(data), data
    event, data = call(app.url, api, [QUESTION if api == "ask" else CLAIM, {"k": 3}, None])
    assert event == "error" and "k must be a whole number from 1 to 50" in json.dumps(data), data


def test_huge_draft_is_refused_within_2s_while_a_draft_runs_and_another_client_asks(app, client):
    """One draft is being checked and another waits for its turn; a huge draft
    is still refused at once, and another client's question is answered."""
    from gradio_client import Client

    with contextlib.ExitStack() as busy:
        for _ in range(2):  # each holds its connection open until the end of the test, then drops it
            busy.enter_context(start(app.url, "check_draft", [draft_text(400), 5, None]))
        until(lambda: sum(len(j or []) for j in app.demo._queue.active_jobs) >= 2, what="two drafts running")
        for huge in (["x. " * 2_000_000, 5, None], [draft_text(10), 10**9, None], [draft_text(501), 5, None]):
            t0 = time.perf_counter()
            with pytest.raises(Exception, match="limit is|k must be"):
                client.predict(*huge, api_name="/check_draft")
            assert time.perf_counter() - t0 < 2.0
        asker = Client(app.url, verbose=False)
        t0 = time.perf_counter()
        assert asker.predict(QUESTION, 3, None, api_name="/ask")["passages"]
        print(f"\n[measure] /ask while two drafts are checked: {time.perf_counter() - t0:.2f} s")


def test_draft_check_stops_when_the_client_disconnects(app, caplog):
    caplog.set_level(logging.INFO, logger="qa.web.limits")
    with start(app.url, "check_draft", [draft_text(450), 5, None]):
        until(lambda: any(j for j in app.demo._queue.active_jobs), what="the draft running")
    # the connection is closed: the work stops between two sentences
    until(lambda: any("check stopped: the client disconnected" in m for m in caplog.messages), 60, "the check stopping")


def test_draft_time_budget_marks_the_rest_not_checked(app, monkeypatch):
    from qa.web import turns as web

    monkeypatch.setattr(web, "LIMITS", Limits(draft_seconds=0.05))
    results = web.check_text(app.lib, draft_text(200))
    notes = [r.get("note", "") for r in results]
    assert len(results) == 200 and notes[-1].startswith("not checked: the time budget of 0.05 s for one check ran out")


def test_damaged_file_neither_stops_start_up_nor_blocks_an_upload(app, tmp_path):
    assert any("left out broken.pdf: cannot read it as PDF" in s for s in app.said), app.said
    assert app.lib.skipped() and app.lib.skipped()[0][0] == "broken.pdf"
    assert "broken.pdf" in app.lib.skipped_note() and "cannot read it as PDF" in app.lib.skipped_note()
    assert "broken.pdf" not in app.lib.index.documents and len(app.lib.index.documents) == 2
    new = tmp_path / "ferry.txt"
    new.write_text("Ferry schedule notice\n\nThe night ferry to Grand Manan sails at 21:40 on Fridays.\n")
    msgs, added = app.lib.add_files([new])
    try:
        assert added == ["ferry.txt"] and "ferry.txt" in app.lib.index.documents, msgs
        assert any(k == "warn" and "broken.pdf" in m for k, m in msgs)  # said, not fatal
        # a restart over the same files starts, says again what is left out, and rewrites nothing
        from qa.web.library import Library

        again, said = Library(app.lib.index_dir, app.lib.sources, app.lib.upload_dir, embedder=app.embedder), []
        again.ensure(say=said.append)
        assert again.skipped()[0][0] == "broken.pdf" and any("left out broken.pdf" in s for s in said)
        assert again.index.path == app.lib.index.path and "ferry.txt" in again.index.documents
    finally:
        if "ferry.txt" in app.lib.index.documents:
            app.lib.remove("ferry.txt")


# ---------------------------------------------------------------- login throttling

def test_login_is_throttled_per_address_then_locked_out(app):
    import httpx

    from starlette.middleware import Middleware

    from qa.web.app import build_app, launch_options
    from qa.web.auth import LoginThrottle, Throttle

    now = [0.0]  # the throttle's clock: stands still while the guesses come in, however slow the machine
    options = launch_options()
    assert [m.cls for m in options["app_kwargs"]["middleware"]] == [LoginThrottle]  # what the app always runs with
    options["app_kwargs"] = {"middleware": [Middleware(LoginThrottle, throttle=Throttle(clock=lambda: now[0]))]}
    demo = build_app(app.base / "index", [app.base / "seeds"], app.base / "library", embedder=app.embedder)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                auth=("analyst", "s3cret"), **options)
    try:
        login = f"http://127.0.0.1:{port}/login"
        codes = [httpx.post(login, data={"username": "analyst", "password": f"guess{i}"}).status_code for i in range(60)]
        assert codes[:3] == [400, 400, 400] and set(codes[3:]) == {429}  # 60 guesses: only 3 are heard
        right = httpx.post(login, data={"username": "analyst", "password": "s3cret"})
        assert right.status_code == 429 and right.json()["detail"] == "too many failed logins from your address; try again in 1 s"
        assert right.headers["retry-after"] == "1"
        now[0] += 1  # the wait is over: the right password is heard, and accepted
        assert httpx.post(login, data={"username": "analyst", "password": "s3cret"}).status_code == 200
    finally:
        demo.close()
    now = [0.0]
    t = Throttle(clock=lambda: now[0])
    waits = []
    while not t.locked("10.0.0.9"):
        wait = t.attempt("10.0.0.9")
        waits.append(wait)
        now[0] += wait
    assert [w for w in waits if w] == [1, 2, 4, 8, 16, 32, 60]  # growing delays after 3 free attempts
    assert t.attempt("10.0.0.9") == 900  # then locked out for 15 minutes
    assert t.message("10.0.0.9", 900) == "locked out: 10 failed logins from your address; try again in 15 minutes"
    assert t.attempt("10.0.0.10") == 0  # per address


# ---------------------------------------------------------------- stdin and arguments

@pytest.fixture
def stdin_bytes(monkeypatch):
    def feed(data: bytes):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    return feed


@pytest.mark.parametrize("command,good", [("ask", QUESTION), ("check", CLAIM)])
def test_stdin_line_that_is_not_utf8_gets_an_error_object_and_the_stream_goes_on(seeds_index, stdin_bytes, capsys, command, good):
    from qa.cli import main

    stdin_bytes(good.encode() + b"\ncaf\xe9 \xff who?\n" + good.encode() + b"\n")
    code = main(["--index", str(seeds_index.path), command, "--json", "-"])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == 2 and len(lines) == 3
    assert "error" not in lines[0] and "error" not in lines[2]
    assert lines[1]["error"] == "line 2 of stdin is not valid UTF-8 (byte 0xe9 at position 3); save the input as UTF-8"


@pytest.mark.slow
def test_argument_that_is_not_utf8_is_decoded_with_a_note(seeds_index):
    proc = subprocess.run([sys.executable, "-m", "qa.cli", "--index", str(seeds_index.path), "ask", "--json",
                           b"How many firearms did the CBSA seize\xff between 2019 and 2023?"],
                          capture_output=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.decode() == "qa: note: the question had bytes that are not UTF-8; they were replaced by \ufffd\n"
    assert json.loads(proc.stdout)["question"] == "How many firearms did the CBSA seize\ufffd between 2019 and 2023?"


def test_finished_api_calls_do_not_pile_up_sessions_in_memory(app):
    """Each plain HTTP call is a new Gradio session (~100 kB of page state); they are
    forgotten once delivered and idle, so memory does not grow with requests."""
    holder = app.demo.state_holder
    for _ in range(40):
        assert call(app.url, "ask", [QUESTION, 3, None])[0] == "complete"
    assert until(lambda: call(app.url, "ask", [QUESTION, 3, None]) and len(holder.session_data) <= 10,
                 30, "finished sessions forgotten")
