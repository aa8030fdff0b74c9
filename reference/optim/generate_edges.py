"""Reference iterates of torch.optim on the edges the main trajectories never reach: maximize on the
fused paths, a large eps (so its sign and place in the formula show), and weight decay, over three
steps with fixed gradients. Writes edges.json next to the Java tests' other references.

Run: /usr/bin/python3 reference/optim/generate_edges.py  (torch 1.13)
"""
import json
import os

import torch

torch.set_default_dtype(torch.float32)
THETA = [0.5, -1.25, 2.0, 0.0, -0.3]
GRADS = [[0.3, -0.7, 1.5, -2.0, 0.05],
         [-0.4, 0.2, 0.9, 1.1, -0.6],
         [0.25, 0.25, -1.0, 0.5, 2.5]]

RUNS = [
    ("Adam", dict(lr=0.1, eps=0.5)),
    ("Adam", dict(lr=0.1, maximize=True)),
    ("Adam", dict(lr=0.1, maximize=True, amsgrad=True)),
    ("AdamW", dict(lr=0.1, maximize=True, weight_decay=0.1)),
    ("AdamW", dict(lr=0.1, eps=0.5)),
    ("SGD", dict(lr=0.1, momentum=0.9, maximize=True)),
    ("SGD", dict(lr=0.1, momentum=0.9, dampening=0.3)),
    ("SGD", dict(lr=0.1, maximize=True)),
    ("NAdam", dict(lr=0.1, eps=0.5)),
    ("NAdam", dict(lr=0.1, weight_decay=0.2, momentum_decay=0.01)),
    ("Adagrad", dict(lr=0.1, eps=0.5)),
    ("Adagrad", dict(lr=0.1, maximize=True, lr_decay=0.1, initial_accumulator_value=0.2)),
    ("RMSprop", dict(lr=0.01, eps=0.5)),
    ("RMSprop", dict(lr=0.01, eps=0.5, centered=True, momentum=0.5)),
    ("RMSprop", dict(lr=0.01, maximize=True, weight_decay=0.1)),
    ("Adadelta", dict(lr=1.0, eps=0.5)),
    ("Adadelta", dict(lr=0.5, maximize=True, weight_decay=0.1)),
]


def run(name, options):
    p = torch.tensor(THETA, requires_grad=True)
    opt = getattr(torch.optim, name)([p], **options)
    steps = []
    for g in GRADS:
        p.grad = torch.tensor(g)
        opt.step()
        steps.append(p.detach().tolist())
    return steps


def camel(options):
    """The keys as the Java tests' ReferenceModels.optimizer reads them (weight_decay -> weightDecay)."""
    out = {}
    for k, v in options.items():
        head, *rest = k.split("_")
        out[head + "".join(w.title() for w in rest)] = v
    return out


def main():
    out = {"theta": THETA, "grads": GRADS, "torch": torch.__version__,
           "runs": [{"optimizer": n, "options": camel(o), "steps": run(n, o)} for n, o in RUNS]}
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "..", "sgd4j-core", "src", "test", "resources", "reference", "optim", "edges.json")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w") as f:
        json.dump(out, f, indent=1)
    print("wrote", os.path.normpath(target))


if __name__ == "__main__":
    main()
