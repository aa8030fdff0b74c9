#!/usr/bin/python3
"""Reference values for sgd4j-core's tensor tests, from PyTorch (Debian python3-torch).

Run:  /usr/bin/python3 reference/core/gen_core.py
Writes sgd4j-core/src/test/resources/reference/core/core.json. Tests read that file; they never run Python.
"""
import json
import math
import os

import torch

torch.manual_seed(0)
out = {"torch_version": torch.__version__}


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


fmt = []
cases = [
    torch.tensor([[1., 2.], [3., 4.]]),
    torch.tensor([1.5, -2.25, 3.0]),
    torch.tensor(3.5),
    torch.tensor([1e-5, 1.0, 100.0]),
    torch.tensor([1e9, 2.0]),
    torch.tensor([float("nan"), float("inf"), -float("inf"), 1.0]),
    torch.tensor([0.0, -0.0]),
    torch.arange(30, dtype=torch.float32),
    torch.arange(30, dtype=torch.float32) / 7,
    torch.randn(40, 40),
    torch.randn(2, 3, 4),
    torch.randn(3, 2, 2, 2),
    torch.randn(2000),
    torch.zeros(0, 3),
    torch.zeros(0),
    torch.tensor([123456.789, 0.5]),
    torch.tensor([[-1., 0.], [10., 1000.]]),
    torch.tensor([[-1., 0.], [10., 1001.]]),
]
for c in cases:
    fmt.append({"tensor": t(c), "str": str(c)})
out["format"] = fmt

rg = torch.arange(6.).reshape(2, 3).requires_grad_()
out["format_grad"] = {"leaf": str(rg), "op": str(rg * 2)}

lin = []
for (a, b, n) in [(0, 1, 5), (-1, 1, 7), (3, -2, 4), (0, 1, 1), (0.1, 0.7, 13), (-10, 10, 101)]:
    lin.append({"start": a, "end": b, "steps": n, "values": torch.linspace(a, b, n).tolist()})
out["linspace"] = lin

ar = []
for (a, b, s) in [(0, 1, 0.1), (1, 2.5, 0.5), (5, 0, -1.5), (0, 10, 3)]:
    ar.append({"start": a, "end": b, "step": s, "values": torch.arange(a, b, s, dtype=torch.float32).tolist()})
out["arange"] = ar

ein = []
def e(eq, *shapes):
    ops = [torch.randn(*s) for s in shapes]
    r = torch.einsum(eq, *ops)
    ein.append({"equation": eq, "operands": [t(o) for o in ops], "result": t(r)})
e("ik,kj->ij", (3, 4), (4, 5))
e("ij->ji", (3, 4))
e("ii->i", (4, 4))
e("ii", (4, 4))
e("bij,bjk->bik", (2, 3, 4), (2, 4, 5))
e("...ij,...jk->...ik", (2, 3, 4), (4, 2))
e("...ij,...jk->...ik", (5, 1, 3, 4), (2, 4, 2))
e("i,i->", (7,), (7,))
e("i,j->ij", (3,), (4,))
e("ijk->ik", (2, 3, 4))
e(" i j , j k -> i k ", (2, 3), (3, 2))
e("ij,jk,kl->il", (2, 3), (3, 4), (4, 2))
e("bn,anm,bm->ba", (2, 3), (4, 3, 5), (2, 5))
e("iij->j", (3, 3, 2))
e("ij", (3, 4))
e("ji", (3, 4))
e("ba", (3, 4))
e("...", (2, 3))
e("i...->...", (3, 2, 2))
e("ab,ab", (3, 4), (3, 4))
e("iJ,Jk->ik", (2, 3), (3, 2))
e("ijk,jil->kl", (2, 3, 4), (3, 2, 5))
e("i,i,i->i", (4,), (4,), (4,))
out["einsum"] = ein

red = []
x = torch.randn(3, 4, 5) * 3
red.append({"name": "var_all_unbiased", "x": t(x), "result": t(x.var(unbiased=True))})
red.append({"name": "var_dim1_biased", "x": t(x), "result": t(x.var(dim=1, unbiased=False))})
red.append({"name": "std_dim02_keep", "x": t(x), "result": t(x.std(dim=(0, 2), unbiased=True, keepdim=True))})
red.append({"name": "logsumexp_dim2", "x": t(x), "result": t(torch.logsumexp(x, dim=2))})
big = torch.tensor([[1000., 1001., 999.], [-1000., -1001., -999.]])
red.append({"name": "logsumexp_big", "x": t(big), "result": t(torch.logsumexp(big, dim=1))})
red.append({"name": "softmax_big", "x": t(big), "result": t(torch.softmax(big, dim=1))})
red.append({"name": "log_softmax_big", "x": t(big), "result": t(torch.log_softmax(big, dim=1))})
red.append({"name": "softmax_dim0", "x": t(x), "result": t(torch.softmax(x, dim=0))})
red.append({"name": "prod_dim1", "x": t(x), "result": t(x.prod(dim=1))})
red.append({"name": "amax_dim12", "x": t(x), "result": t(x.amax(dim=(1, 2)))})
red.append({"name": "argmax_dim1", "x": t(x), "result": t(x.argmax(dim=1).float())})
red.append({"name": "argmin_all", "x": t(x), "result": t(x.argmin().float())})
out["reductions"] = red

norms = []
y = torch.randn(4, 6)
for p in [1, 2, 3, 1.5, float("inf")]:
    norms.append({"p": "inf" if p == float("inf") else p, "dims": None, "x": t(y), "result": t(torch.linalg.vector_norm(y, ord=p))})
    norms.append({"p": "inf" if p == float("inf") else p, "dims": [1], "x": t(y), "result": t(torch.linalg.vector_norm(y, ord=p, dim=1))})
norms.append({"p": "fro", "dims": [-2, -1], "x": t(y), "result": t(torch.linalg.matrix_norm(y, ord="fro"))})
out["norms"] = norms

mm = []
def m(sa, sb):
    a, b = torch.randn(*sa), torch.randn(*sb)
    mm.append({"a": t(a), "b": t(b), "result": t(torch.matmul(a, b))})
m((3,), (3,))
m((2, 3), (3,))
m((3,), (3, 4))
m((2, 3), (3, 4))
m((5, 2, 3), (3, 4))
m((3,), (5, 3, 4))
m((2, 1, 2, 3), (4, 3, 2))
m((5, 2, 3), (5, 3, 1))
out["matmul"] = mm

here = os.path.dirname(os.path.abspath(__file__))
dest = os.path.join(here, "..", "..", "sgd4j-core", "src", "test", "resources", "reference", "core", "core.json")
with open(dest, "w") as f:
    json.dump(out, f, indent=1, allow_nan=True)
print("wrote", os.path.normpath(dest))
