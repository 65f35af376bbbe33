"""Service scenario for ``benchmarks/run.py``: push latency and idle cost of ``mailpub run``.

Starts its own Dovecot (tests/dovecot.py) and a real ``mailpub run`` process
with ``imap.idle: true``; appends letters one at a time and measures the time
from the end of the APPEND to the draft file on disk; then measures the
service's CPU time and resident memory over an idle period.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from benchmarks.results import write_section as write_section

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Service (push delivery and idle cost)"


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_service(letters: int = 20, idle_seconds: float = 60.0) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from benchmarks.letters import letter
    from tests.dovecot import start_dovecot

    dv = start_dovecot(pool=2)
    out: dict[str, Any] = {"letters": letters, "idle_seconds": idle_seconds}
    try:
        with tempfile.TemporaryDirectory(prefix="mailpub-bench-svc-") as tmp:
            work = Path(tmp)
            user, password = dv.add_user()
            config = work / "config.yaml"
            config.write_text(yaml.safe_dump({
                "paths": {"drafts": str(work / "drafts"), "state": str(work / "state")},
                "author": {"name": "Boris"},
                "imap": {"host": "127.0.0.1", "port": dv.port, "security": "none",
                         "username": user, "password_env": "BENCH_PW", "idle": True},
                "schedule": {"poll_interval": "1h"},
            }))  # fmt: skip
            env = {**os.environ, "BENCH_PW": password}
            log = open(work / "service.log", "wb")  # noqa: SIM115 - closed below
            proc = subprocess.Popen(
                [sys.executable, "-m", "mailpub", "--config", str(config), "run"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                deadline = time.monotonic() + 30
                while "IDLE: watching" not in (work / "service.log").read_text(errors="replace"):
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError("the service did not start")
                    time.sleep(0.05)
                time.sleep(1.0)  # let the first (empty) poll finish
                drafts = work / "drafts"
                latencies = []
                for index in range(letters):
                    before = len(list(drafts.glob("*.md"))) if drafts.exists() else 0
                    dv.append(user, [letter(50_000 + index)])
                    start = time.perf_counter()
                    while len(list(drafts.glob("*.md"))) <= before:
                        if time.perf_counter() - start > 30:
                            raise RuntimeError(f"letter {index} was not drafted within 30 s")
                        time.sleep(0.01)
                    latencies.append(time.perf_counter() - start)
                    time.sleep(0.3)
                latencies.sort()
                out["median"] = statistics.median(latencies)
                out["p95"] = latencies[max(0, round(0.95 * len(latencies)) - 1)]
                out["max"] = latencies[-1]
                time.sleep(2.0)
                cpu0, wall0 = _cpu_seconds(proc.pid), time.monotonic()
                rss = [_rss_mib(proc.pid)]
                while time.monotonic() - wall0 < idle_seconds:
                    time.sleep(1.0)
                    rss.append(_rss_mib(proc.pid))
                cpu = _cpu_seconds(proc.pid) - cpu0
                out["idle_cpu_seconds"] = cpu
                out["idle_cpu_share"] = cpu / (time.monotonic() - wall0)
                out["idle_rss_mib"] = max(rss)
                proc.send_signal(signal.SIGTERM)
                stop_start = time.monotonic()
                out["exit_code"] = proc.wait(timeout=15)
                out["stop_seconds"] = time.monotonic() - stop_start
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                log.close()
    finally:
        dv.stop()
    return out


def service_section(r: dict[str, Any]) -> str:
    return "\n".join([
        SECTION,
        "",
        "`mailpub run` with `imap.idle: true` against Dovecot 2.3 on 127.0.0.1 (which waits"
        " 0.5 s before it announces new mail); letters appended one at a time; latency from"
        " the end of the APPEND to the draft file on disk.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| arrival to draft, median of {r['letters']} | {r['median']:.2f} s |",
        f"| arrival to draft, 95th percentile | {r['p95']:.2f} s |",
        f"| arrival to draft, slowest | {r['max']:.2f} s |",
        f"| idle CPU over {r['idle_seconds']:.0f} s | {r['idle_cpu_seconds']:.2f} s"
        f" ({r['idle_cpu_share']:.2%} of one core) |",
        f"| idle resident memory (peak) | {r['idle_rss_mib']:.0f} MiB |",
        f"| SIGTERM to exit | {r['stop_seconds']:.2f} s (exit code {r['exit_code']}) |",
        "",
    ])  # fmt: skip
