#!/usr/bin/python3
"""NumPy (OpenBLAS) and PyTorch halves of the SGEMM comparison in bench/compare-pytorch.

Usage: numpy_sgemm.py N THREADS [ROUNDS] [numpy|torch]. Square C = A B in float32, 5 products of warm-up,
then ROUNDS timed ones: prints one JSON line with the median and best GFLOPS (wall clock) and the GFLOPS per
CPU-second of this process over the timed products. numpy: NumPy's BLAS (OpenBLAS in Debian's and in pip's
NumPy); torch: torch.mm (OpenBLAS in Debian's PyTorch, MKL in pip's). The thread count must reach the BLAS
before it loads, so it is set in the environment here and the modules are imported afterwards.
"""
import os
import sys

n, threads = int(sys.argv[1]), int(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
lib = sys.argv[4] if len(sys.argv) > 4 else "numpy"
if lib not in ("numpy", "torch"):
    raise SystemExit("numpy_sgemm.py: library must be numpy or torch, got " + lib)
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(threads)
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

rng = np.random.default_rng(1)
a = rng.random((n, n), dtype=np.float32)
b = rng.random((n, n), dtype=np.float32)
if lib == "torch":
    import torch  # noqa: E402

    torch.set_num_threads(threads)
    a, b = torch.from_numpy(a), torch.from_numpy(b)
    version = torch.__version__
    product = torch.mm
else:
    version = np.__version__
    product = np.matmul
for _ in range(5):
    product(a, b)
g = []
c0 = time.process_time()
for _ in range(rounds):
    t0 = time.perf_counter()
    product(a, b)
    g.append(2.0 * n ** 3 / (time.perf_counter() - t0) / 1e9)
cpu = time.process_time() - c0
g.sort()
print(json.dumps({"impl": "openblas" if lib == "numpy" else "torch", "version": version, "n": n,
                  "threads": threads, "gflops_median": round(g[rounds // 2], 1), "gflops_best": round(g[-1], 1),
                  "gflops_per_cpu_s": round(2.0 * n ** 3 * rounds / cpu / 1e9, 1)}))
