"""Runs `empathic ARGV...` in a subprocess that a test will kill -9 (tests/faults/test_kill.py).

    python tests/faults/harness.py SIGNAL_FILE ARGV...

The only changes to the real command: SIGNAL_FILE is created when the slow part starts (the data
pipeline after loading, or Trainer.train), so the test can aim its kill at the part that writes;
and the data pipeline writes one record at a time with a short pause, so that part lasts long
enough to be hit at random points.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

SIGNAL = Path(sys.argv[1])
ARGV = sys.argv[2:]


def signalled(function):
    def wrapper(*args, **kwargs):
        SIGNAL.touch()
        return function(*args, **kwargs)

    return wrapper


if ARGV[0] == "data":
    from empathic.data import pipeline
    from empathic.data.format import dumps

    def slow_write(path, records):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            for record in records:
                handle.write(dumps(record) + "\n")
                handle.flush()
                time.sleep(0.01)

    pipeline._write_jsonl = slow_write
    pipeline._prepare_locked = signalled(pipeline._prepare_locked)
else:
    import transformers

    transformers.Trainer.train = signalled(transformers.Trainer.train)

from empathic.cli import main  # noqa: E402 (after the patches)

sys.exit(main(ARGV))
