"""`rasd search` and `rasd serve` on the command line."""

from __future__ import annotations

import json

import pytest
from store_samples import sample_documents
from typer.testing import CliRunner

from rasd.cli import app
from rasd.store import open_store

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "cli.db")
    store = open_store(path)
    store.save(sample_documents())
    store.close()
    return path


def test_search_prints_ranked_hits(db):
    result = runner.invoke(app, ["search", "وتسلا", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 result(s)")
    assert "tesla-china" in result.output and "tesla-saudi" in result.output


def test_search_json_with_filters(db):
    result = runner.invoke(app, ["search", "تسلا", "--db", db, "--type", "AGREE", "--since", "2024", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert [h["id"] for h in body["hits"]] == ["tesla-saudi"]
    assert body["filters"] == {"type": "AGREE", "since": "2024"}


def test_search_filter_only_and_actor(db):
    result = runner.invoke(app, ["search", "--db", db, "--actor", "Tesla", "--until", "2024-05", "--json"])
    assert result.exit_code == 0, result.output
    assert {h["id"] for h in json.loads(result.output)["hits"]} == {"tesla-saudi", "hostile"}


def test_search_bad_date_is_a_clear_error(db):
    result = runner.invoke(app, ["search", "تسلا", "--db", db, "--since", "last week"])
    assert result.exit_code == 2 and "since must be" in result.output


def test_search_uses_rasd_db_env(db, monkeypatch):
    monkeypatch.setenv("RASD_DB", db)
    result = runner.invoke(app, ["search", "أرامكو", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["total"] == 1


def test_serve_is_registered():
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output and "RASD_API_TOKEN" in result.output
