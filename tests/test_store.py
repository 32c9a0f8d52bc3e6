"""The store: round trip, replacement, actors, transactions, odd input, both databases."""

from __future__ import annotations

import os
import sqlite3
import threading

import pytest
from pg import postgres_server, postgres_url  # noqa: F401  (fixtures)
from store_samples import build, sample_documents, tesla_saudi

import rasd
from rasd.document import Amount, Document
from rasd.store import StoreError, open_store, resolve_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def _alembic_head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from rasd.store.core import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def test_rows_prepared_in_another_process_store_what_save_stores(tmp_path):
    """A batch's workers prepare rows (`prepare_rows`) and pickle them to the writer
    (`save_rows`): the store must end up as `save` leaves it."""
    import pickle

    from rasd.store.core import prepare_rows

    docs = sample_documents()
    direct, via_rows = open_store(str(tmp_path / "a.db")), open_store(str(tmp_path / "b.db"))
    direct.save(docs)
    via_rows.save_rows(pickle.loads(pickle.dumps([prepare_rows(d) for d in docs])))
    for d in docs:
        assert via_rows.get_data(d.id) == direct.get_data(d.id)
    assert {**via_rows.stats(), "url": None} == {**direct.stats(), "url": None}
    assert via_rows.actors() == direct.actors()
    direct.close()
    via_rows.close()


def test_resolve_url():
    assert resolve_url(None).endswith("/rasd.db") and resolve_url(None).startswith("sqlite:///")
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    assert resolve_url("data/news.db").startswith("sqlite:////")


def test_default_is_rasd_db_in_current_folder_with_wal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = open_store()
    store.save([tesla_saudi()])
    store.close()
    assert (tmp_path / "rasd.db").exists()
    con = sqlite3.connect(tmp_path / "rasd.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == _alembic_head()
    con.close()


def test_round_trip_every_layer(store):
    docs = sample_documents()
    store.save(docs)
    assert store.count() == len(docs)
    for doc in docs:
        back = store.get(doc.id)
        assert back is not None
        assert back.to_dict() == doc.to_dict()
        back.validate()
    assert store.get("no-such-id") is None


def test_known_reports_hash_and_version(store):
    doc = tesla_saudi()
    store.save([doc])
    assert store.known([doc.id, "missing"]) == {doc.id: (doc.content_hash, rasd.__version__)}
    assert store.known([]) == {}


def test_resave_is_idempotent_and_replaces(store):
    docs = sample_documents()
    store.save(docs)
    first = store.stats()
    store.save(docs)
    assert store.stats() == first
    changed = tesla_saudi()
    changed.events = changed.events[:1]
    changed.amounts = []
    changed.events[0].amount = None
    store.save([changed])
    after = store.stats()
    assert after["documents"] == first["documents"]
    assert after["events"] == first["events"] - 1
    assert after["amounts"] == first["amounts"] - 1
    assert store.get(changed.id).to_dict() == changed.to_dict()


def test_duplicate_ids_in_one_batch_keep_the_last(store):
    a, b = tesla_saudi(), tesla_saudi()
    b.title = "second"
    store.save([a, b])
    assert store.count() == 1 and store.get(a.id).title == "second"


def test_actors_are_shared_across_documents(store):
    store.save(sample_documents())
    stats = store.stats()
    # Tesla (kb Q478214) appears in three documents under two spellings: one actor.
    assert stats["entities"] == 10
    assert stats["actors"] == 8
    assert stats["events_by_type"] == {"AGREE": 2, "COERCE": 1, "COOPERATE": 1}
    assert stats["events_by_modality"]["denied"] == 1
    assert stats["published_first"] == "2023-11-20" and stats["published_last"] == "2024-06-02"


def test_interrupted_save_leaves_the_store_as_it_was(store, monkeypatch):
    original = tesla_saudi()
    store.save([original])
    before = store.stats()
    changed = tesla_saudi()
    changed.title = "changed"

    def boom(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(type(store), "_upsert_actors", boom)
    with pytest.raises(RuntimeError):
        store.save([changed, sample_documents()[2]])
    monkeypatch.undo()
    assert store.stats() == before
    assert store.get(original.id).title == original.title


def test_odd_input_is_stored_without_crashing(store):
    nul = Document(text="نص فيه\x00 محرف فارغ وكسر \ud800 في الترميز", id="odd-1")
    no_arabic = Document(text="Plain English text, no Arabic at all. 123", id="odd-2")
    huge = build("odd-3", "رقم ضخم 1" + "0" * 500 + " هنا", amounts=[])
    span = huge.span(len("رقم ضخم "), len("رقم ضخم 1") + 500)
    huge.amounts.append(Amount(span.start, span.end, span.text, 10**500, None, "number"))
    marks = Document(text="أعلنت\u200f تسلا\u061c عن ١٬٥\u200e مليار", id="odd-4")
    store.save([nul, no_arabic, huge, marks])
    back = store.get("odd-1")
    assert len(back.text) == len(nul.text) and "\x00" not in back.text
    assert store.get("odd-2").text == no_arabic.text
    assert store.get("odd-3").amounts[0].value == 10**500  # exact in the JSON, left out of the Float column
    assert store.get("odd-4").to_dict() == marks.to_dict()


def test_empty_save_is_a_no_op(store):
    store.save([])
    assert store.count() == 0
    assert store.stats()["documents"] == 0


def test_open_twice_does_not_remigrate(store_url):
    open_store(store_url).close()
    s = open_store(store_url)
    s.save([tesla_saudi()])
    s.close()
    s = open_store(store_url)
    assert s.count() == 1
    s.close()


def test_bad_url_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError):
        open_store("nosuchdriver://x/y")
    with pytest.raises(StoreError):
        open_store(str(tmp_path / "missing-folder" / "x.db"))


def test_password_is_hidden_in_url():
    from rasd.store.core import Store
    from sqlalchemy import create_engine

    s = Store(create_engine("postgresql+psycopg://user:secret@localhost/db"))
    assert "secret" not in s.url


def _many(batch: int, n: int) -> list[Document]:
    docs = []
    for i in range(n):
        doc = tesla_saudi()
        doc.id = f"batch{batch}-{i}"
        docs.append(doc)
    return docs


def test_readers_see_consistent_data_while_writing(store_url):
    """Every snapshot a reader takes has whole documents: 4 entities and 2 events for each."""
    writer_store = open_store(store_url)
    reader_store = open_store(store_url)
    done = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for batch in range(8):
                writer_store.save(_many(batch, 10))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    def read() -> None:
        try:
            while not done.is_set():
                s = reader_store.stats()
                assert s["entities"] == 4 * s["documents"], s
                assert s["events"] == 2 * s["documents"], s
                assert s["documents"] % 10 == 0, s
        except BaseException as exc:
            errors.append(exc)
            done.set()

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    writer_store.close()
    reader_store.close()
    assert not errors, errors
    final = open_store(store_url)
    assert final.count() == 80
    final.close()


def test_concurrent_writers_share_actors(store_url):
    stores = [open_store(store_url) for _ in range(2)]
    errors: list[BaseException] = []

    def write(k: int) -> None:
        try:
            for batch in range(4):
                stores[k].save(_many(batch * 2 + k, 5))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    stats = stores[0].stats()
    assert stats["documents"] == 40 and stats["actors"] == 4
    for s in stores:
        s.close()


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX only")
def test_downgrade_and_upgrade_again(tmp_path):
    from alembic import command
    from alembic.config import Config

    from rasd.store.core import MIGRATIONS

    s = open_store(str(tmp_path / "m.db"))
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with s.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
        conn.commit()
    s.close()
    s = open_store(str(tmp_path / "m.db"))
    s.save([tesla_saudi()])
    assert s.count() == 1
    s.close()


def test_huge_text_is_stored_and_only_its_start_indexed(tmp_path):
    from sqlalchemy import func, select

    from rasd.resources import load_toml
    from rasd.store.models import SearchRow

    limit = load_toml("search.toml")["max_indexed_chars"]
    text = ("أعلنت شركة تسلا عن مصنع. " * (limit // 24 + 10)) + " كلمةفيالنهاية"
    store = open_store(str(tmp_path / "huge.db"))
    store.save([Document(text=text, id="huge")])
    assert store.get("huge").text == text
    with store.engine.connect() as conn:
        body_len = conn.execute(select(func.length(SearchRow.body))).scalar_one()
    assert body_len < 4 * limit
    assert store.search("تسلا").total == 1
    assert store.search("كلمةفيالنهاية").total == 0  # beyond the indexed start: left out
    store.close()


def test_duplicate_local_ids_in_a_document_do_not_fail_the_save(tmp_path):
    doc = tesla_saudi()
    first = doc.entities[0]
    doc.entities.append(type(first)(first.id, "ORG", "تسلا", [doc.span(first.mentions[0].start, first.mentions[0].end)]))
    doc.events.append(doc.events[0])
    nul = Document(text="نص\x00 فيه تسلا", id="nul-ids")
    nul.entities.append(type(first)("E\x001", "ORG", "تسلا", [nul.span(8, 12)]))
    store = open_store(str(tmp_path / "dup.db"))
    store.save([doc, nul])
    assert store.get(doc.id).to_dict() == doc.to_dict()
    stats = store.stats()
    assert stats["events"] == 3 and stats["mentions"] == 6
    assert store.document_view("nul-ids")["entities"][0]["actor_id"] is not None
    store.close()


def test_in_memory_store():
    store = open_store(":memory:")
    store.save([tesla_saudi()])
    assert store.count() == 1 and store.search("تسلا").total == 1
    assert store.get("tesla-saudi").to_dict() == tesla_saudi().to_dict()
    store.close()


@pytest.mark.slow
def test_a_killed_writer_leaves_whole_documents(tmp_path):
    """SIGKILL a process in the middle of its saves: what is stored is whole documents only."""
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    db = tmp_path / "killed.db"
    script = (
        "import sys; sys.path.insert(0, %r)\n"
        "from store_samples import tesla_saudi\n"
        "from rasd.store import open_store\n"
        "s = open_store(%r)\n"
        "print('ready', flush=True)\n"
        "for b in range(100000):\n"
        "    docs = []\n"
        "    for i in range(50):\n"
        "        d = tesla_saudi(); d.id = f'k{b}-{i}'; docs.append(d)\n"
        "    s.save(docs)\n"
    ) % (str(Path(__file__).parent), str(db))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    store = open_store(str(db))
    stats = store.stats()
    assert stats["documents"] > 0 and stats["documents"] % 50 == 0
    assert stats["entities"] == 4 * stats["documents"] and stats["events"] == 2 * stats["documents"]
    assert store.search("تسلا", limit=1).total == stats["documents"]
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    store.close()
