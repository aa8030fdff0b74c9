#!/usr/bin/python3
"""Reference iterates for the notes' 2-D experiments (Dive into Deep Learning, ch. 12), from torch.optim.

    /usr/bin/python3 reference/optim/generate_d2l.py

Writes sgd4j-core/src/test/resources/reference/optim/d2l_2d.json: for each experiment the objective
f(x) = a1 x1^2 + a2 x2^2, the optimizer and its options, and x after every one of 20 steps from
(-5, -2). The whole point x = (x1, x2) is one parameter tensor, as in d2l's torch code.
"""
import json
import os

import torch

EXPERIMENTS = [
    ("gd", [1.0, 2.0], "SGD", {"lr": 0.1}),
    ("gd_eta_0.4", [0.1, 2.0], "SGD", {"lr": 0.4}),
    ("gd_eta_0.6", [0.1, 2.0], "SGD", {"lr": 0.6}),
    ("momentum_beta_0.5", [0.1, 2.0], "SGD", {"lr": 0.6, "momentum": 0.5}),
    ("momentum_beta_0.25", [0.1, 2.0], "SGD", {"lr": 0.6, "momentum": 0.25}),
    ("adagrad_eta_0.4", [0.1, 2.0], "Adagrad", {"lr": 0.4}),
    ("adagrad_eta_2", [0.1, 2.0], "Adagrad", {"lr": 2.0}),
    ("rmsprop_eta_0.4", [0.1, 2.0], "RMSprop", {"lr": 0.4, "alpha": 0.9}),
]


def main():
    out = []
    for name, a, opt_name, opts in EXPERIMENTS:
        x = torch.tensor([-5.0, -2.0], requires_grad=True)
        cls = getattr(torch.optim, opt_name)
        opt = cls([x], **opts)
        coef = torch.tensor(a)
        iterates = []
        for _ in range(20):
            opt.zero_grad(set_to_none=True)
            (coef * x * x).sum().backward()
            opt.step()
            iterates.append([float(v) for v in x.detach().tolist()])
        out.append({"name": name, "a": a, "optimizer": opt_name, "options": opts, "iterates": iterates})
    path = os.path.join("sgd4j-core", "src", "test", "resources", "reference", "optim", "d2l_2d.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "experiments": out}, f, indent=1)
    print("wrote", path)


if __name__ == "__main__":
    main()
