#!/usr/bin/python3
"""Reference optima of the notes' L2-logistic problem, by scikit-learn (Debian python3-sklearn).

f(w) = mu/2 ||w||^2 + (1/n) sum log(1 + exp(-y_i <a_i, w>)); sklearn's LogisticRegression(C,
fit_intercept=False) minimises C n f(w) when mu = 1/(C n). Solved with solver='newton-cg' at
tol=1e-12 (sklearn scales the gradient by C n = 1/mu); f is evaluated in NumPy with logaddexp. Writes
sgd4j-core/src/test/resources/reference/finitesum/logistic_optimum.json with
 - "dense": a small dense problem (data included) and its w*, f*;
 - "a9a_head": the first 2000 rows of LIBSVM a9a (d = 123, read by the test itself), mu, w*, f*.
Run from anywhere: /usr/bin/python3 reference/finitesum/logistic_optimum.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_svmlight_file
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "sgd4j-core/src/test/resources/reference/finitesum/logistic_optimum.json")


def objective(w, X, y, mu):
    return 0.5 * mu * w @ w + np.mean(np.logaddexp(0.0, -y * (X @ w)))


def grad_norm(w, X, y, mu):
    z = -y * (X @ w)
    s = 0.5 * (1.0 + np.tanh(0.5 * z))  # sigmoid(z)
    return float(np.linalg.norm(mu * w + X.T @ (-y * s) / X.shape[0]))


def solve(X, y, mu):
    n = X.shape[0]
    clf = LogisticRegression(C=1.0 / (mu * n), fit_intercept=False, solver="newton-cg", tol=1e-12, max_iter=1000)
    clf.fit(X, y)
    w = clf.coef_.ravel()
    # newton-cg may warn that it did not meet tol (its gradient is scaled by 1/mu); the gradient norm
    # of f itself is recorded, and f(w) - f* <= |grad f(w)|^2 / (2 mu)
    return w, float(objective(w, X, y, mu)), grad_norm(w, X, y, mu)


def main():
    rng = np.random.default_rng(20240611)
    n, d, mu = 100, 5, 0.05
    A = rng.standard_normal((n, d))
    y = np.where(A @ rng.standard_normal(d) + 0.5 * rng.standard_normal(n) > 0, 1.0, -1.0)
    w, f, g = solve(A, y, mu)
    out = {"generator": "reference/finitesum/logistic_optimum.py", "sklearn": sklearn.__version__,
           "dense": {"mu": mu, "a": A.tolist(), "y": y.tolist(), "w_star": w.tolist(), "f_star": f,
                     "grad_norm": g}}
    data = None
    for c in [os.environ.get("SGD4J_DATA", ""), os.path.join(os.path.dirname(ROOT), "shared", "datasets"),
              "/work/shared/datasets"]:
        p = os.path.join(c, "libsvm", "a9a", "a9a")
        if c and os.path.exists(p):
            data = p
            break
    if data:
        X, yy = load_svmlight_file(data, n_features=123)
        X, yy = X[:2000].tocsr(), yy[:2000]
        mu2 = 1e-3
        w2, f2, g2 = solve(X, yy, mu2)
        out["a9a_head"] = {"rows": 2000, "mu": mu2, "w_star": w2.tolist(), "f_star": f2, "grad_norm": g2}
    with open(OUT, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    print("wrote", OUT, "dense: f* =", f, "|grad| =", g, "; a9a_head:", out.get("a9a_head", {}).get("f_star"),
          out.get("a9a_head", {}).get("grad_norm"))


if __name__ == "__main__":
    main()
