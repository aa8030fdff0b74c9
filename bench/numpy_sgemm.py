#!/usr/bin/python3
"""NumPy (OpenBLAS) half of the SGEMM comparison in bench/compare-pytorch.

Usage: numpy_sgemm.py N THREADS [ROUNDS]. The thread count must reach OpenBLAS before NumPy loads it,
so it is set in the environment here and the module is imported afterwards.
"""
import os
import sys

n, threads = int(sys.argv[1]), int(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(threads)
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

rng = np.random.default_rng(1)
a = rng.random((n, n), dtype=np.float32)
b = rng.random((n, n), dtype=np.float32)
for _ in range(5):
    a @ b
g = []
for _ in range(rounds):
    t0 = time.perf_counter()
    a @ b
    g.append(2.0 * n ** 3 / (time.perf_counter() - t0) / 1e9)
g.sort()
print(json.dumps({"impl": "openblas", "numpy": np.__version__, "n": n, "threads": threads,
                  "gflops_median": round(g[rounds // 2], 1), "gflops_best": round(g[-1], 1)}))
