"""The load generator of `benchmarks/load.py`: a separate process, raw HTTP/1.1 on loopback.

    python benchmarks/load_client.py SPEC.json   → one JSON line of figures on stdout

SPEC holds the ports, the concurrency, the duration and the requests, each a complete raw
HTTP/1.1 request. With ``"once": true`` every request is sent exactly once (one voter, one
ballot) and the phase ends when they run out or time does; otherwise the first request is
sent again and again. Each connection is kept alive and sends one request at a time, so the
concurrency is the number of requests in flight. A hand-written client rather than httpx:
on two shared cores the generator's own CPU time is taken from the servers it measures, and
this one spends a small fraction of httpx's per request.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat

try:
    import uvloop
except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
    uvloop = None  # type: ignore[assignment]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, successes only
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    last_done: float = 0.0


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Status and whether the server keeps the connection; the body is read and dropped."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, chunked, keep = 0, False, True
    for line in head.split(b"\r\n")[1:]:
        name, _sep, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"connection" and b"close" in value.lower():
            keep = False
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, keep


async def connection(port: int, work: Iterator[bytes], deadline: float, tally: Tally) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    for raw in work:
        if time.perf_counter() >= deadline:
            break
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            assert reader is not None
            writer.write(raw)
            status, keep = await read_response(reader)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            tally.errors[type(exc).__name__] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        done = time.perf_counter()
        tally.statuses[status] += 1
        tally.last_done = max(tally.last_done, done)
        if 200 <= status < 400:  # only 2xx and 3xx count as served
            tally.latencies.append(done - started)
        if not keep:
            assert writer is not None
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


async def run(spec: dict[str, object]) -> dict[str, object]:
    requests = [str(r).encode("latin-1") for r in spec["requests"]]  # type: ignore[attr-defined]
    work: Iterator[bytes] = iter(requests) if spec.get("once") else repeat(requests[0])
    tally = Tally()
    started = time.perf_counter()
    deadline = started + float(spec["duration"])  # type: ignore[arg-type]
    # Connections are spread evenly over the servers' ports, as nginx spreads its upstream
    # keep-alive connections over the app processes listed in its upstream block.
    ports = [int(port) for port in spec["ports"]]  # type: ignore[attr-defined]
    await asyncio.gather(
        *(
            connection(ports[n % len(ports)], work, deadline, tally)
            for n in range(int(spec["concurrency"]))
        )
    )  # type: ignore[call-overload]
    elapsed = max(tally.last_done, started + 1e-9) - started
    latencies = sorted(tally.latencies)
    return {
        "ok": len(latencies),
        "elapsed": elapsed,
        "rate": len(latencies) / elapsed,
        "p50_ms": 1000 * percentile(latencies, 0.50),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "max_ms": 1000 * (latencies[-1] if latencies else 0.0),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "errors": dict(tally.errors),
        # Every success's time, for figures over several turns of a phase (benchmarks/load.py).
        "latencies_ms": [round(1000 * seconds, 3) for seconds in latencies],
    }


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as source:
        spec = json.load(source)
    runner = uvloop.run if uvloop is not None else asyncio.run
    print(json.dumps(runner(run(spec))))


if __name__ == "__main__":
    main()
