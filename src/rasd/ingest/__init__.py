"""Readers that turn inputs (files, folders, stdin, JSONL dumps, HTML pages) into raw records.

A reader never raises on bad input: it yields a `Skipped` with the reason, and the batch goes on.
"""

from rasd.ingest.records import RawRecord, Skipped
from rasd.ingest.readers import read_inputs, read_path, read_stream

__all__ = ["RawRecord", "Skipped", "read_inputs", "read_path", "read_stream"]
