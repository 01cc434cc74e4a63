"""``python -m bench.scale`` at a tiny size: it runs end to end and prints the keys its contract names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot import PROJECT_ROOT

KEYS = {"p95_ms", "digest_compose_seconds", "idle_tick_seconds", "loop_lag_p99_ms", "startup_seconds", "peak_rss_mb"}
COMMANDS = {"matches", "courses", "vacancies", "candidates", "digest_preview", "post_vacancy", "stats"}


def test_bench_scale_prints_its_contract(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "bench.scale", "--professionals", "300", "--vacancies", "60", "--courses", "15",
               "--samples", "2", "--cache-dir", str(tmp_path)]  # fmt: skip
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures.keys() >= KEYS
    assert figures["p95_ms"].keys() >= COMMANDS
    assert all(isinstance(v, float) and v > 0 for v in figures["p95_ms"].values())
    assert figures["digest_users"] > 0 and figures["idle_tick_seconds"] is not None
