"""The web load test at corpus scale: a real ``onrecord serve`` over a big corpus, flooded from one client.

``python benchmarks/corpus_scale.py --web-load DB`` runs ``flood_served``. It is
the flood of ``tests/web/test_load.py`` (same concurrency, keep-alive client,
expected statuses, server CPU per request from /proc) with the URLs drawn from
the corpus as the query benchmark draws them: half the speaker pages of the
200 most quoted people, half random named ones, random articles, search
phrases, outlets and dates. Two differences, both because the corpus is large:
fewer requests (``REQUESTS``, not 2 x 1,000) and no analyses (they load spaCy,
not the corpus, and are measured by the test).
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

REQUESTS = 400
CONCURRENCY = 50
SERVE = "import sys; from onrecord.cli import main; sys.exit(main())"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int, field: str = "VmRSS") -> float:
    """The process's resident memory now (``VmRSS``) or at its peak so far (``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def urls(args: dict) -> list[str]:
    """Every page and corpus API route, with arguments drawn from the corpus (``corpus_scale._arguments``)."""
    fixed = ["/", "/corpus", "/api/status", "/api/outlets", "/api/articles?limit=3", "/api/speakers",
             "/static/app.js", "/static/app.css"]
    drawn = [f"/corpus?outlet={quote(o)}" for o in args["outlets"][:5]]
    drawn += [f"/corpus?q={quote(p)}&since={d[:7]}" for p, d in zip(args["phrases"][:5], args["since"])]
    drawn += [f"/api/quotes?search={quote(p)}" for p in args["phrases"][5:10]]
    drawn += [f"/api/corpus/stats?until={d[:7]}" for d in args["since"][:5]]
    drawn += [f"/articles/{a}" for a in args["articles"][:10]] + [f"/api/articles/{a}" for a in args["articles"][10:20]]
    drawn += [f"/speakers/{s}" for s in args["speaker_ids"][::2]] + [f"/api/speakers/{s}" for s in args["speaker_ids"][1::2]]
    return fixed + drawn


async def _flood(base: str, plan: list[str]) -> dict:
    queue = list(reversed(plan))
    latencies, failures = [], []
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY, keepalive_expiry=2.5)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=600) as client:
        async def worker():
            while queue:
                url = queue.pop()
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                except httpx.HTTPError as exc:
                    failures.append((url, repr(exc)))
                    continue
                latencies.append((time.perf_counter() - started, url))
                if response.status_code != 200:
                    failures.append((url, response.status_code))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        wall = time.perf_counter() - started
    return {"latencies": sorted(latencies), "failures": failures, "wall": wall}


def flood_served(db: Path, args: dict, requests: int = REQUESTS, seed: int = 5) -> dict:
    """Serve ``db``, ask every URL once (warm), then ``requests`` drawn from them; figures of the flood."""
    import tempfile

    port = _free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - read on failure, closed with the process
    server = subprocess.Popen([sys.executable, "-c", SERVE, "serve", "--db", str(db), "--port", str(port)],
                              stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, server, log)
        every = urls(args)
        warm = asyncio.run(_flood(base, every))
        rss_warm = _rss_mb(server.pid)
        rng = random.Random(seed)
        cpu_before = _cpu_seconds(server.pid)
        run = asyncio.run(_flood(base, [rng.choice(every) for _ in range(requests)]))
        cpu_ms = (_cpu_seconds(server.pid) - cpu_before) / requests * 1000
        rss_after = _rss_mb(server.pid)
        rss_peak = _rss_mb(server.pid, "VmHWM")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    seconds = [t for t, _ in run["latencies"]]
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    slowest = {}
    for t, url in reversed(run["latencies"]):
        slowest.setdefault(url.split("?")[0].rsplit("/", 1)[0] or url, round(t, 2))
    return {"requests": requests, "concurrency": CONCURRENCY, "p50_s": cuts[49], "p95_s": cuts[94],
            "max_s": seconds[-1], "requests_per_s": requests / run["wall"], "server_cpu_ms_per_request": cpu_ms,
            "rss_warm_mb": rss_warm, "rss_after_mb": rss_after, "rss_peak_mb": rss_peak, "failures": warm["failures"] + run["failures"],
            "slowest_by_route": slowest}


def _wait_for(base: str, server: subprocess.Popen, log, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"onrecord serve exited: {log.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + "/api/status", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"onrecord serve did not answer within {timeout:.0f} s")
