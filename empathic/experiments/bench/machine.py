"""The machine next to every benchmark number: CPU, threads, load, matmul peak and peak memory."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any


def machine_info() -> dict[str, Any]:
    """CPU model, cores, threads and load: every number is printed next to these."""
    import torch

    name = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                name = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": name,
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def matmul_peak_flops(dtype: Any, size: int = 1024, seconds: float = 1.0,
                      shape: tuple[int, int, int] | None = None) -> float:
    """FLOP/s of a matmul in `dtype`, measured now (the MFU denominator): square `size`, or
    (m × k) @ (k × n) for `shape=(m, k, n)`."""
    import torch

    m, k, n_cols = shape or (size, size, size)
    a, b = torch.randn(m, k).to(dtype), torch.randn(k, n_cols).to(dtype)
    a @ b  # warm-up: first call allocates and picks kernels
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        a @ b
        n += 1
    return 2 * m * k * n_cols * n / (time.perf_counter() - start)


class PeakRSS:
    """Peak resident memory of this process while the block runs, sampled every 20 ms."""

    def __enter__(self) -> PeakRSS:
        import psutil

        self.peak, self._proc, self._stop = 0, psutil.Process(), threading.Event()

        def sample() -> None:
            while not self._stop.is_set():
                self.peak = max(self.peak, self._proc.memory_info().rss)
                self._stop.wait(0.02)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)
