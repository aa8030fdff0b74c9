"""torch.optim's Adam, RMSprop and Adagrad on a one-example least-squares problem, in float64:
with one example every mini-batch draw is that example, so a batch's mean gradient is the full
gradient whatever the batch size, and sgd4j's finite-sum solvers must give these iterates exactly.
f(x) = 1/2 (a.x - b)^2 + (mu/2)|x|^2. Writes
sgd4j-core/src/test/resources/reference/finitesum/adaptive_one_example.json.

Run: /usr/bin/python3 reference/finitesum/adaptive_one_example.py
"""
import json
import os

import torch

A = [1.0, 2.0, -1.0]
B = 0.5
MU = 0.1
STEPS = 4
RUNS = [
    ("Adam", dict(lr=0.1, betas=(0.9, 0.999), eps=0.5)),
    ("Adam", dict(lr=0.05, betas=(0.8, 0.9), eps=1e-8)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, eps=0.5)),
    ("RMSprop", dict(lr=0.02, alpha=0.5, eps=1e-8)),
    ("Adagrad", dict(lr=0.1, eps=0.5)),
    ("Adagrad", dict(lr=0.3, eps=1e-10)),
]


def run(name, options):
    a = torch.tensor(A, dtype=torch.float64)
    x = torch.tensor([0.3, -0.2, 0.1], dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, name)([x], **options)
    out = []
    for _ in range(STEPS):
        opt.zero_grad()
        f = 0.5 * (a.dot(x) - B) ** 2 + 0.5 * MU * x.dot(x)
        f.backward()
        opt.step()
        out.append(x.detach().tolist())
    return out


def main():
    runs = [dict(optimizer=n, options={k: (list(v) if isinstance(v, tuple) else v) for k, v in o.items()},
                 steps=run(n, o)) for n, o in RUNS]
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "..", "sgd4j-core", "src", "test", "resources", "reference", "finitesum",
                          "adaptive_one_example.json")
    with open(target, "w") as fh:
        json.dump(dict(torch=torch.__version__, a=A, b=B, mu=MU, x0=[0.3, -0.2, 0.1], runs=runs), fh, indent=1)
    print("wrote", os.path.normpath(target))


if __name__ == "__main__":
    main()
