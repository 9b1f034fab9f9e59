"""The crisis-source embedding cache: written whole by each writer, a damaged entry encoded again."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from empathic.safety import crisis_data, embed_cache
from empathic.safety.crisis_data import Row

ROWS = [Row("first text", True, "feix_twitter", "g1", "en"), Row("second text", False, "feix_twitter", "g2", "en")]


@pytest.fixture
def fake_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[int]]:
    """A source file on disk and an encoder that counts its calls (no model is loaded)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / crisis_data.SOURCES["feix_twitter"]).write_text("{}\n")
    calls: list[int] = []

    def encode(rows: list[Row], features: str = "use") -> embed_cache.Embedded:
        calls.append(len(rows))
        return embed_cache.Embedded(rows, np.ones((len(rows), 4), np.float32), np.zeros((0, 4), np.float32),
                                    np.zeros(0, np.int64))

    monkeypatch.setattr(embed_cache, "load_source", lambda data_dir, source: list(ROWS))
    monkeypatch.setattr(embed_cache, "embed_rows", encode)
    return data, calls


def test_a_written_entry_is_read_back_without_encoding_again_and_leaves_no_temporary_file(fake_source, tmp_path):
    data, calls = fake_source
    cache = tmp_path / "cache"
    first = embed_cache.embedded_source(data, "feix_twitter", cache_dir=cache)
    second = embed_cache.embedded_source(data, "feix_twitter", cache_dir=cache)
    assert calls == [2]
    assert np.array_equal(first.whole, second.whole)
    assert [p.name for p in cache.iterdir()] == [p.name for p in cache.glob("feix_twitter-*.npz")]
    assert len(list(cache.iterdir())) == 1


def test_a_damaged_entry_is_encoded_again_instead_of_failing(fake_source, tmp_path):
    data, calls = fake_source
    cache = tmp_path / "cache"
    embed_cache.embedded_source(data, "feix_twitter", cache_dir=cache)
    (entry,) = cache.iterdir()
    entry.write_bytes(entry.read_bytes()[:40])  # a writer killed half way (before this fix wrote in place)
    again = embed_cache.embedded_source(data, "feix_twitter", cache_dir=cache)
    assert calls == [2, 2]
    assert again.whole.shape == (2, 4)
