#!/usr/bin/python3
"""Reference learning rates for org.sgd4j.optim.schedule, from torch.optim.lr_scheduler (Debian
python3-torch 1.13, whose scheduler semantics sgd4j follows).

    /usr/bin/python3 reference/optim/generate_schedules.py

Writes sgd4j-core/src/test/resources/reference/optim/schedules.json. Every case builds an SGD
optimizer with two parameter groups (lr 0.1 and 0.05, momentum 0.9), a scheduler, and records each
group's lr (and momentum, for OneCycleLR) right after construction and after each of `steps` calls
of scheduler.step() (optimizer.step() is called before each, as PyTorch asks). ReduceLROnPlateau
gets the metric sequence stored with the case. The notes' decays (d2l ch. 12.11) and a piecewise
constant schedule are LambdaLRs here; `closed` records _get_closed_form_lr() at each epoch where the
scheduler has one (what step(epoch) uses).
"""
import json
import math
import os
import warnings

import torch
from torch.optim import lr_scheduler as S

warnings.simplefilter("ignore")
STEPS = 30


def optimizer():
    a = torch.zeros(2, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    return torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.05}], lr=0.1, momentum=0.9)


def lrs(opt):
    return [g["lr"] for g in opt.param_groups]


def moms(opt):
    return [g["momentum"] for g in opt.param_groups]


CASES = {
    "StepLR": lambda o: S.StepLR(o, step_size=4, gamma=0.5),
    "MultiStepLR": lambda o: S.MultiStepLR(o, milestones=[3, 7, 7, 12], gamma=0.3),
    "ConstantLR": lambda o: S.ConstantLR(o, factor=0.25, total_iters=4),
    "ExponentialLR": lambda o: S.ExponentialLR(o, gamma=0.9),
    "PolynomialLR": lambda o: S.PolynomialLR(o, total_iters=20, power=2.0),
    "CosineAnnealingLR": lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001),
    "LinearLR": lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=8),
    "LinearLRDecay": lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=10),
    "LambdaLR": lambda o: S.LambdaLR(o, [lambda t: 0.95 ** t, lambda t: 1.0 / (t + 1)]),
    "ExponentialDecay": lambda o: S.LambdaLR(o, lambda t: math.exp(-0.1 * t)),
    "InverseTimeDecay": lambda o: S.LambdaLR(o, lambda t: (0.5 * t + 1) ** -0.5),
    "PiecewiseConstant": lambda o: S.LambdaLR(o, lambda t: 1.0 if t < 5 else (0.5 if t < 15 else 0.05)),
    "OneCycleLR": lambda o: S.OneCycleLR(o, max_lr=[1.0, 0.5], total_steps=STEPS + 1),
    "OneCycleLRLinearThreePhase": lambda o: S.OneCycleLR(o, max_lr=0.8, total_steps=STEPS + 1, pct_start=0.25,
                                                         anneal_strategy="linear", three_phase=True,
                                                         div_factor=10.0, final_div_factor=100.0),
    "SequentialLR": lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=5),
                                                 S.CosineAnnealingLR(o, T_max=20)], milestones=[5]),
    "ChainedScheduler": lambda o: S.ChainedScheduler([S.ConstantLR(o, factor=0.5, total_iters=6),
                                                      S.ExponentialLR(o, gamma=0.9)]),
}

PLATEAU_METRICS = [1.0, 0.9, 0.85, 0.86, 0.86, 0.87, 0.849, 0.85, 0.85, 0.85, 0.85, 0.84, 0.84, 0.84,
                   0.84, 0.84, 0.84, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]


def main():
    out = []
    for name, make in CASES.items():
        opt = optimizer()
        sched = make(opt)
        seq, mseq, closed = [lrs(opt)], [moms(opt)], []
        for _ in range(STEPS):
            opt.step()
            sched.step()
            seq.append(lrs(opt))
            mseq.append(moms(opt))
            if hasattr(sched, "_get_closed_form_lr"):
                closed.append(list(sched._get_closed_form_lr()))
        case = {"name": name, "lr": seq}
        if name.startswith("OneCycle"):
            case["momentum"] = mseq
        if closed:
            case["closed"] = closed
        out.append(case)
    for mode, threshold_mode, cooldown in (("min", "rel", 0), ("min", "abs", 2), ("max", "rel", 1)):
        opt = optimizer()
        sched = S.ReduceLROnPlateau(opt, mode=mode, factor=0.5, patience=2, threshold=0.01,
                                    threshold_mode=threshold_mode, cooldown=cooldown, min_lr=[0.01, 0.02])
        seq = [lrs(opt)]
        metrics = PLATEAU_METRICS if mode == "min" else [-m for m in PLATEAU_METRICS]
        for m in metrics:
            opt.step()
            sched.step(m)
            seq.append(lrs(opt))
        out.append({"name": "ReduceLROnPlateau-%s-%s-%d" % (mode, threshold_mode, cooldown), "metrics": metrics,
                    "lr": seq})
    path = os.path.join("sgd4j-core", "src", "test", "resources", "reference", "optim", "schedules.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "steps": STEPS, "cases": out}, f, separators=(",", ":"))
    print("wrote", path, len(out), "cases")


if __name__ == "__main__":
    main()
