"""Reference values for L-BFGS's pieces, from torch.optim.lbfgs (torch 1.13):
- _cubic_interpolate on inputs that take each branch (interior minimum, clipped to a bound, no real
  minimum so the midpoint);
- _strong_wolfe on Rosenbrock's function in float64 from several points, directions and first steps,
  including searches that bracket, zoom, extrapolate, and run out of evaluations;
- LBFGS.step's stopping rules: the state's n_iter and func_evals and the loss it returns, for runs
  that stop on max_iter, max_eval, tolerance_grad, tolerance_change (step and loss), with and without
  the line search.
Writes sgd4j-core/src/test/resources/reference/optim/line_search.json.

Run: /usr/bin/python3 reference/optim/generate_line_search.py
"""
import json
import os

import torch
from torch.optim.lbfgs import _cubic_interpolate, _strong_wolfe

import generate_edges  # beside this script: the Java tests' option keys

torch.set_default_dtype(torch.float64)


def rosen(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def rosen_grad(x):
    x = x.detach().clone().requires_grad_(True)
    f = rosen(x)
    (g,) = torch.autograd.grad(f, x)
    return float(f), g


CUBIC = [
    (0.0, 1.0, -2.0, 1.0, 0.5, 1.0, None),
    (1.0, 0.5, 1.0, 0.0, 1.0, -2.0, None),
    (0.0, 1.0, -2.0, 2.0, 3.0, 4.0, (0.1, 1.5)),
    (0.0, 1.0, -1.0, 1.0, 0.2, -0.5, (0.0, 10.0)),
    (0.0, 0.0, 1.0, 1.0, 5.0, 1.0, None),
    (0.5, 2.0, -3.0, 0.25, 1.0, 2.0, None),
]

SEARCHES = [
    # start, direction (None: -grad), t, max_ls
    ([-1.2, 1.0], None, 1.0, 25),
    ([-1.2, 1.0], None, 0.001, 25),
    ([-1.2, 1.0], None, 1e-5, 25),
    ([0.5, 0.5], None, 1.0, 25),
    ([0.5, 0.5], None, 0.01, 25),
    ([2.0, 2.0], None, 0.5, 25),
    ([2.0, 2.0], None, 0.5, 2),
    ([0.0, 0.0], [1.0, 0.0], 5.0, 25),
    ([0.0, 0.0], [1.0, 0.0], 0.01, 25),
    ([1.5, -0.5], None, 0.05, 25),
]

STEPS = [
    dict(lr=1, max_iter=20),
    dict(lr=1, max_iter=20, max_eval=7),
    dict(lr=1, max_iter=20, tolerance_grad=50.0),
    dict(lr=1, max_iter=20, tolerance_change=1e-2),
    dict(lr=1, max_iter=20, tolerance_change=0.5),
    dict(lr=1, max_iter=20, line_search_fn="strong_wolfe"),
    dict(lr=1, max_iter=20, max_eval=9, line_search_fn="strong_wolfe"),
    dict(lr=1, max_iter=20, tolerance_change=1e-3, line_search_fn="strong_wolfe"),
    dict(lr=0.5, max_iter=3, history_size=2),
    dict(lr=1, max_iter=50, history_size=3, line_search_fn="strong_wolfe"),
]


def lbfgs_run(options):
    x = torch.tensor([-1.2, 1.0], dtype=torch.float32, requires_grad=True)  # as sgd4j's float32 parameters
    opt = torch.optim.LBFGS([x], **options)

    def closure():
        opt.zero_grad()
        f = rosen(x)
        f.backward()
        return f

    steps = []
    for _ in range(2):
        loss = opt.step(closure)
        st = opt.state[opt._params[0]]
        steps.append(dict(loss=float(loss), x=x.detach().tolist(), n_iter=st["n_iter"], func_evals=st["func_evals"]))
        assert all(map(lambda v: v == v, steps[-1]["x"]))
    return steps


def camel(options):
    """generate_edges.camel's keys, with line_search_fn="strong_wolfe" as LBFGS's strongWolfe flag."""
    out = generate_edges.camel(options)
    if out.pop("lineSearchFn", None) == "strong_wolfe":
        out["strongWolfe"] = True
    return out


def main():
    cubic = []
    for x1, f1, g1, x2, f2, g2, bounds in CUBIC:
        tt = [torch.tensor(v) for v in (x1, f1, g1, x2, f2, g2)]  # torch calls it with 0-d tensors
        r = _cubic_interpolate(*tt, bounds)
        cubic.append(dict(args=[x1, f1, g1, x2, f2, g2], bounds=bounds, result=float(r)))
    searches = []
    for start, direction, t, max_ls in SEARCHES:
        x = torch.tensor(start)
        f, g = rosen_grad(x)
        d = -g if direction is None else torch.tensor(direction)
        gtd = float(g.dot(d))

        def obj(xx, tt, dd):
            return rosen_grad(xx + tt * dd)

        f_new, g_new, t_new, evals = _strong_wolfe(obj, x, t, d, f, g, gtd, max_ls=max_ls)
        searches.append(dict(x=start, d=d.tolist(), t=t, max_ls=max_ls, f=f, g=g.tolist(), gtd=gtd,
                             f_new=float(f_new), g_new=g_new.tolist(), t_new=float(t_new), evals=evals))
    runs = [dict(options=camel(o), steps=lbfgs_run(o)) for o in STEPS]
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "..", "sgd4j-core", "src", "test", "resources", "reference", "optim",
                          "line_search.json")
    with open(target, "w") as fh:
        json.dump(dict(torch=torch.__version__, cubic=cubic, searches=searches, lbfgs=runs), fh, indent=1)
    print("wrote", os.path.normpath(target))
    for s in searches:
        print("search", s["x"], s["t"], s["max_ls"], "->", s["t_new"], s["evals"])
    for r in runs:
        print("lbfgs", r["options"], [(s["n_iter"], s["func_evals"]) for s in r["steps"]])


if __name__ == "__main__":
    main()
