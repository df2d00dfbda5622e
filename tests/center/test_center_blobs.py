"""The blob store's pending writes: committed once, abandoned at any time, crash leftovers swept."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from center.blobs import STALE_TEMP_S, BlobStore


def test_commit_names_the_envelope_and_a_later_abandon_keeps_it(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    try:
        data = os.urandom(300_000)
        digest = hashlib.sha256(data).hexdigest()
        pending = store.begin_store(data)
        pending.commit(digest)
        pending.abandon()
        assert store.read(digest) == data
        assert [p.name for p in store.sealed.iterdir()] == [f"{digest}.seal"]
        with pytest.raises(RuntimeError, match="already"):
            pending.commit(digest)
    finally:
        store.close()


def test_abandon_does_not_wait_and_the_writer_deletes_its_file(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    try:
        pendings = [store.begin_store(os.urandom(2_000_000)) for _ in range(3)]
        for pending in pendings:
            pending.abandon()
            pending.abandon()
        for pending in pendings:
            pending.wait()
        assert list(store.sealed.iterdir()) == []
    finally:
        store.close()


def test_opening_the_store_sweeps_old_leftovers_only(tmp_path: Path) -> None:
    BlobStore(tmp_path).close()
    sealed = tmp_path / "sealed"
    old, young = sealed / ".tmp-crashed", sealed / ".tmp-in-progress"
    old.write_bytes(b"half an envelope")
    young.write_bytes(b"another process is writing this")
    long_ago = time.time() - STALE_TEMP_S - 60
    os.utime(old, (long_ago, long_ago))
    BlobStore(tmp_path).close()
    assert not old.exists() and young.exists()
