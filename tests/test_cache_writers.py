"""Cache entries written by two processes at once (two test workers, two runs on one $EMPATHIC_CACHE).

Each test interleaves a second writer of the same entry inside the first one's write (the schedule two
processes can hit), deterministically: with one temporary name per entry, the second writer moved or
overwrote the first one's temporary file and the first writer's replace failed (FileNotFoundError), or a
finished folder was in the way of the second rename (OSError: directory not empty).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from empathic.io import publish_folder, write_file_via


def leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


def test_write_file_via_two_writers_of_one_entry_both_finish_whole(tmp_path):
    target = tmp_path / "entry.txt"
    seen = []

    def first(tmp: Path) -> None:
        tmp.write_text("first")
        seen.append(tmp)
        write_file_via(target, lambda other: (seen.append(other), other.write_text("second")))  # finishes first

    write_file_via(target, first)
    assert seen[0] != seen[1]  # never one temporary file for both
    assert target.read_text() == "first"  # each replace is whole; the last one wins
    assert leftovers(tmp_path, "entry.txt") == []


def test_write_file_via_keeps_the_suffix_and_cleans_up_after_a_failed_write(tmp_path):
    target = tmp_path / "vecs.npy"
    write_file_via(target, lambda tmp: np.save(tmp, np.arange(3)), suffix=".npy")  # np.save adds no second .npy
    assert np.load(target).tolist() == [0, 1, 2]

    def broken(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        write_file_via(target, broken)
    assert np.load(target).tolist() == [0, 1, 2]
    assert leftovers(tmp_path, "vecs.npy") == []


def test_publish_folder_keeps_the_first_complete_build_when_two_race(tmp_path):
    target = tmp_path / "models" / "converted"

    def slow(work: Path) -> None:
        (work / "config.json").write_text("slow")
        publish_folder(target, lambda other: (other / "config.json").write_text("fast"))  # finishes first

    assert publish_folder(target, slow) == target
    assert (target / "config.json").read_text() == "fast"
    assert leftovers(target.parent, "converted") == []


def test_publish_folder_leaves_nothing_after_a_failed_build(tmp_path):
    target = tmp_path / "converted"

    def broken(work: Path) -> None:
        (work / "model.safetensors").write_text("half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        publish_folder(target, broken)
    assert list(tmp_path.iterdir()) == []


def test_classifier_cache_dump_survives_a_second_writer_of_the_same_entry(tmp_path, monkeypatch):
    import joblib

    from empathic.evaluation import classifiers

    real_dump = joblib.dump
    calls = []

    def dump_then_other_process(obj, filename, *args, **kwargs):
        out = real_dump(obj, filename, *args, **kwargs)
        calls.append(Path(filename))
        if len(calls) == 1:  # another process fills the same entry while ours is still unrenamed
            classifiers._dump({"who": "other"}, tmp_path / "clf.joblib")
        return out

    monkeypatch.setattr(joblib, "dump", dump_then_other_process)
    classifiers._dump({"who": "us"}, tmp_path / "clf.joblib")
    assert calls[0] != calls[1]
    assert joblib.load(tmp_path / "clf.joblib") == {"who": "us"}
    assert leftovers(tmp_path, "clf.joblib") == []


def test_embedding_corpus_cache_survives_a_second_writer_of_the_same_entry(tmp_path, monkeypatch):
    from empathic.evaluation import embeddings

    class Fake:
        def encode(self, texts, **_):
            return np.array([[float(len(t)), 1.0] for t in texts])

    monkeypatch.setattr(embeddings, "_load", lambda path: Fake())
    embedder = embeddings.Embedder(str(tmp_path))
    cache_file = tmp_path / "cache" / "corpus.npy"
    real_save = np.save
    calls = []

    def save_then_other_process(file, arr, *args, **kwargs):
        real_save(file, arr, *args, **kwargs)
        calls.append(Path(file))
        if len(calls) == 1:
            embeddings.Embedder(str(tmp_path)).encode_corpus(["a", "bb"], cache_file, progress=False)

    monkeypatch.setattr(np, "save", save_then_other_process)
    out = embedder.encode_corpus(["a", "bb"], cache_file, progress=False)
    assert calls[0] != calls[1]
    assert np.load(cache_file).tolist() == out.tolist() == [[1.0, 1.0], [2.0, 1.0]]
    assert leftovers(cache_file.parent, "corpus.npy") == []
