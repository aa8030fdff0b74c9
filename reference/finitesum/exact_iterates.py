"""Exact iterates of the finite-sum solvers on two tiny problems, from the papers' update rules
written densely in NumPy (and torch.optim for the adaptive methods), with the same random draws as
sgd4j: org.sgd4j.tensor.Rng is SplitMix64 (java.util.SplittableRandom), replicated below, so the
example sequence i_0, i_1, ... is the one the Java solvers draw from Rng(seed).

Problems, f_i(x) = phi_i(<a_i, x>) + (mu/2)|x|^2, n = 4 (a power of two, so a budget of k steps is
exactly k/n passes):
  least squares  phi_i(t) = (t - b_i)^2 / 2,              L_i = |a_i|^2 + mu
  logistic       phi_i(t) = log(1 + exp(-y_i t)),          L_i = |a_i|^2 / 4 + mu

Rules (x_0 = 0, tables at zero):
  SAG  (Schmidt, Le Roux and Bach 2017): y_i <- grad f_i(x_k);  x_{k+1} = x_k - (alpha/m) sum_j y_j,
       m = examples seen so far (or n).  On a linear model (Sec. 4.1, "implementation details") the
       table keeps phi_i' a_i and the L2 term is exact: x_{k+1} = x_k - alpha (mu x_k + (1/m) sum_j y_j).
       Step 1/L_max; non-uniform sampling P(i) = 1/(2n) + L_i/(2 sum L) with step 1/mean(L_i).
       Line search (Sec. 4.6): L doubled until f_i(x - g/L) <= f_i(x) - |g|^2/(2L) (on phi_i alone,
       step 1/(L + mu), for a linear model), then L <- L 2^(-1/n).  Both together: one estimate L_i
       per example (start 1, halved when i comes back), sampling weights L_i + mu,
       step 1/(2(L_max + mu)) + 1/(2(mean L_i + mu)), L_max <- L_max 2^(-1/n).
  SAGA (Defazio, Bach and Lacoste-Julien 2014): x_{k+1} = x_k - alpha (g_i - y_i + (1/n) sum_j y_j),
       then y_i <- g_i; step 1/(3 L_max).  Linear model: the L2 term exact at x_k.
  SVRG (Johnson and Zhang 2013, option I): snapshot x~, mu~ = grad f(x~) (n evaluations), then m
       inner steps x <- x - alpha (grad f_i(x) - grad f_i(x~) + mu~) (2 evaluations each); 1/(2 L_max).
  SGD: x <- x - (alpha/B) sum_b grad f_{i_b}(x).
  Adam, RMSprop, Adagrad: torch.optim in float64 on the mini-batch mean gradient.

Writes sgd4j-core/src/test/resources/reference/finitesum/exact_iterates.json.
Run: /usr/bin/python3 reference/finitesum/exact_iterates.py
"""
import json
import math
import os

import numpy as np
import torch

MASK = (1 << 64) - 1


class Rng:
    """SplitMix64 with sgd4j's nextInt(bound) (Lemire) and nextDouble (53 bits)."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next_long(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next_int(self, bound):
        m = (self.next_long() >> 32) * bound
        low = m & 0xFFFFFFFF
        if low < bound:
            threshold = ((1 << 32) - bound) % bound
            while low < threshold:
                m = (self.next_long() >> 32) * bound
                low = m & 0xFFFFFFFF
        return m >> 32

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53


def proportional(weights, u):
    """The index i with W_i <= u W < W_{i+1} (W the prefix sums): a draw proportional to weights."""
    prefix = np.cumsum(weights)
    target = u * prefix[-1]
    i = int(np.searchsorted(prefix, target, side="right"))
    gap = np.min(np.abs(prefix - target))
    assert gap > 1e-9 * prefix[-1], "a draw too close to a boundary to be rounding-proof"
    return min(i, len(weights) - 1)


class Problem:
    def __init__(self, kind, a, t, mu):
        self.kind, self.a, self.t, self.mu = kind, np.array(a, float), np.array(t, float), mu
        self.n, self.d = self.a.shape
        self.c = 1.0 if kind == "least_squares" else 0.25

    def phi(self, i, s):
        if self.kind == "least_squares":
            return 0.5 * (s - self.t[i]) ** 2
        z = -self.t[i] * s
        return z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z))

    def dphi(self, i, s):
        if self.kind == "least_squares":
            return s - self.t[i]
        return -self.t[i] / (1 + math.exp(self.t[i] * s))

    def f_i(self, i, x):
        return self.phi(i, self.a[i] @ x) + 0.5 * self.mu * x @ x

    def grad_i(self, i, x):
        return self.dphi(i, self.a[i] @ x) * self.a[i] + self.mu * x

    def full_grad(self, x):
        return sum(self.grad_i(i, x) for i in range(self.n)) / self.n

    def lipschitz(self):
        return self.c * np.sum(self.a ** 2, axis=1) + self.mu

    def json(self):
        return dict(kind=self.kind, a=self.a.tolist(), targets=self.t.tolist(), mu=self.mu)


LS = Problem("least_squares", [[1, 2], [3, -1], [0.5, 1.5], [-2, 0.5]], [1, -2, 0.5, 1.5], 0.1)
LOGISTIC = Problem("logistic", [[1, -0.5, 2], [0.3, 1.2, -1], [-1.5, 0.4, 0.8], [2, 1, 0.5]], [1, -1, -1, 1], 0.05)


def sag(p, seed, steps, linear, sampling="uniform", line_search=False, seen_init=True, lr=None):
    rng = Rng(seed)
    n, mu = p.n, p.mu
    lips = p.lipschitz()
    x = np.zeros(p.d)
    table = np.zeros((n, p.d))
    seen = [False] * n
    m = 0
    if lr is not None:
        alpha = lr
    else:
        alpha = 1 / (np.mean(lips) if sampling == "mixed" else np.max(lips))
    est = 1.0
    li = np.ones(n)
    lmax = 1.0
    decay = 2 ** (-1 / n)
    adaptive = linear and line_search and sampling == "mixed"
    out = []
    for _ in range(steps):
        if sampling == "uniform":
            i = rng.next_int(n)
        elif rng.next_double() < 0.5:
            i = rng.next_int(n)
        else:
            i = proportional(li + mu if adaptive else lips, rng.next_double())
        s = p.a[i] @ x
        g = p.dphi(i, s) * p.a[i] if linear else p.grad_i(i, x)
        table[i] = g
        came_back = seen[i]
        if not seen[i]:
            seen[i] = True
            m += 1
        if adaptive:
            if came_back:
                li[i] /= 2
            g2 = g @ g
            if g2 > 1e-8:
                while p.phi(i, p.a[i] @ (x - g / li[i])) > p.phi(i, s) - g2 / (2 * li[i]):
                    li[i] *= 2
            lmax = max(lmax, li[i])
            alpha = 0.5 / (lmax + mu) + 0.5 / (np.mean(li) + mu)
            lmax *= decay
        elif line_search:
            g2 = g @ g
            if g2 > 1e-8:
                if linear:  # the estimate is of phi_i's constant; mu is added to it
                    while p.phi(i, p.a[i] @ (x - g / est)) > p.phi(i, s) - g2 / (2 * est):
                        est *= 2
                else:
                    while p.f_i(i, x - g / est) > p.f_i(i, x) - g2 / (2 * est):
                        est *= 2
            alpha = 1 / (est + mu) if linear else 1 / est
            est *= decay
        mean = table.sum(axis=0) / (m if seen_init else n)
        x = x - alpha * (mu * x + mean) if linear else x - alpha * mean
        out.append(dict(evaluations=len(out) + 1, x=x.tolist()))
    return out


def saga(p, seed, steps, linear, lr=None):
    rng = Rng(seed)
    n, mu = p.n, p.mu
    alpha = lr if lr is not None else 1 / (3 * np.max(p.lipschitz()))
    x = np.zeros(p.d)
    table = np.zeros((n, p.d))
    out = []
    for _ in range(steps):
        i = rng.next_int(n)
        if linear:
            g = p.dphi(i, p.a[i] @ x) * p.a[i]
            x_next = x - alpha * (mu * x + g - table[i] + table.sum(axis=0) / n)
        else:
            g = p.grad_i(i, x)
            x_next = x - alpha * (g - table[i] + table.sum(axis=0) / n)
        table[i] = g
        x = x_next
        out.append(dict(evaluations=len(out) + 1, x=x.tolist()))
    return out


def svrg(p, seed, budget, epoch_length, lr=None):
    rng = Rng(seed)
    n = p.n
    alpha = lr if lr is not None else 1 / (2 * np.max(p.lipschitz()))
    m = epoch_length or n
    x = np.zeros(p.d)
    evals = 0
    out = []
    while evals < budget:
        snapshot = x.copy()
        mu_tilde = p.full_grad(snapshot)
        evals += n
        out.append(dict(evaluations=evals, x=x.tolist()))
        for _ in range(m):
            if evals >= budget:
                break
            i = rng.next_int(n)
            x = x - alpha * (p.grad_i(i, x) - p.grad_i(i, snapshot) + mu_tilde)
            evals += 2
            out.append(dict(evaluations=evals, x=x.tolist()))
    return out


def sgd(p, seed, steps, lr, batch):
    rng = Rng(seed)
    x = np.zeros(p.d)
    out = []
    for _ in range(steps):
        idx = [rng.next_int(p.n) for _ in range(batch)]
        x = x - lr / batch * sum(p.grad_i(i, x) for i in idx)
        out.append(dict(evaluations=batch * (len(out) + 1), x=x.tolist()))
    return out


def adaptive(p, seed, steps, name, options, batch):
    rng = Rng(seed)
    x = torch.zeros(p.d, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, name)([x], **options)
    out = []
    for _ in range(steps):
        idx = [rng.next_int(p.n) for _ in range(batch)]
        xv = x.detach().numpy().copy()
        g = np.zeros(p.d)
        for i in idx:
            g += p.grad_i(i, xv) / batch
        x.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        out.append(dict(evaluations=batch * (len(out) + 1), x=x.detach().tolist()))
    return out


def lbfgs(p, memory, iterations):
    """L-BFGS (Nocedal and Wright, Alg. 7.4 and 7.5): two-loop recursion with H0 = (s.y / y.y) I
    (|g|^-1 I before any pair), Armijo backtracking (1e-4, halving) from t = 1; pairs with s.y > 0
    kept, the oldest dropped beyond the memory. Returns the points where the gradient is evaluated."""
    x = np.zeros(p.d)

    def value(z):
        return np.mean([p.f_i(i, z) for i in range(p.n)])

    g = p.full_grad(x)
    f = value(x)
    pairs = []
    points = [x.tolist()]
    for _ in range(iterations):
        q = g.copy()
        alphas = []
        for s, y in reversed(pairs):
            a = (s @ q) / (s @ y)
            alphas.append(a)
            q = q - a * y
        gamma = (pairs[-1][0] @ pairs[-1][1]) / (pairs[-1][1] @ pairs[-1][1]) if pairs else 1 / np.linalg.norm(g)
        r = gamma * q
        for (s, y), a in zip(pairs, reversed(alphas)):
            b = (y @ r) / (s @ y)
            r = r + (a - b) * s
        slope = -(g @ r)
        assert slope < 0
        t = 1.0
        while value(x - t * r) > f + 1e-4 * t * slope:
            t /= 2
        xn = x - t * r
        gn = p.full_grad(xn)
        s, y = xn - x, gn - g
        if s @ y > 1e-300:
            pairs = (pairs + [(s, y)])[-memory:]
        x, g, f = xn, gn, value(xn)
        points.append(x.tolist())
    return points


RIDGE = Problem("least_squares", LS.a, LS.t, 1.0)
ILL = Problem("least_squares", np.diag([1, 2, 5, 10, 30]) + 0.3 * np.ones((5, 5)), [1, -1, 2, 0.5, -2], 1e-3)


def main():
    problems = dict(least_squares=LS, logistic=LOGISTIC)
    runs = []

    def add(solver, problem, seed, iterates, **options):
        runs.append(dict(solver=solver, problem=problem, seed=seed, options=options, iterates=iterates))

    for name, p in problems.items():
        for generic in (False, True):
            form = dict(generic=generic)
            add("sag", name, 3, sag(p, 3, 12, not generic), **form)
            add("sag", name, 4, sag(p, 4, 12, not generic, seen_init=False), initialisation="n", **form)
            add("sag", name, 5, sag(p, 5, 12, not generic, sampling="mixed"), sampling="mixed", **form)
            add("sag", name, 6, sag(p, 6, 12, not generic, line_search=True), line_search=True, **form)
            add("sag", name, 7, sag(p, 7, 12, not generic, lr=0.05), lr=0.05, **form)
            add("saga", name, 8, saga(p, 8, 12, not generic), **form)
            add("saga", name, 9, saga(p, 9, 12, not generic, lr=0.05), lr=0.05, **form)
        for seed in (10, 11):
            add("sag", name, seed, sag(p, seed, 16, True, sampling="mixed", line_search=True), sampling="mixed",
                line_search=True, generic=False)
        add("sag", name, 12, sag(p, 12, 16, True, sampling="mixed", line_search=True, seen_init=False),
            sampling="mixed", line_search=True, initialisation="n", generic=False)
        add("svrg", name, 13, svrg(p, 13, 24, 0), epoch_length=0)
        add("svrg", name, 14, svrg(p, 14, 24, 3, lr=0.04), epoch_length=3, lr=0.04)
        add("sgd", name, 15, sgd(p, 15, 6, 0.05, 1), lr=0.05, batch=1)
        add("sgd", name, 16, sgd(p, 16, 4, 0.05, 3), lr=0.05, batch=3)
        add("adam", name, 17, adaptive(p, 17, 5, "Adam", dict(lr=0.1, betas=(0.8, 0.9), eps=0.01), 2),
            lr=0.1, betas=[0.8, 0.9], eps=0.01, batch=2)
        add("rmsprop", name, 18, adaptive(p, 18, 5, "RMSprop", dict(lr=0.05, alpha=0.7, eps=0.01), 2),
            lr=0.05, alpha=0.7, eps=0.01, batch=2)
        add("adagrad", name, 19, adaptive(p, 19, 5, "Adagrad", dict(lr=0.2, eps=0.01), 3),
            lr=0.2, eps=0.01, batch=3)
    # a strong ridge, mu = 1: the sampling weights L_i + mu of the unseen examples (2) differ much
    # from those of the examples whose estimates changed
    problems["least_squares_ridge"] = RIDGE
    for seed in (20, 21):
        add("sag", "least_squares_ridge", seed, sag(RIDGE, seed, 24, True, sampling="mixed", line_search=True),
            sampling="mixed", line_search=True, generic=False)
    lbfgs_run = dict(problem=ILL.json(), memory=3, points=lbfgs(ILL, 3, 10))
    draws = Rng(3)
    rng_check = dict(seed=3, next_int_4=[draws.next_int(4) for _ in range(8)],
                     next_double=[draws.next_double() for _ in range(4)])
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "..", "sgd4j-core", "src", "test", "resources", "reference", "finitesum",
                          "exact_iterates.json")
    with open(target, "w") as fh:
        json.dump(dict(numpy=np.__version__, torch=torch.__version__, rng=rng_check, lbfgs=lbfgs_run,
                       problems={k: v.json() for k, v in problems.items()}, runs=runs), fh, indent=1)
        fh.write("\n")
    print("wrote", os.path.normpath(target), len(runs), "runs")


if __name__ == "__main__":
    main()
