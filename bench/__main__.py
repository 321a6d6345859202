"""`make bench`: run every benchmark in turn; each prints its figure beside its reference.

The page benchmarks read the database the seed benchmark leaves behind (cl_seed_bench),
so the seed runs first.
"""

from __future__ import annotations

import runpy
import sys

BENCHMARKS = ["bench.seed_national", "bench.leadership_pages"]


def main() -> int:
    only = sys.argv[1:]
    for name in BENCHMARKS:
        if only and name.rsplit(".", 1)[-1] not in only:
            continue
        print(f"\n=== {name} ===", flush=True)
        runpy.run_module(name, run_name="__main__")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
