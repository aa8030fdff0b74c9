#!/usr/bin/python3
"""Reference values for sgd4j's nn package, computed with PyTorch.

Run once with Debian's python3-torch:  /usr/bin/python3 reference/nn/generate.py
Writes JSON files under sgd4j-core/src/test/resources/reference/nn/. Every case stores its inputs,
the forward output and the gradients, so the Java tests need no Python.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(20240601)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "sgd4j-core", "src", "test", "resources", "reference", "nn")


def t(x):
    if x is None:
        return None
    x = x.detach().to(torch.float32)
    return {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]}


def write(name, cases):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=None, separators=(",", ":"))
    print(path, len(cases), "cases")


# ---------------------------------------------------------------- losses

def loss_case(cid, module, name, args, x, target, weight=None, pos_weight=None, target_grad=False):
    x = x.clone().requires_grad_(True)
    tgt = target.clone()
    if name in ("NLLLoss", "CrossEntropyLoss") and tgt.shape != x.shape:
        tgt = tgt.long()
    if target_grad:
        tgt.requires_grad_(True)
    out = module(x, tgt)
    upstream = None
    if out.dim() == 0:
        out.backward()
    else:
        upstream = torch.randn(out.shape)
        out.backward(upstream)
    return {"id": cid, "loss": name, "args": args, "input": t(x), "target": t(target), "weight": t(weight),
            "pos_weight": t(pos_weight), "upstream": t(upstream), "output": t(out), "grad": t(x.grad),
            "target_grad": t(tgt.grad) if target_grad else None}


def losses():
    cases = []
    reds = ["none", "mean", "sum"]
    x = torch.randn(4, 5)
    y = torch.randn(4, 5)
    for r in reds:
        cases.append(loss_case("mse-" + r, nn.MSELoss(reduction=r), "MSELoss", {"reduction": r}, x, y, target_grad=True))
        cases.append(loss_case("l1-" + r, nn.L1Loss(reduction=r), "L1Loss", {"reduction": r}, x, y))
        for d in [1.0, 0.5]:
            cases.append(loss_case("huber-%s-%g" % (r, d), nn.HuberLoss(reduction=r, delta=d), "HuberLoss",
                                   {"reduction": r, "delta": d}, x * 2, y))
        for b in [1.0, 0.5, 0.0]:
            cases.append(loss_case("smoothl1-%s-%g" % (r, b), nn.SmoothL1Loss(reduction=r, beta=b), "SmoothL1Loss",
                                   {"reduction": r, "beta": b}, x * 2, y))

    # class-index losses on (N, C), (C) and (N, C, d1, d2)
    C = 5
    logits = torch.randn(6, C)
    idx = torch.tensor([0, 3, 4, 1, 3, 2]).float()
    idx_ign = torch.tensor([0, 3, -100, 1, 3, 2]).float()
    idx_ign2 = torch.tensor([0, 3, 2, 1, 3, 2]).float()
    w = torch.rand(C) + 0.5
    logits_k = torch.randn(3, C, 2, 4)
    idx_k = torch.randint(0, C, (3, 2, 4)).float()
    idx_k[0, 1, 2] = -100
    logits_1 = torch.randn(C)
    idx_1 = torch.tensor(2.0)
    for r in reds:
        lp = F.log_softmax(logits, 1)
        cases.append(loss_case("nll-" + r, nn.NLLLoss(reduction=r), "NLLLoss", {"reduction": r}, lp, idx))
        cases.append(loss_case("nll-w-ign-" + r, nn.NLLLoss(weight=w, reduction=r), "NLLLoss", {"reduction": r}, lp, idx_ign, weight=w))
        cases.append(loss_case("nll-w-ign2-" + r, nn.NLLLoss(weight=w, ignore_index=2, reduction=r), "NLLLoss",
                               {"reduction": r, "ignore_index": 2}, lp, idx_ign2, weight=w))
        cases.append(loss_case("nll-1d-" + r, nn.NLLLoss(reduction=r), "NLLLoss", {"reduction": r}, F.log_softmax(logits_1, 0), idx_1))
        cases.append(loss_case("nll-kd-w-" + r, nn.NLLLoss(weight=w, reduction=r), "NLLLoss", {"reduction": r},
                               F.log_softmax(logits_k, 1), idx_k, weight=w))
        cases.append(loss_case("ce-" + r, nn.CrossEntropyLoss(reduction=r), "CrossEntropyLoss", {"reduction": r}, logits, idx))
        cases.append(loss_case("ce-w-ign-" + r, nn.CrossEntropyLoss(weight=w, reduction=r), "CrossEntropyLoss", {"reduction": r},
                               logits, idx_ign, weight=w))
        cases.append(loss_case("ce-ls-" + r, nn.CrossEntropyLoss(label_smoothing=0.1, reduction=r), "CrossEntropyLoss",
                               {"reduction": r, "label_smoothing": 0.1}, logits, idx_ign))
        cases.append(loss_case("ce-ls-w-" + r, nn.CrossEntropyLoss(weight=w, label_smoothing=0.2, ignore_index=2, reduction=r),
                               "CrossEntropyLoss", {"reduction": r, "label_smoothing": 0.2, "ignore_index": 2}, logits, idx_ign2, weight=w))
        cases.append(loss_case("ce-1d-" + r, nn.CrossEntropyLoss(reduction=r), "CrossEntropyLoss", {"reduction": r}, logits_1, idx_1))
        cases.append(loss_case("ce-kd-w-ls-" + r, nn.CrossEntropyLoss(weight=w, label_smoothing=0.15, reduction=r), "CrossEntropyLoss",
                               {"reduction": r, "label_smoothing": 0.15}, logits_k, idx_k, weight=w))
        probs = torch.softmax(torch.randn(6, C), 1)
        cases.append(loss_case("ce-prob-" + r, nn.CrossEntropyLoss(reduction=r), "CrossEntropyLoss", {"reduction": r}, logits, probs))
        cases.append(loss_case("ce-prob-w-ls-" + r, nn.CrossEntropyLoss(weight=w, label_smoothing=0.1, reduction=r), "CrossEntropyLoss",
                               {"reduction": r, "label_smoothing": 0.1}, logits, probs, weight=w))
        probs_k = torch.softmax(torch.randn(3, C, 2, 4), 1)
        cases.append(loss_case("ce-prob-kd-" + r, nn.CrossEntropyLoss(reduction=r), "CrossEntropyLoss", {"reduction": r}, logits_k, probs_k))

    # KL divergence, BCE
    q = F.log_softmax(torch.randn(4, 6), 1)
    p = torch.softmax(torch.randn(4, 6), 1)
    p[1, 2] = 0.0
    for r in reds + ["batchmean"]:
        cases.append(loss_case("kl-" + r, nn.KLDivLoss(reduction=r), "KLDivLoss", {"reduction": r, "log_target": False}, q, p))
        cases.append(loss_case("kl-log-" + r, nn.KLDivLoss(reduction=r, log_target=True), "KLDivLoss",
                               {"reduction": r, "log_target": True}, q, torch.log_softmax(torch.randn(4, 6), 1)))
    probs_in = torch.rand(4, 3) * 0.98 + 0.01
    ybin = (torch.rand(4, 3) > 0.5).float()
    ysoft = torch.rand(4, 3)
    bw = torch.rand(4, 3) + 0.5
    pw = torch.tensor([0.5, 2.0, 3.0])
    z = torch.randn(4, 3) * 3
    z[0, 0] = 0.0
    for r in reds:
        cases.append(loss_case("bce-" + r, nn.BCELoss(reduction=r), "BCELoss", {"reduction": r}, probs_in, ybin))
        cases.append(loss_case("bce-w-" + r, nn.BCELoss(weight=bw, reduction=r), "BCELoss", {"reduction": r}, probs_in, ysoft, weight=bw))
        cases.append(loss_case("bcel-" + r, nn.BCEWithLogitsLoss(reduction=r), "BCEWithLogitsLoss", {"reduction": r}, z, ybin))
        cases.append(loss_case("bcel-w-pw-" + r, nn.BCEWithLogitsLoss(weight=bw, pos_weight=pw, reduction=r), "BCEWithLogitsLoss",
                               {"reduction": r}, z, ysoft, weight=bw, pos_weight=pw))
    write("losses.json", cases)


# ---------------------------------------------------------------- convolution

def conv_cases():
    cases = []
    specs = [
        # (N, C, H, W, O, k, stride, padding, dilation, groups, bias, padding_mode)
        (2, 3, 7, 6, 4, (3, 3), (1, 1), (0, 0), (1, 1), 1, True, "zeros"),
        (2, 3, 7, 6, 4, (3, 2), (2, 1), (1, 2), (1, 1), 1, True, "zeros"),
        (1, 4, 8, 8, 6, (3, 3), (2, 2), (1, 1), (2, 2), 2, True, "zeros"),
        (2, 4, 6, 7, 4, (2, 3), (1, 2), (0, 1), (1, 2), 4, False, "zeros"),
        (1, 2, 5, 6, 3, (3, 3), (1, 1), "same", (1, 1), 1, True, "zeros"),
        (1, 2, 5, 6, 3, (4, 2), (1, 1), "same", (1, 2), 1, True, "zeros"),
        (1, 2, 5, 6, 3, (3, 3), (1, 1), "valid", (1, 1), 1, True, "zeros"),
        (2, 2, 5, 6, 3, (3, 3), (1, 1), (1, 2), (1, 1), 1, True, "reflect"),
        (2, 2, 5, 6, 3, (3, 3), (2, 1), (2, 1), (1, 1), 1, True, "replicate"),
        (2, 2, 5, 6, 3, (3, 3), (1, 1), (1, 1), (1, 1), 1, True, "circular"),
        (1, 2, 5, 6, 3, (3, 3), (1, 1), "same", (1, 1), 1, True, "reflect"),
    ]
    for i, (n, c, h, w, o, k, s, p, d, g, bias, mode) in enumerate(specs):
        conv = nn.Conv2d(c, o, k, stride=s, padding=p, dilation=d, groups=g, bias=bias, padding_mode=mode)
        x = torch.randn(n, c, h, w, requires_grad=True)
        y = conv(x)
        up = torch.randn(y.shape)
        y.backward(up)
        cases.append({"id": "conv2d-%d" % i, "dims": 2, "in": c, "out": o, "kernel": list(k), "stride": list(s),
                      "padding": p if isinstance(p, str) else list(p), "dilation": list(d), "groups": g, "bias": bias,
                      "padding_mode": mode, "repr": repr(conv),
                      "input": t(x), "weight": t(conv.weight), "bias_value": t(conv.bias), "upstream": t(up), "output": t(y),
                      "grad_input": t(x.grad), "grad_weight": t(conv.weight.grad),
                      "grad_bias": t(conv.bias.grad) if bias else None})
    specs1 = [
        (2, 3, 9, 4, 3, 1, 0, 1, 1, True, "zeros"),
        (2, 4, 10, 6, 3, 2, 2, 2, 2, True, "zeros"),
        (1, 2, 8, 3, 4, 1, "same", 1, 1, True, "zeros"),
        (1, 2, 8, 3, 3, 1, 2, 1, 1, True, "reflect"),
        (1, 2, 8, 3, 3, 1, 1, 1, 1, False, "circular"),
    ]
    for i, (n, c, l, o, k, s, p, d, g, bias, mode) in enumerate(specs1):
        conv = nn.Conv1d(c, o, k, stride=s, padding=p, dilation=d, groups=g, bias=bias, padding_mode=mode)
        x = torch.randn(n, c, l, requires_grad=True)
        y = conv(x)
        up = torch.randn(y.shape)
        y.backward(up)
        cases.append({"id": "conv1d-%d" % i, "dims": 1, "in": c, "out": o, "kernel": [k], "stride": [s],
                      "padding": p if isinstance(p, str) else [p], "dilation": [d], "groups": g, "bias": bias,
                      "padding_mode": mode, "repr": repr(conv),
                      "input": t(x), "weight": t(conv.weight), "bias_value": t(conv.bias), "upstream": t(up), "output": t(y),
                      "grad_input": t(x.grad), "grad_weight": t(conv.weight.grad),
                      "grad_bias": t(conv.bias.grad) if bias else None})
    write("conv.json", cases)


# ---------------------------------------------------------------- other layers

def layer_case(cid, kind, args, module, x, train=True):
    module.train(train)
    x = x.clone().requires_grad_(True)
    y = module(x)
    up = torch.randn(y.shape)
    y.backward(up)
    case = {"id": cid, "kind": kind, "args": args, "train": train, "repr": repr(module), "input": t(x), "upstream": t(up),
            "output": t(y), "grad_input": t(x.grad)}
    params = {}
    grads = {}
    for name, p in module.named_parameters():
        params[name] = t(p)
        grads[name] = t(p.grad)
    buffers = {name: t(b) for name, b in module.named_buffers()}
    case.update({"params": params, "param_grads": grads, "buffers_after": buffers})
    return case


def layers():
    cases = []
    x4 = torch.randn(2, 3, 7, 8)
    cases.append(layer_case("maxpool-2", "MaxPool2d", {"kernel": [2, 2], "stride": [2, 2], "padding": [0, 0], "dilation": [1, 1]},
                            nn.MaxPool2d(2, 2), x4))
    cases.append(layer_case("maxpool-3s2p1", "MaxPool2d", {"kernel": [3, 3], "stride": [2, 2], "padding": [1, 1], "dilation": [1, 1]},
                            nn.MaxPool2d(3, 2, 1), x4))
    cases.append(layer_case("maxpool-dil", "MaxPool2d", {"kernel": [2, 3], "stride": [1, 2], "padding": [1, 1], "dilation": [2, 1]},
                            nn.MaxPool2d((2, 3), (1, 2), (1, 1), dilation=(2, 1)), x4))
    cases.append(layer_case("avgpool-2", "AvgPool2d", {"kernel": [2, 2], "stride": [2, 2], "padding": [0, 0], "count_include_pad": True},
                            nn.AvgPool2d(2), x4))
    cases.append(layer_case("avgpool-3s2p1", "AvgPool2d", {"kernel": [3, 3], "stride": [2, 2], "padding": [1, 1], "count_include_pad": True},
                            nn.AvgPool2d(3, 2, 1), x4))
    cases.append(layer_case("avgpool-3s2p1-excl", "AvgPool2d", {"kernel": [3, 3], "stride": [2, 2], "padding": [1, 1], "count_include_pad": False},
                            nn.AvgPool2d(3, 2, 1, count_include_pad=False), x4))
    cases.append(layer_case("adaptive-3x5", "AdaptiveAvgPool2d", {"size": [3, 5]}, nn.AdaptiveAvgPool2d((3, 5)), x4))
    cases.append(layer_case("adaptive-1", "AdaptiveAvgPool2d", {"size": [1, 1]}, nn.AdaptiveAvgPool2d(1), x4))
    x2 = torch.randn(5, 7) * 2
    cases.append(layer_case("gelu", "GELU", {"approximate": "none"}, nn.GELU(), x2))
    cases.append(layer_case("gelu-tanh", "GELU", {"approximate": "tanh"}, nn.GELU("tanh"), x2))
    cases.append(layer_case("leaky", "LeakyReLU", {"slope": 0.1}, nn.LeakyReLU(0.1), x2))
    cases.append(layer_case("relu", "ReLU", {}, nn.ReLU(), x2))
    cases.append(layer_case("tanh", "Tanh", {}, nn.Tanh(), x2))
    cases.append(layer_case("sigmoid", "Sigmoid", {}, nn.Sigmoid(), x2))
    cases.append(layer_case("softmax", "Softmax", {"dim": 1}, nn.Softmax(dim=1), x2))
    cases.append(layer_case("logsoftmax", "LogSoftmax", {"dim": 0}, nn.LogSoftmax(dim=0), x2))
    lin = nn.Linear(7, 4)
    cases.append(layer_case("linear", "Linear", {"in": 7, "out": 4, "bias": True}, lin, x2))
    cases.append(layer_case("linear-3d", "Linear", {"in": 7, "out": 4, "bias": False}, nn.Linear(7, 4, bias=False), torch.randn(2, 3, 7)))
    bn2 = nn.BatchNorm2d(3, momentum=0.2)
    with torch.no_grad():
        bn2.weight.copy_(torch.rand(3) + 0.5)
        bn2.bias.copy_(torch.randn(3))
    cases.append(layer_case("bn2d-train", "BatchNorm2d", {"features": 3, "eps": 1e-5, "momentum": 0.2}, bn2, x4 * 3 + 1))
    bn2e = nn.BatchNorm2d(3)
    with torch.no_grad():
        bn2e.running_mean.copy_(torch.randn(3))
        bn2e.running_var.copy_(torch.rand(3) + 0.5)
        bn2e.weight.copy_(torch.rand(3) + 0.5)
    case = layer_case("bn2d-eval", "BatchNorm2d", {"features": 3, "eps": 1e-5, "momentum": 0.1}, bn2e, x4, train=False)
    case["buffers_before"] = case["buffers_after"]
    cases.append(case)
    bn1 = nn.BatchNorm1d(7, eps=1e-3)
    cases.append(layer_case("bn1d-train", "BatchNorm1d", {"features": 7, "eps": 1e-3, "momentum": 0.1}, bn1, x2))
    bn1l = nn.BatchNorm1d(3)
    cases.append(layer_case("bn1d-3d-train", "BatchNorm1d", {"features": 3, "eps": 1e-5, "momentum": 0.1}, bn1l, torch.randn(4, 3, 5)))
    # Cases added later keep the generator where the earlier files left it, so their values do not move.
    state = torch.get_rng_state()
    xs = torch.cat([torch.tensor([-100.0, -20.0, -1e-3, 0.0, 1e-3, 20.0, 100.0]), torch.randn(28) * 3]).reshape(5, 7)
    cases.append(layer_case("silu", "SiLU", {}, nn.SiLU(), xs))
    torch.set_rng_state(state)
    write("layers.json", cases)


# ---------------------------------------------------------------- the notes' CIFAR-10 network

def deterministic_(p, phase):
    """p[i] = 0.1 * sin(0.37 * i + phase): values both sides can compute without storing them."""
    with torch.no_grad():
        i = torch.arange(p.numel(), dtype=torch.float64)
        p.copy_((0.1 * torch.sin(0.37 * i + phase)).reshape(p.shape).to(torch.float32))


def cifar():
    net = nn.Sequential(nn.Conv2d(3, 6, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
                        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    for k, (name, p) in enumerate(net.named_parameters()):
        deterministic_(p, float(k))
    x = torch.empty(2, 3, 32, 32)
    deterministic_(x, 0.5)
    x.mul_(10.0)
    y = torch.tensor([3.0, 7.0])
    out = net(x)
    loss = F.cross_entropy(out, y.long())
    loss.backward()
    grads = {}
    for name, p in net.named_parameters():
        g = p.grad.reshape(-1)
        grads[name] = {"sum": float(g.double().sum()), "norm": float(g.double().norm()),
                       "sample_stride": 7, "sample": [float(v) for v in g[::7].tolist()]}
    case = {"repr": repr(net), "counts": [p.numel() for p in net.parameters()], "target": t(y), "output": t(out),
            "loss": float(loss), "grads": grads}
    write("cifar_net.json", [case])


# ---------------------------------------------------------------- the notes' signal convolutions (NumPy / SciPy)

def signal():
    import numpy as np
    import scipy.signal
    rng = np.random.default_rng(7)
    cases = []

    def arr(a):
        a = np.asarray(a, dtype=np.float64)
        return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}

    seqs = {"x12": rng.standard_normal(12), "x5": rng.standard_normal(5), "x3": rng.standard_normal(3),
            "x4": rng.standard_normal(4)}
    filters = {"lowpass": [0.25, 0.5, 0.25], "highpass": [-0.25, 0.5, -0.25], "avg10": np.ones(10) / 10, "even2": [1.0, -2.0]}
    for sn, sv in seqs.items():
        for fn, fv in filters.items():
            for mode in ["full", "same", "valid"]:
                cases.append({"id": "conv1-%s-%s-%s" % (sn, fn, mode), "kind": "convolve", "mode": mode, "a": arr(sv), "v": arr(fv),
                              "output": arr(np.convolve(sv, fv, mode))})
    image = rng.standard_normal((6, 7))
    lp = np.outer([0.25, 0.5, 0.25], [0.25, 0.5, 0.25])
    notes = np.array([[3.0, 5, 1], [3, 6, 1], [4, 7, 9]])
    for name, img in [("image", image), ("notes", notes)]:
        for fname, f in [("lowpass", lp), ("edge", np.array([[1.0, 0, -1], [2, 0, -2]])), ("single", np.array([[2.0]]))]:
            for mode in ["full", "same", "valid"]:
                cases.append({"id": "conv2-%s-%s-%s" % (name, fname, mode), "kind": "convolve2d", "mode": mode, "a": arr(img),
                              "v": arr(f), "output": arr(scipy.signal.convolve2d(img, f, mode))})
    write("signal.json", cases)


if __name__ == "__main__":
    signal()
    losses()
    conv_cases()
    layers()
    cifar()
