"""`rasd serve` as a real process: it listens, answers, and refuses writes without a token."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from store_samples import sample_documents

from rasd.store import open_store

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_rasd_serve(tmp_path):
    db = str(tmp_path / "serve.db")
    store = open_store(db)
    store.save(sample_documents())
    store.close()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "RASD_API_TOKEN"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from rasd.cli import app; app()", "serve", "--db", db, "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/api/stats", timeout=2) as r:
                    stats = json.load(r)
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("rasd serve did not start: " + proc.stdout.read().decode(errors="replace"))
                time.sleep(0.2)
        assert stats["documents"] == 4
        with urllib.request.urlopen(base + "/", timeout=5) as r:
            assert '<html lang="ar" dir="rtl">' in r.read().decode()
        request = urllib.request.Request(
            base + "/api/documents", data=json.dumps({"text": "نص"}).encode(), method="POST",
            headers={"Content-Type": "application/json", "Authorization": "Bearer x"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
