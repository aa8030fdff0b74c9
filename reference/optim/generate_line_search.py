"""Reference values for L-BFGS's pieces, from torch.optim.lbfgs (torch 1.13):
- _cubic_interpolate on inputs that take each branch (interior minimum, clipped to a bound, no real
  minimum so the midpoint);
- _strong_wolfe on Rosenbrock's function in float64 from several points, directions and first steps,
  including searches that bracket, zoom, extrapolate, and run out of evaluations, with the steps
  t at which the search evaluated the objective (its trace);
- _strong_wolfe on objectives whose every value is the same double in Java (exact cases): polynomials
  along a line, evaluated by Horner's rule, with the gradient rounded to float32 as sgd4j's flat
  gradients are, and scripted objectives whose k-th evaluation returns given (f, g) wherever it is
  asked (to reach the equalities and branches a smooth function reaches only by chance); with their
  traces, compared bit for bit;
- LBFGS.step's stopping rules: the state's n_iter and func_evals, the loss it returns and the
  parameter's version counter, for runs on Rosenbrock's function that stop on max_iter, max_eval,
  tolerance_grad, tolerance_change (step and loss), with and without the line search, and the whole
  state after short runs; on 0.5 |x|^2, where every value is exact, runs that meet each stopping rule
  with equality, and a restart (n_iter set back to 0).
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
    (0.0, 0.0, 1.0, 3.0, 3.0, 4.0, None),  # d1^2 - g1 g2 = 2^2 - 1 * 4 = 0 exactly: still the cubic's minimum
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
    # LBFGS.step calls _strong_wolfe with its default tolerance_change (1e-9): with the group's 0.1 the
    # second step's zoom would stop one evaluation earlier
    dict(lr=2, max_iter=20, tolerance_change=0.1, line_search_fn="strong_wolfe"),
]


# few iterations, so that float32 rounding has not yet moved sgd4j's state away from torch's; the
# first also as a restart
SHORT = [
    dict(lr=1, max_iter=4, history_size=2),
    dict(lr=1, max_iter=4, history_size=2, line_search_fn="strong_wolfe"),
    dict(lr=0.25, max_iter=3),
    dict(lr=1, max_iter=3, max_eval=6, line_search_fn="strong_wolfe"),
]
STEPS += SHORT
RESTARTS = SHORT[:1]


def half_square(x):
    return 0.5 * (x ** 2).sum()


# 0.5 |x|^2 from a dyadic start: every value of the run is exact in float32 both here and in sgd4j, so
# each stopping rule can be met with equality (start, options, restart)
HALF_SQUARE = [
    ([2.0], dict(lr=1, tolerance_grad=2.0), False),  # |g|max = tolerance_grad at the start: no iteration
    ([2.0], dict(lr=1, tolerance_grad=1.0), False),  # ... after the first iteration
    ([2.0], dict(lr=1, tolerance_grad=1.0, line_search_fn="strong_wolfe"), False),
    ([2.0], dict(lr=1, tolerance_change=4.0), False),  # g d = -4 = -tolerance_change: still a descent direction
    ([2.0], dict(lr=1, tolerance_change=1.0), False),  # |t d|max = 1 = tolerance_change
    ([1.0], dict(lr=0.5, tolerance_change=0.375), False),  # |f - f_prev| = 0.375 = tolerance_change
    ([1.0], dict(lr=0.5, tolerance_change=0.4375), False),  # ... under it
    ([2.0], dict(lr=0.5, max_iter=4, tolerance_grad=0.1), True),  # 3 pairs, then a restart that keeps none
]


def lbfgs_run(options, restart=False, start=(-1.2, 1.0), objective=rosen, with_state=False):
    """Two steps from start; with restart, the state's n_iter is set back to 0 between them, which
    makes the second step start again from steepest descent with an empty history. With with_state,
    the state after each step."""
    x = torch.tensor(start, dtype=torch.float32, requires_grad=True)  # as sgd4j's float32 parameters
    opt = torch.optim.LBFGS([x], **options)

    def closure():
        opt.zero_grad()
        f = objective(x)
        f.backward()
        return f

    steps = []
    for k in range(2):
        if restart and k == 1:
            opt.state[opt._params[0]]["n_iter"] = 0
        loss = opt.step(closure)
        st = opt.state[opt._params[0]]
        steps.append(dict(loss=float(loss), x=x.detach().tolist(), n_iter=st["n_iter"], func_evals=st["func_evals"],
                          version=x._version))
        if with_state and "old_dirs" in st:
            steps[-1]["state"] = dict(
                t=float(st["t"]), H_diag=float(st["H_diag"]), prev_loss=float(st["prev_loss"]), d=st["d"].tolist(),
                prev_flat_grad=st["prev_flat_grad"].tolist(), ro=[float(r) for r in st["ro"]],
                old_dirs=[v.tolist() for v in st["old_dirs"]], old_stps=[v.tolist() for v in st["old_stps"]])
        assert all(map(lambda v: v == v, steps[-1]["x"]))
    return steps


def camel(options):
    """generate_edges.camel's keys, with line_search_fn="strong_wolfe" as LBFGS's strongWolfe flag."""
    out = generate_edges.camel(options)
    if out.pop("lineSearchFn", None) == "strong_wolfe":
        out["strongWolfe"] = True
    return out


def f32(v):
    return float(torch.tensor(v, dtype=torch.float32))


def horner(coef, z):
    out = 0.0
    for c in reversed(coef):
        out = out * z + c
    return out


def traced(evaluate):
    """evaluate(x, t, d, k) -> (f, g) at the k-th call, with the steps t the calls asked for."""
    trace = []

    def obj(x, t, d):
        trace.append(float(t))
        return evaluate(x, float(t), d, len(trace) - 1)
    return obj, trace


# f(z) = sum coef[i] z^i along z = x + t d (x, d scalars; d a power of two so that g d is exact in
# float32 too); start t, max_ls, tolerance_change
POLY = [
    ([1.0, -2.0, 1.0], 0.0, 1.0, 4.0, 25, 1e-9),  # (1 - z)^2: bracket, then the cubic's exact minimum
    ([0.0, 0.0, 1.0], 1.0, -2.0, 1.0, 25, 1e-9),  # z^2 from 1 to -1: f equal at both ends of the bracket
    ([0.0, -1.0, 0.0, 0.0, 1.0], 0.0, 1.0, 0.01, 25, 1e-9),  # z^4 - z: extrapolation
    ([0.0, -1.0, 0.0, 0.0, 1.0], 0.0, 1.0, 10.0, 25, 1e-9),  # ... bracket and zoom
    ([0.0, -1.0, 0.0, 0.0, 1.0], 0.0, 1.0, 10.0, 3, 1e-9),  # ... out of evaluations in the zoom
    ([0.0, -1.0, 0.0, 0.0, 1.0], 0.0, 0.5, 6.0, 25, 1e-2),  # ... the zoom stops on the bracket's width, |d| = 1/2
    ([0.0, -1.0, 0.0, 0.0, 1.0], 0.0, 4.0, 1.5, 25, 1e-1),  # ... |d| = 4
    ([0.0, -1.0, 1e-6], 0.0, 1.0, 1e-3, 25, 1e-9),  # far minimum: the extrapolation clipped to 10 t
    ([0.0, -1.0, 1e-6], 0.0, 1.0, 1e-3, 4, 1e-9),  # ... out of evaluations while extrapolating
    ([0.0, -1.0, 0.0, -1.0, 0.25], 0.0, 1.0, 0.5, 25, 1e-9),  # slope steepening before it turns
    ([0.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0], 0.0, 1.0, 2.0, 25, 1e-9),  # z^8 - z: cubic near the bracket's end
    ([0.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0], 0.0, 1.0, 1.25, 25, 1e-9),
    ([0.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0], 0.0, -1.0, -3.0, 25, 1e-9),  # negative t along -d
    ([2.0, 0.0, -3.0, 0.0, 1.0], -2.0, 1.0, 1.0, 25, 1e-9),  # double well from its left side
    ([2.0, 0.0, -3.0, 0.0, 1.0], -2.0, 1.0, 3.0, 25, 1e-9),  # ... across the hump
    ([2.0, 0.0, -3.0, 0.0, 1.0], -2.0, 1.0, 3.5, 25, 1e-9),
    ([0.0, -1.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1e-3], 0.0, 1.0, 4.0, 25, 1e-9),
]

# x, d, f and g at t = 0, start t, the (f, g) of each evaluation in order (f given as ("armijo", a):
# f + a c1 t gᵀd at the step t asked for), max_ls, tolerance_change
SCRIPTED = [
    # the first step's f exactly on the sufficient-decrease line, |g| within the curvature bound
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(1.0 + 1e-4 * 1.0 * -1.0, [-0.5])], 25, 1e-9),
    # f rises at the second extrapolated step (not a bracket yet) and stays level at the third (a bracket)
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(0.5, [-1.5]), (0.6, [-1.5]), (0.6, [-0.5]), (0.4, [-0.1])], 25, 1e-9),
    # |g d| exactly c2 |g0 d| (-c2 gtd = 9 exactly)
    ([0.0], [-1.0], 1.0, [10.0], 1.0, [(0.5, [9.0]), (0.4, [1.0])], 25, 1e-9),
    # slope still steep: the cubic's step falls under t + 0.01 (t - t_prev) and is raised to it, twice
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(0.9, [-0.95]), (0.7, [-0.95]), (0.6, [-0.1])], 25, 1e-9),
    # f level at both ends of the bracket; out of evaluations after one zoom step that did not lower f
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(1.0, [1.0]), (1.5, [3.0])], 1, 1e-9),
    # the zoom's new f equal to the low end's: the low end stays where it was
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(1.2, [2.0]), (1.0, [1.0])], 1, 1e-9),
    # ... the low end inside the bracket (after an extrapolation), and a zoom step with the same f
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(0.5, [-1.5]), (2.0, [3.0]), (0.5, [-1.25])], 2, 1e-9),
    # the bracket's length times |d| exactly the tolerance: the zoom still runs
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(2.0, [1.0]), (0.5, [0.0])], 25, 1.0),
    # ... and with |d| = 4: the length times |d| (4) over a tolerance the length alone (1) is under
    ([0.0], [4.0], 1.0, [-0.25], 1.0, [(2.0, [1.0]), (0.5, [0.0])], 25, 3.5),
    # zoom steps near an end of the bracket (found by a random search over scripted values): the first
    # one only marked as insufficient progress, then moved 0.1 of the bracket away from the end; the
    # cubic's step clipped at the upper and at the lower end, with and without the mark; moved from
    # the upper end and from the lower end
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(2.5, [-3.75]), (-1.875, [0.375])], 1, 1e-9),
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(2.875, [0.875]), (2.875, [1.5]), (-1.625, [2.75])], 2, 1e-9),
    ([0.0], [1.0], 1.0, [-1.0], 1.0,
     [(0.875, [-3.625]), (-0.5, [-1.625]), (-1.0, [3.75]), (-0.125, [-3.625]), (1.0, [-2.75]), (0.625, [0.625])], 5, 1e-9),
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(-0.875, [3.375]), (-0.875, [0.875]), (-0.5, [0.5]), (2.75, [-3.25])], 3, 1e-9),
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(0.5, [-3.0]), (-0.125, [-2.25]), (-1.375, [1.125]), (0.25, [1.375]), (-1.875, [-3.5])],
     4, 1e-9),
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(0.75, [-1.375]), (-1.125, [-3.625]), (3.0, [3.5]), (0.125, [-2.125]), (0.75, [3.125])],
     4, 1e-9),
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(2.125, [-3.375]), (-0.375, [3.375]), (2.25, [-2.875])], 2, 1e-9),
    # the zoom's first step (the cubic's exact minimum, t = 1 in the bracket [0, 10]) exactly 0.1 of the
    # bracket's length from its end: not yet counted as close, so the next close step is only marked
    ([0.0], [1.0], 0.0, [-0.125], 10.0, [(26.25, [7.875]), (-12.375, [6.25]), (1.5, [1.0]), (-15.875, [-7.625])], 3,
     1e-9),
    # a lower f whose slope points away from the old low end (that end becomes the high end), and one
    # whose slope does not
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(2.125, [2.375]), (-1.0, [2.25])], 1, 1e-9),
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(2.5, [-3.75]), (0.875, [-3.875])], 1, 1e-9),
    # f between the sufficient-decrease line and f(0) (half way): the first step brackets
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(("armijo", 0.5), [-2.0]), (0.5, [-0.1])], 25, 1e-9),
    # the bracket phase ends with the lower f at its far end (a rising slope there), then a zoom step
    # that lowers f again but not its slope; ... a zoom step above the low end (the high end replaced)
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(0.5, [2.0]), (0.4, [2.0]), (0.3, [0.1]), (0.2, [0.0])], 25, 1e-9),
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(0.5, [2.0]), (0.9, [1.0]), (0.4, [2.0]), (0.3, [0.1]), (0.2, [0.0])], 25, 1e-9),
    # a zoom step exactly on the sufficient-decrease line (accepted), and half way above it (not)
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(2.0, [1.0]), (("armijo", 1.0), [-0.5])], 2, 1e-9),
    ([0.0], [1.0], 1.0, [-1.0], 1.0, [(2.0, [1.0]), (("armijo", 0.5), [-0.5]), (0.5, [0.0])], 2, 1e-9),
    # a zoom step with |g d| exactly c2 |g0 d|
    ([0.0], [-1.0], 1.0, [10.0], 1.0, [(2.0, [-1.0]), (0.5, [9.0])], 2, 1e-9),
    # an ascent direction: a zoom step with a level slope makes the old low end the high end
    ([0.0], [1.0], 1.0, [1.0], 1.0, [(0.5, [2.0]), (0.25, [0.0]), (0.125, [1.0])], 2, 1e-9),
    # an ascent direction (g d > 0): a level slope brackets; the zoom never meets the curvature test
    ([0.0], [1.0], 1.0, [1.0], 1.0, [(0.5, [0.0]), (0.25, [0.5]), (0.75, [-0.5]), (0.1, [0.0])], 3, 1e-9),
]


def exact_case(kind, x, d, f, g, t, evaluate, max_ls, tolerance_change, **extra):
    xt, dt, gt = torch.tensor(x), torch.tensor(d), torch.tensor(g)
    gtd = f32(float(gt.dot(dt)))
    obj, trace = traced(evaluate)
    f_new, g_new, t_new, evals = _strong_wolfe(obj, xt, t, dt, f, gt, gtd, tolerance_change=tolerance_change,
                                               max_ls=max_ls)
    return dict(kind=kind, x=x, d=d, f=f, g=g, gtd=gtd, t=t, max_ls=max_ls, tolerance_change=tolerance_change,
                **extra, trace=trace, f_new=float(f_new), g_new=[float(v) for v in g_new], t_new=float(t_new),
                evals=evals)


def poly_case(coef, x, d, t, max_ls, tolerance_change):
    dcoef = [i * c for i, c in enumerate(coef)][1:]

    def evaluate(xx, tt, dd, k):
        z = float(xx[0]) + tt * float(dd[0])
        return horner(coef, z), torch.tensor([f32(horner(dcoef, z))])
    return exact_case("poly", [x], [d], horner(coef, x), [f32(horner(dcoef, x))], t, evaluate, max_ls,
                      tolerance_change, coef=coef, dcoef=dcoef)


def scripted_case(x, d, f, g, t, calls, max_ls, tolerance_change):
    gtd = f32(float(torch.tensor(g).dot(torch.tensor(d))))

    def evaluate(xx, tt, dd, k):
        if k == len(calls):
            raise ValueError(f"the search asks for more than the {len(calls)} scripted evaluations {calls}")
        fk = calls[k][0]
        if isinstance(fk, tuple):  # ("armijo", a): f + a c1 t gtd at the t asked for (a = 1: on the line)
            fk = f + fk[1] * 1e-4 * tt * gtd
        return fk, torch.tensor(calls[k][1])
    return exact_case("scripted", x, d, f, g, t, evaluate, max_ls, tolerance_change, calls=calls)


def main():
    cubic = []
    for x1, f1, g1, x2, f2, g2, bounds in CUBIC:
        tt = [torch.tensor(v) for v in (x1, f1, g1, x2, f2, g2)]  # torch calls it with 0-d tensors
        r = _cubic_interpolate(*tt, bounds)
        cubic.append(dict(args=[x1, f1, g1, x2, f2, g2], bounds=bounds, result=float(r)))
    searches = []
    for start, direction, t, max_ls in SEARCHES:
        trace = []
        x = torch.tensor(start)
        f, g = rosen_grad(x)
        d = -g if direction is None else torch.tensor(direction)
        gtd = float(g.dot(d))

        def obj(xx, tt, dd):
            trace.append(float(tt))
            return rosen_grad(xx + tt * dd)

        f_new, g_new, t_new, evals = _strong_wolfe(obj, x, t, d, f, g, gtd, max_ls=max_ls)
        searches.append(dict(x=start, d=d.tolist(), t=t, max_ls=max_ls, f=f, g=g.tolist(), gtd=gtd,
                             f_new=float(f_new), g_new=g_new.tolist(), t_new=float(t_new), evals=evals, trace=trace))
    exact = [poly_case(*c) for c in POLY] + [scripted_case(*c) for c in SCRIPTED]
    runs = [dict(options=camel(o), steps=lbfgs_run(o, with_state=o in SHORT)) for o in STEPS]
    runs += [dict(options=camel(o), restart=True, steps=lbfgs_run(o, restart=True, with_state=True)) for o in RESTARTS]
    for start, o, restart in HALF_SQUARE:
        o = dict(dict(lr=1, max_iter=20), **o)
        runs.append(dict(options=camel(o), objective="half_square", start=start, restart=restart,
                         steps=lbfgs_run(o, restart=restart, start=start, objective=half_square, with_state=True)))
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "..", "sgd4j-core", "src", "test", "resources", "reference", "optim",
                          "line_search.json")
    with open(target, "w") as fh:
        json.dump(dict(torch=torch.__version__, cubic=cubic, searches=searches, exact=exact, lbfgs=runs), fh, indent=1)
    print("wrote", os.path.normpath(target))
    for s in searches:
        print("search", s["x"], s["t"], s["max_ls"], "->", s["t_new"], s["evals"])
    for e in exact:
        print(e["kind"], e["t"], e["max_ls"], e["tolerance_change"], "->", e["trace"], e["t_new"], e["evals"])
    for r in runs:
        print("lbfgs", r["options"], [(s["n_iter"], s["func_evals"]) for s in r["steps"]])


if __name__ == "__main__":
    main()
