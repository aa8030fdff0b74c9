#!/usr/bin/python3
"""Reference trajectories for org.sgd4j.optim, from torch.optim (Debian python3-torch 1.13).

Run with Debian's interpreter from the repository root:

    /usr/bin/python3 reference/optim/generate_optim.py

It writes sgd4j-core/src/test/resources/reference/optim/trajectories.json: two small models (linear
regression with a mean-squared loss, a 4-5-3 ReLU MLP with softmax cross-entropy written as
-mean(sum(one_hot * log_softmax(logits)))), their fixed initial weights and fixed batches, and for
every optimizer configuration the parameters after 1, 2, 10 and 50 steps (step t uses batch t mod B).
Yogi and LARS are not in torch.optim: they are written below in torch, line by line from the notes
(d2l's Yogi with bias correction and eps 1e-3; LARS of You et al. 2017).
"""
import json
import math
import os

import torch

torch.manual_seed(20240601)
CHECKPOINTS = [1, 2, 10, 50]
NUM_BATCHES = 5
BATCH = 8


def tolist(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def make_models():
    g = torch.Generator().manual_seed(7)
    models = {}
    # linear regression: y = x @ w_true + b_true + noise, params w (1, 3), b (1,)
    w_true = torch.tensor([[1.5, -2.0, 0.5]])
    batches = []
    for _ in range(NUM_BATCHES):
        x = torch.randn(BATCH, 3, generator=g)
        y = x @ w_true.T + 0.3 + 0.1 * torch.randn(BATCH, 1, generator=g)
        batches.append({"x": tolist(x), "xShape": [BATCH, 3], "y": tolist(y), "yShape": [BATCH, 1]})
    params = {"w": (0.1 * torch.randn(1, 3, generator=g)), "b": torch.zeros(1)}
    models["linreg"] = {"params": {k: {"shape": list(v.shape), "data": tolist(v)} for k, v in params.items()},
                        "order": ["w", "b"], "batches": batches}
    # MLP 4 -> 5 -> 3
    batches = []
    for _ in range(NUM_BATCHES):
        x = torch.randn(BATCH, 4, generator=g)
        labels = torch.randint(0, 3, (BATCH,), generator=g)
        onehot = torch.nn.functional.one_hot(labels, 3).float()
        batches.append({"x": tolist(x), "xShape": [BATCH, 4], "y": tolist(onehot), "yShape": [BATCH, 3]})
    params = {"w1": 0.5 * torch.randn(5, 4, generator=g), "b1": 0.1 * torch.randn(5, generator=g),
              "w2": 0.5 * torch.randn(3, 5, generator=g), "b2": 0.1 * torch.randn(3, generator=g)}
    models["mlp"] = {"params": {k: {"shape": list(v.shape), "data": tolist(v)} for k, v in params.items()},
                     "order": ["w1", "b1", "w2", "b2"], "batches": batches}
    return models


def lbfgs_loss(model, p, batches):
    """L-BFGS objectives: full-batch linear regression, Rosenbrock, the MLP with an L2 penalty."""
    if model == "rosenbrock":
        x = p["x"]
        return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
    if model == "mlp_l2":
        return loss_fn("mlp", p, batches[0]) + 0.01 * ((p["w1"] ** 2).sum() + (p["w2"] ** 2).sum())
    return loss_fn(model, p, batches[0])


def loss_fn(model, p, batch):
    x = torch.tensor(batch["x"]).reshape(batch["xShape"])
    y = torch.tensor(batch["y"]).reshape(batch["yShape"])
    if model == "linreg":
        pred = x.matmul(p["w"].T) + p["b"]
        return ((pred - y) ** 2).mean()
    h = (x.matmul(p["w1"].T) + p["b1"]).relu()
    logits = h.matmul(p["w2"].T) + p["b2"]
    return -(y * logits.log_softmax(1)).sum(1).mean()


class Yogi(torch.optim.Optimizer):
    """d2l's Yogi: m = b1 m + (1-b1) g; s = s + (1-b2) g^2 sgn(g^2 - s); bias-corrected; eps 1e-3."""

    def __init__(self, params, lr=1e-2, betas=(0.9, 0.999), eps=1e-3, weight_decay=0.0, maximize=False):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                g = p.grad if not group["maximize"] else -p.grad
                if group["weight_decay"] != 0:
                    g = g.add(p, alpha=group["weight_decay"])
                st = self.state[p]
                if not st:
                    st["step"] = 0
                    st["exp_avg"] = torch.zeros_like(p)
                    st["exp_avg_sq"] = torch.zeros_like(p)
                st["step"] += 1
                t = st["step"]
                m, s = st["exp_avg"], st["exp_avg_sq"]
                m.mul_(b1).add_(g, alpha=1 - b1)
                g2 = g * g
                s.addcmul_(torch.sign(g2 - s), g2, value=1 - b2)
                m_hat = m / (1 - b1 ** t)
                s_hat = s / (1 - b2 ** t)
                p.sub_(group["lr"] * m_hat / (s_hat.sqrt() + group["eps"]))


class LARS(torch.optim.Optimizer):
    """You et al. 2017: local_lr = eta ||w|| / (||g|| + wd ||w||); v = m v + lr local_lr (g + wd w); w -= v.
    The norms are per tensor, or over the whole parameter group with per_group=True."""

    def __init__(self, params, lr=0.1, momentum=0.9, weight_decay=0.0, trust_coefficient=0.001, eps=0.0,
                 per_group=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, weight_decay=weight_decay,
                                      trust_coefficient=trust_coefficient, eps=eps, per_group=per_group))

    @staticmethod
    def _ratio(group, w_norm, g_norm):
        if w_norm > 0 and g_norm > 0:
            return group["trust_coefficient"] * w_norm / (g_norm + group["weight_decay"] * w_norm + group["eps"])
        return 1.0

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            if group["per_group"]:
                w_norm = torch.cat([p.reshape(-1) for p in params]).double().norm().float().item()
                g_norm = torch.cat([p.grad.reshape(-1) for p in params]).double().norm().float().item()
                ratios = [self._ratio(group, w_norm, g_norm)] * len(params)
            else:
                ratios = [self._ratio(group, torch.linalg.vector_norm(p).item(), torch.linalg.vector_norm(p.grad).item())
                          for p in params]
            for p, local_lr in zip(params, ratios):
                d = p.grad.add(p, alpha=group["weight_decay"])
                st = self.state[p]
                if "momentum_buffer" not in st:
                    st["momentum_buffer"] = torch.zeros_like(p)
                v = st["momentum_buffer"]
                v.mul_(group["momentum"]).add_(d, alpha=group["lr"] * local_lr)
                p.sub_(v)


def build(name, params, opts):
    o = dict(opts)
    if "betas" in o:
        o["betas"] = tuple(o["betas"])
    k = {"lr": "lr", "momentum": "momentum", "dampening": "dampening", "weightDecay": "weight_decay",
         "nesterov": "nesterov", "maximize": "maximize", "betas": "betas", "eps": "eps", "amsgrad": "amsgrad",
         "lrDecay": "lr_decay", "initialAccumulatorValue": "initial_accumulator_value", "alpha": "alpha",
         "centered": "centered", "rho": "rho", "momentumDecay": "momentum_decay",
         "trustCoefficient": "trust_coefficient", "perGroup": "per_group"}
    kw = {k[a]: v for a, v in o.items() if a != "groups"}
    cls = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW,
           "Adagrad": torch.optim.Adagrad, "RMSprop": torch.optim.RMSprop, "Adadelta": torch.optim.Adadelta,
           "NAdam": torch.optim.NAdam, "Yogi": Yogi, "LARS": LARS}[name]
    return cls(params, **kw)


CONFIGS = [
    ("SGD", {"lr": 0.05}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "weightDecay": 0.01, "maximize": True}),
    ("SGD", {"lr": 0.03, "momentum": 0.8, "weightDecay": 0.05, "nesterov": True}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-6, "weightDecay": 0.01}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "maximize": True, "amsgrad": True, "weightDecay": 0.1}),
    ("AdamW", {"lr": 0.01}),
    ("AdamW", {"lr": 0.01, "weightDecay": 0.1, "amsgrad": True}),
    ("AdamW", {"lr": 0.005, "betas": [0.85, 0.995], "maximize": True}),
    ("Adagrad", {"lr": 0.05}),
    ("Adagrad", {"lr": 0.05, "lrDecay": 0.01, "weightDecay": 0.01, "initialAccumulatorValue": 0.1, "eps": 1e-8}),
    ("Adagrad", {"lr": 0.05, "maximize": True}),
    ("RMSprop", {"lr": 0.005}),
    ("RMSprop", {"lr": 0.005, "alpha": 0.9, "momentum": 0.5}),
    ("RMSprop", {"lr": 0.005, "centered": True, "weightDecay": 0.01}),
    ("RMSprop", {"lr": 0.002, "centered": True, "momentum": 0.9, "eps": 1e-6, "maximize": True}),
    ("Adadelta", {"lr": 1.0}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-5, "weightDecay": 0.01, "maximize": True}),
    ("NAdam", {"lr": 0.01}),
    ("NAdam", {"lr": 0.005, "betas": [0.85, 0.99], "weightDecay": 0.01, "momentumDecay": 0.006}),
    ("Yogi", {"lr": 0.01}),
    ("Yogi", {"lr": 0.02, "betas": [0.8, 0.99], "weightDecay": 0.01}),
    ("LARS", {"lr": 0.5, "momentum": 0.9, "trustCoefficient": 0.02}),
    ("LARS", {"lr": 1.0, "momentum": 0.5, "weightDecay": 0.01, "trustCoefficient": 0.01}),
]

# Parameter groups: biases without weight decay and the first layer at a tenth of the lr.
GROUP_CONFIGS = [
    ("SGD", {"lr": 0.05, "momentum": 0.9, "weightDecay": 0.01,
             "groups": [{"params": ["w1", "w2"]}, {"params": ["b1", "b2"], "weightDecay": 0.0, "lr": 0.02}]}),
    ("Adam", {"lr": 0.01, "weightDecay": 0.01,
              "groups": [{"params": ["w1"], "lr": 0.001}, {"params": ["b1", "b2", "w2"], "weightDecay": 0.0}]}),
    ("LARS", {"lr": 0.5, "momentum": 0.9, "trustCoefficient": 0.02, "perGroup": True,
              "groups": [{"params": ["w1", "b1"]}, {"params": ["w2", "b2"], "weightDecay": 0.01}]}),
]


def run(models, model, name, opts):
    spec = models[model]
    p = {k: torch.tensor(v["data"]).reshape(v["shape"]).requires_grad_() for k, v in spec["params"].items()}
    if "groups" in opts:
        key_map = {"weightDecay": "weight_decay", "perGroup": "per_group"}
        groups = []
        for g in opts["groups"]:
            d = {key_map.get(a, a): v for a, v in g.items() if a != "params"}
            d["params"] = [p[n] for n in g["params"]]
            groups.append(d)
        opt = build(name, groups, opts)
    else:
        opt = build(name, [p[k] for k in spec["order"]], opts)
    out = {}
    for t in range(1, max(CHECKPOINTS) + 1):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model, p, spec["batches"][(t - 1) % NUM_BATCHES])
        loss.backward()
        opt.step()
        if t in CHECKPOINTS:
            out[str(t)] = {k: tolist(p[k]) for k in spec["order"]}
    return out


LBFGS_CONFIGS = [
    {"lr": 0.1, "maxIter": 10},
    {"lr": 1.0, "maxIter": 20, "historySize": 5, "strongWolfe": True},
    {"lr": 1.0, "maxIter": 8, "historySize": 3, "strongWolfe": True, "toleranceGrad": 1e-5},
]
LBFGS_STEPS = [1, 2, 5]


def run_lbfgs(models, model, opts):
    """L-BFGS on a full-batch objective (batch 0); parameters after 1, 2 and 5 calls of step(closure)."""
    spec = models["mlp" if model == "mlp_l2" else model]
    p = {k: torch.tensor(v["data"]).reshape(v["shape"]).requires_grad_() for k, v in spec["params"].items()}
    opt = torch.optim.LBFGS([p[k] for k in spec["order"]], lr=opts["lr"], max_iter=opts["maxIter"],
                            history_size=opts.get("historySize", 100),
                            tolerance_grad=opts.get("toleranceGrad", 1e-7),
                            line_search_fn="strong_wolfe" if opts.get("strongWolfe") else None)

    def closure():
        opt.zero_grad()
        loss = lbfgs_loss(model, p, spec["batches"])
        loss.backward()
        return loss

    out = {}
    for t in range(1, max(LBFGS_STEPS) + 1):
        opt.step(closure)
        if t in LBFGS_STEPS:
            out[str(t)] = {k: tolist(p[k]) for k in spec["order"]}
    out["finalLoss"] = float(closure())
    return out


NEWTON_CONFIGS = [("linreg", {"lr": 1.0, "damping": 0.0}, 2), ("rosenbrock", {"lr": 1.0, "damping": 0.0}, 8),
                  ("mlp_l2", {"lr": 1.0, "damping": 1.0}, 3), ("mlp_l2", {"lr": 0.5, "damping": 0.1}, 3)]


def run_newton(models, model, opts, steps):
    """Newton's method with the exact float32 Hessian (torch.autograd.functional.hessian) and a float64
    solve of (H + damping I) delta = -g; parameters after every step."""
    spec = models["mlp" if model == "mlp_l2" else model]
    order = spec["order"]
    p = {k: torch.tensor(v["data"]).reshape(v["shape"]) for k, v in spec["params"].items()}
    shapes = [p[k].shape for k in order]
    sizes = [p[k].numel() for k in order]

    def f(flat):
        parts = dict(zip(order, [t.reshape(sh) for t, sh in zip(flat.split(sizes), shapes)]))
        return lbfgs_loss(model, parts, spec["batches"])

    out = {}
    for t in range(1, steps + 1):
        flat = torch.cat([p[k].reshape(-1) for k in order])
        g = torch.autograd.functional.jacobian(f, flat)
        h = torch.autograd.functional.hessian(f, flat)
        a = h.double() + opts["damping"] * torch.eye(flat.numel(), dtype=torch.float64)
        delta = torch.linalg.solve(a, -g.double())
        flat = (flat.double() + opts["lr"] * delta).float()
        for k, part in zip(order, flat.split(sizes)):
            p[k] = part.reshape(p[k].shape).clone()
        out[str(t)] = {k: tolist(p[k]) for k in order}
    return out


def main():
    models = make_models()
    runs = []
    for name, opts in CONFIGS:
        for model in ("linreg", "mlp"):
            runs.append({"optimizer": name, "options": opts, "model": model,
                         "checkpoints": run(models, model, name, opts)})
    for name, opts in GROUP_CONFIGS:
        runs.append({"optimizer": name, "options": opts, "model": "mlp",
                     "checkpoints": run(models, "mlp", name, opts)})
    models["rosenbrock"] = {"params": {"x": {"shape": [2], "data": [-1.5, 2.0]}}, "order": ["x"], "batches": []}
    for opts in LBFGS_CONFIGS:
        for model in ("linreg", "rosenbrock", "mlp_l2"):
            runs.append({"optimizer": "LBFGS", "options": opts, "model": model,
                         "checkpoints": run_lbfgs(models, model, opts)})
    for model, opts, steps in NEWTON_CONFIGS:
        runs.append({"optimizer": "Newton", "options": opts, "model": model,
                     "checkpoints": run_newton(models, model, opts, steps)})
    out = {"torch": torch.__version__, "models": models, "runs": runs}
    path = os.path.join("sgd4j-core", "src", "test", "resources", "reference", "optim", "trajectories.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print("wrote", path, len(runs), "runs")


if __name__ == "__main__":
    main()
