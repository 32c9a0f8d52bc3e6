"""A real PostgreSQL server for the tests, started in a temporary folder on a free loopback port.

Import the fixtures into a test module (``from pg import postgres_server, postgres_url``). The
server is started once per session with the binaries of the installed PostgreSQL (``pg_ctl`` on
PATH or under /usr/lib/postgresql/*/bin); each test gets a fresh database. PostgreSQL refuses to
run as root, so as root the server runs as the ``postgres`` system user. Tests skip with the
reason when no server binary is installed (``scripts/ci_setup.sh`` installs one).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="rasd-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = "rasd"
        self.process: subprocess.Popen | None = None
        self._counter = itertools.count(1)
        self._template_ready = False
        self._run_as: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                self._run_as = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
            os.chown(self.root, self._run_as.pw_uid, self._run_as.pw_gid)

    def _preexec(self):  # type: ignore[no-untyped-def]
        if self._run_as is None:
            return None
        uid, gid = self._run_as.pw_uid, self._run_as.pw_gid

        def demote() -> None:
            os.setgid(gid)
            os.setuid(uid)

        return demote

    def start(self) -> None:
        log = self.root / "initdb.log"
        with log.open("w") as out:
            subprocess.run(
                [str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8",
                 "--locale=C", "--no-sync"],
                stdout=out, stderr=subprocess.STDOUT, check=True, preexec_fn=self._preexec(), cwd=self.root,
            )
        self.process = subprocess.Popen(
            [str(self.bin_dir / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.root),
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=50"],
            stdout=(self.root / "server.log").open("w"), stderr=subprocess.STDOUT,
            preexec_fn=self._preexec(), cwd=self.root,
        )
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.admin_dsn, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("PostgreSQL did not start:\n" + (self.root / "server.log").read_text())
                time.sleep(0.1)

    @property
    def admin_dsn(self) -> str:
        return f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres"

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{name}"

    def new_database(self, migrated: bool = True) -> str:
        """A fresh database; returns its SQLAlchemy URL.

        ``migrated``: a copy of a template database that `open_store` has already migrated (a
        file copy, much faster than running the migrations for every test); else empty.
        """
        import psycopg

        name = f"rasd_test_{next(self._counter)}"
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            if migrated and not self._template_ready:
                from rasd.store import open_store

                conn.execute('CREATE DATABASE "rasd_template"')
                open_store(self.url("rasd_template")).close()
                self._template_ready = True
            template = ' TEMPLATE "rasd_template"' if migrated else ""
            conn.execute(f'CREATE DATABASE "{name}"{template}')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # Immediate shutdown (no checkpoint): the data folder is deleted next anyway.
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'rasd[postgres]')")
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries (initdb, postgres) are not installed; run scripts/ci_setup.sh")
    server = PostgresServer(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh migrated database for one test, dropped afterwards (each is several MB on disk)."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)
