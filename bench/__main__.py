"""`make bench`: run every benchmark in turn; each prints its figure beside its reference.

Each runs in its own process (each sets up Django for its database). The seed benchmark
runs first and leaves the national demo in cl_seed_bench (or BENCH_SEED_DATABASE); the
others read it unless BENCH_DATABASE_URL / BENCH_REPORTS_DATABASE_URL say otherwise.
`python -m bench NAME...` runs only the named ones (e.g. `leadership_pages`).
"""

from __future__ import annotations

import os
import subprocess
import sys

BENCHMARKS = [
    "seed_national",
    "leadership_pages",
    "talent_pages",
    "careers_pages",
    "reports_national",
    "workforce_import",
    "throughput",
    "load",
]
SEEDED = "postgres://postgres@127.0.0.1:5432/" + os.environ.get(
    "BENCH_SEED_DATABASE", "cl_seed_bench"
)


def main() -> int:
    only = sys.argv[1:]
    env = dict(os.environ)
    env.setdefault("BENCH_DATABASE_URL", SEEDED)
    env.setdefault("BENCH_REPORTS_DATABASE_URL", env["BENCH_DATABASE_URL"])
    failed = []
    for name in BENCHMARKS:
        if only and name not in only:
            continue
        print(f"\n=== bench.{name} ===", flush=True)
        code = subprocess.call([sys.executable, "-m", f"bench.{name}"], env=env)
        if code:
            failed.append(name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
