#!/usr/bin/python3
"""PyTorch half of bench/compare-pytorch: the same training loop as org.sgd4j.bench.TrainThroughput.

Usage: torch_train.py --model mlp|lenet --batch N --optim sgd|adam|adamw|rmsprop --threads T [--warmup W] [--warmup-seconds T] [--steps S]
Prints one JSON line (samples/s wall and per CPU-second of this process).

--threads reaches the BLAS too: torch.set_num_threads sets PyTorch's own intra-op pool, but a PyTorch built on
OpenBLAS (Debian's) runs its products on OpenBLAS's thread pool, sized from the environment when the library
loads. So the count is put in the environment before torch is imported, as numpy_sgemm.py does; without it a
"1-thread" run multiplies on every core, and a 2-thread run oversubscribes them.
"""
import argparse
import json
import os
import time

p = argparse.ArgumentParser()
p.add_argument("--model", default="mlp")
p.add_argument("--optim", default="sgd")
p.add_argument("--batch", type=int, default=16)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--warmup", type=int, default=300)
p.add_argument("--steps", type=int, default=1000)
p.add_argument("--warmup-seconds", type=float, default=0.0)
a = p.parse_args()

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(a.threads)
import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(a.threads)
torch.manual_seed(1)
if a.model == "mlp":
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                        nn.Linear(512, 10))
    shape, momentum = (a.batch, 1, 28, 28), 0.5
elif a.model == "lenet":
    net = nn.Sequential(nn.Conv2d(3, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 6 * 6, 120), nn.ReLU(), nn.Linear(120, 84),
                        nn.ReLU(), nn.Linear(84, 10))
    shape, momentum = (a.batch, 3, 32, 32), 0.9
else:
    raise SystemExit("unknown model " + a.model)
if a.optim == "adam":
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
elif a.optim == "adamw":
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
elif a.optim == "rmsprop":
    opt = torch.optim.RMSprop(net.parameters(), lr=1e-3)
elif a.optim == "sgd":
    opt = torch.optim.SGD(net.parameters(), lr=1e-3, momentum=momentum)
else:
    raise SystemExit("torch_train.py: unknown optimizer " + a.optim + " (sgd, adam, adamw or rmsprop)")
loss_fn = nn.CrossEntropyLoss()
pool = [(torch.randn(shape), torch.randint(0, 10, (a.batch,))) for _ in range(16)]


def step(x, y):
    loss = loss_fn(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss.item()


# At least --warmup steps and at least --warmup-seconds, as TrainThroughput does.
w0, warmed = time.perf_counter(), 0
while warmed < a.warmup or time.perf_counter() - w0 < a.warmup_seconds:
    step(*pool[warmed % 16])
    warmed += 1
warm_wall = time.perf_counter() - w0
c0, t0 = time.process_time(), time.perf_counter()
for s in range(a.steps):
    last = step(*pool[(warmed + s) % 16])
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
n = a.steps * a.batch
print(json.dumps({"impl": "pytorch", "version": torch.__version__, "model": a.model, "optim": a.optim,
                  "batch": a.batch, "threads": a.threads, "steps": a.steps, "samples_per_s": round(n / wall, 1),
                  "samples_per_cpu_s": round(n / cpu, 1), "ms_per_step": round(wall * 1e3 / a.steps, 4),
                  "loss": last, "warmup_steps": warmed,
                  "warmup_samples_per_s": round(warmed * a.batch / warm_wall, 1)}))
