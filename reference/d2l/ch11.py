#!/usr/bin/python3
"""The airfoil experiments of d2l.ai chapter 11 ("Optimization Algorithms"), run with the chapter's own
PyTorch code, as the reference for `sgd4j d2l` (sgd4j-lab, package org.sgd4j.lab.d2l).

    /usr/bin/python3 reference/d2l/ch11.py [AIRFOIL_DIR] [--seeds 10] [--fixed-only]
    /usr/bin/python3 reference/d2l/ch11.py --runs gd --seeds 400 --print-only   # more seeds of some runs, printed only

AIRFOIL_DIR defaults to shared/datasets/airfoil above the working directory. Writes, from the repository root:

- sgd4j-lab/src/main/resources/org/sgd4j/lab/d2l/pytorch-ch11.json: for every run the final loss of each
  seed 0..9 (torch.manual_seed(seed) before the run) and its seconds per epoch, measured the chapter's way
  (d2l.Timer around training, stopped while the loss over all rows is evaluated every 200 examples), in wall
  seconds and in the process's CPU seconds over the same intervals (the steadier measure on a shared machine). The
  `sgd4j d2l` report shows these beside sgd4j's figures; D2lStatisticsTest compares the means.
- sgd4j-lab/src/test/resources/reference/d2l/ch11_fixed_order.json: every run once more, from a fixed start
  and on a fixed example order (epoch e visits row (m_e * i + 17 e) mod 1500 at position i, m_e from
  MULTIPLIERS), with the parameters after each of the first STEPS updates and the parameters and loss at
  every record point: what D2lFixedOrderTest reproduces step by step without matching PyTorch's RNG; and
  four standardised rows and the column sums, for the data check. --fixed-only writes only this file.

The data are the first 1,500 rows of airfoil_self_noise.dat, every column standardised with its mean and
population standard deviation over all 1,503 rows (d2l's get_data_ch11). d2l does this in float32; this
script does it in float64 and rounds once to float32, as sgd4j's Standardizer does (the two differ by at
most ~2e-5, printed as data_float32_max_diff), so both sides train on identical bits.

The scratch update rules, train_ch11 and train_concise_ch11 are the chapter's (d2l 1.0, PyTorch tab), with
one exception the issue sets: the `sgd` run trains for 5 epochs.
"""
import json
import os
import platform
import sys
import time

import numpy as np
import torch
from torch import nn

ROWS = 1500
MULTIPLIERS = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41]
STEPS = 25
FIXED_W = [0.003, -0.011, 0.007, 0.019, -0.005]
FIXED_B_CONCISE = 0.2


# ---------------------------------------------------------------- data (d2l.get_data_ch11)

def airfoil(directory):
    path = os.path.join(directory, "airfoil_self_noise.dat")
    data64 = np.genfromtxt(path, dtype=np.float64, delimiter="\t")
    z = ((data64 - data64.mean(axis=0)) / data64.std(axis=0)).astype(np.float32)
    data32 = np.genfromtxt(path, dtype=np.float32, delimiter="\t")
    z32 = (data32 - data32.mean(axis=0)) / data32.std(axis=0)
    diff = float(np.abs(z[:ROWS] - z32[:ROWS]).max())
    t = torch.from_numpy(z[:ROWS])
    return t[:, :-1].contiguous(), t[:, -1].contiguous(), diff


def load_array(data_arrays, batch_size, is_train=True):
    dataset = torch.utils.data.TensorDataset(*data_arrays)
    return torch.utils.data.DataLoader(dataset, batch_size, shuffle=is_train)


# ---------------------------------------------------------------- d2l helpers

def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def evaluate_loss(net, data_iter, loss):
    total, count = 0.0, 0
    for X, y in data_iter:
        out = net(X)
        y = y.reshape(out.shape)
        l = loss(out, y)
        total += float(l.sum())
        count += l.numel()
    return total / count


class Timer:
    """d2l.Timer, which also sums the process's CPU seconds over the same intervals (robust to a loaded machine)."""

    def __init__(self):
        self.times = []
        self.cpu_times = []
        self.start()

    def start(self):
        self.tik = time.perf_counter()
        self.cpu_tik = time.process_time()

    def stop(self):
        self.times.append(time.perf_counter() - self.tik)
        self.cpu_times.append(time.process_time() - self.cpu_tik)
        return self.times[-1]

    def sum(self):
        return sum(self.times)

    def cpu_sum(self):
        return sum(self.cpu_times)


# ---------------------------------------------------------------- the chapter's scratch update rules

def sgd(params, states, hyperparams):
    for p in params:
        p.data.sub_(hyperparams['lr'] * p.grad)
        p.grad.data.zero_()


def init_momentum_states(feature_dim):
    return (torch.zeros((feature_dim, 1)), torch.zeros(1))


def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        with torch.no_grad():
            v[:] = hyperparams['momentum'] * v + p.grad
            p[:] -= hyperparams['lr'] * v
        p.grad.data.zero_()


def init_adagrad_states(feature_dim):
    return (torch.zeros((feature_dim, 1)), torch.zeros(1))


def adagrad(params, states, hyperparams):
    eps = 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] += torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()


def init_rmsprop_states(feature_dim):
    return (torch.zeros((feature_dim, 1)), torch.zeros(1))


def rmsprop(params, states, hyperparams):
    gamma, eps = hyperparams['gamma'], 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()


def init_adadelta_states(feature_dim):
    s_w, s_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    delta_w, delta_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    return ((s_w, delta_w), (s_b, delta_b))


def adadelta(params, states, hyperparams):
    rho, eps = hyperparams['rho'], 1e-5
    for p, (s, delta) in zip(params, states):
        with torch.no_grad():
            s[:] = rho * s + (1 - rho) * torch.square(p.grad)
            g = (torch.sqrt(delta + eps) / torch.sqrt(s + eps)) * p.grad
            p[:] -= g
            delta[:] = rho * delta + (1 - rho) * g * g
        p.grad.data.zero_()


def init_adam_states(feature_dim):
    v_w, v_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    s_w, s_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))


def adam(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)
            v_bias_corr = v / (1 - beta1 ** hyperparams['t'])
            s_bias_corr = s / (1 - beta2 ** hyperparams['t'])
            p[:] -= hyperparams['lr'] * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)
        p.grad.data.zero_()
    hyperparams['t'] += 1


def yogi(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-3
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = s + (1 - beta2) * torch.sign(torch.square(p.grad) - s) * torch.square(p.grad)
            v_bias_corr = v / (1 - beta1 ** hyperparams['t'])
            s_bias_corr = s / (1 - beta2 ** hyperparams['t'])
            p[:] -= hyperparams['lr'] * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)
        p.grad.data.zero_()
    hyperparams['t'] += 1


# ---------------------------------------------------------------- the runs (name, rule, states, hyperparams, batch, epochs)

def scratch_runs():
    return [
        ("gd", sgd, lambda d: None, lambda: {'lr': 1}, 1500, 10),
        ("sgd", sgd, lambda d: None, lambda: {'lr': 0.005}, 1, 5),
        ("minibatch-100", sgd, lambda d: None, lambda: {'lr': 0.4}, 100, 2),
        ("minibatch-10", sgd, lambda d: None, lambda: {'lr': 0.05}, 10, 2),
        ("momentum-0.02-0.5", sgd_momentum, init_momentum_states, lambda: {'lr': 0.02, 'momentum': 0.5}, 10, 2),
        ("momentum-0.01-0.9", sgd_momentum, init_momentum_states, lambda: {'lr': 0.01, 'momentum': 0.9}, 10, 2),
        ("momentum-0.005-0.9", sgd_momentum, init_momentum_states, lambda: {'lr': 0.005, 'momentum': 0.9}, 10, 2),
        ("adagrad", adagrad, init_adagrad_states, lambda: {'lr': 0.1}, 10, 2),
        ("rmsprop", rmsprop, init_rmsprop_states, lambda: {'lr': 0.01, 'gamma': 0.9}, 10, 2),
        ("adadelta", adadelta, init_adadelta_states, lambda: {'rho': 0.9}, 10, 2),
        ("adam", adam, init_adam_states, lambda: {'lr': 0.01, 't': 1}, 10, 2),
        ("yogi", yogi, init_adam_states, lambda: {'lr': 0.01, 't': 1}, 10, 2),
    ]


def concise_runs():
    return [
        ("concise-sgd", torch.optim.SGD, {'lr': 0.05}),
        ("concise-momentum", torch.optim.SGD, {'lr': 0.005, 'momentum': 0.9}),
        ("concise-adagrad", torch.optim.Adagrad, {'lr': 0.1}),
        ("concise-rmsprop", torch.optim.RMSprop, {'lr': 0.01, 'alpha': 0.9}),
        ("concise-adadelta", torch.optim.Adadelta, {'rho': 0.9}),
        ("concise-adam", torch.optim.Adam, {'lr': 0.01}),
    ]


# ---------------------------------------------------------------- d2l.train_ch11 and train_concise_ch11

def train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs=2):
    w = torch.normal(mean=0.0, std=0.01, size=(feature_dim, 1), requires_grad=True)
    b = torch.zeros((1), requires_grad=True)
    net, loss = lambda X: linreg(X, w, b), squared_loss
    losses = []
    n, timer = 0, Timer()
    for _ in range(num_epochs):
        for X, y in data_iter:
            l = loss(net(X), y).mean()
            l.backward()
            trainer_fn([w, b], states, hyperparams)
            n += X.shape[0]
            if n % 200 == 0:
                timer.stop()
                losses.append(evaluate_loss(net, data_iter, loss))
                timer.start()
    return losses[-1], timer.sum() / num_epochs, timer.cpu_sum() / num_epochs


def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=4):
    net = nn.Sequential(nn.Linear(5, 1))

    def init_weights(module):
        if type(module) == nn.Linear:
            torch.nn.init.normal_(module.weight, std=0.01)
    net.apply(init_weights)
    optimizer = trainer_fn(net.parameters(), **hyperparams)
    loss = nn.MSELoss(reduction='none')
    losses = []
    n, timer = 0, Timer()
    for _ in range(num_epochs):
        for X, y in data_iter:
            optimizer.zero_grad()
            out = net(X)
            y = y.reshape(out.shape)
            l = loss(out, y)
            l.mean().backward()
            optimizer.step()
            n += X.shape[0]
            if n % 200 == 0:
                timer.stop()
                # `MSELoss` computes squared error without the 1/2 factor
                losses.append(evaluate_loss(net, data_iter, loss) / 2)
                timer.start()
    return losses[-1], timer.sum() / num_epochs, timer.cpu_sum() / num_epochs


# ---------------------------------------------------------------- fixed order (for the step-by-step check)

def fixed_batches(epoch, batch_size):
    m = MULTIPLIERS[epoch % len(MULTIPLIERS)]
    order = [(m * i + 17 * epoch) % ROWS for i in range(ROWS)]
    for start in range(0, ROWS, batch_size):
        yield torch.tensor(order[start:start + batch_size])


def params_of(w, b):
    return [float(v) for v in w.detach().reshape(-1)] + [float(v) for v in b.detach().reshape(-1)]


def full_loss(X, Y, net, loss, scale=1.0):
    with torch.no_grad():
        return float(loss(net(X), Y.reshape(-1, 1)).mean()) * scale


def fixed_scratch(X, Y, trainer_fn, states, hyperparams, batch_size, num_epochs):
    w = torch.tensor(FIXED_W).reshape(5, 1).requires_grad_(True)
    b = torch.zeros((1), requires_grad=True)
    net, loss = lambda A: linreg(A, w, b), squared_loss
    steps, records = [], []
    n = 0
    for epoch in range(num_epochs):
        for idx in fixed_batches(epoch, batch_size):
            l = loss(net(X[idx]), Y[idx]).mean()
            l.backward()
            trainer_fn([w, b], states, hyperparams)
            n += len(idx)
            if len(steps) < STEPS:
                steps.append(params_of(w, b))
            if n % 200 == 0:
                records.append({"examples": n, "params": params_of(w, b), "loss": full_loss(X, Y, net, loss)})
    return steps, records


def fixed_concise(X, Y, trainer_fn, hyperparams):
    linear = nn.Linear(5, 1)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(FIXED_W).reshape(1, 5))
        linear.bias.fill_(FIXED_B_CONCISE)
    optimizer = trainer_fn(linear.parameters(), **hyperparams)
    loss = nn.MSELoss(reduction='none')
    steps, records = [], []
    n = 0
    for epoch in range(4):
        for idx in fixed_batches(epoch, 10):
            optimizer.zero_grad()
            out = linear(X[idx])
            l = loss(out, Y[idx].reshape(out.shape))
            l.mean().backward()
            optimizer.step()
            n += len(idx)
            if len(steps) < STEPS:
                steps.append(params_of(linear.weight, linear.bias))
            if n % 200 == 0:
                records.append({"examples": n, "params": params_of(linear.weight, linear.bias),
                                "loss": full_loss(X, Y, linear, loss, 0.5)})
    return steps, records


# ---------------------------------------------------------------- main

def main():
    args = sys.argv[1:]
    seeds = 10
    fixed_only = "--fixed-only" in args
    if fixed_only:
        args.remove("--fixed-only")
    print_only = "--print-only" in args
    if print_only:
        args.remove("--print-only")
    only = None
    if "--runs" in args:
        i = args.index("--runs")
        only = args[i + 1].split(",")
        del args[i:i + 2]
    if "--seeds" in args:
        i = args.index("--seeds")
        seeds = int(args[i + 1])
        del args[i:i + 2]
    directory = args[0] if args else None
    if directory is None:
        p = os.path.abspath(os.getcwd())
        while p != os.path.dirname(p):
            c = os.path.join(p, "shared", "datasets", "airfoil")
            if os.path.isdir(c):
                directory = c
                break
            p = os.path.dirname(p)
    X, Y, diff = airfoil(directory)

    if not print_only:
        write_fixed_order(X, Y, diff)
        if fixed_only:
            return
    run_seeds(X, Y, diff, seeds, only, print_only)


def write_fixed_order(X, Y, diff):
    fixed = []
    for name, fn, init_states, hyper, batch, epochs in scratch_runs():
        steps, records = fixed_scratch(X, Y, fn, init_states(5), hyper(), batch, epochs)
        fixed.append({"name": name, "steps": steps, "records": records})
    for name, cls, hyper in concise_runs():
        steps, records = fixed_concise(X, Y, cls, hyper)
        fixed.append({"name": name, "steps": steps, "records": records})
    path = os.path.join("sgd4j-lab", "src", "test", "resources", "reference", "d2l", "ch11_fixed_order.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "rows": ROWS, "multipliers": MULTIPLIERS, "offset": 17,
                   "fixed_w": FIXED_W, "fixed_b_concise": FIXED_B_CONCISE,
                   "data": {"rows": {str(i): [float(v) for v in X[i]] + [float(Y[i])] for i in (0, 1, 777, 1499)},
                            "column_sums": [float(v) for v in X.double().sum(0)] + [float(Y.double().sum())],
                            "column_sums_of_squares": [float(v) for v in (X.double() ** 2).sum(0)]
                            + [float((Y.double() ** 2).sum())],
                            "float32_max_diff_to_d2l": diff},
                   "runs": fixed}, f, indent=0)
    print("wrote", path, flush=True)


def run_seeds(X, Y, diff, seeds, only, print_only):
    results = {}
    names = [r[0] for r in scratch_runs()] + [r[0] for r in concise_runs()]
    if only is not None:
        unknown = [n for n in only if n not in names]
        if unknown:
            sys.exit(f"--runs: unknown {unknown}; known: {', '.join(names)}")
        names = [n for n in names if n in only]
    for name in names:
        results[name] = {"final_loss": [], "sec_per_epoch": [], "cpu_sec_per_epoch": []}
    # interleaved over seeds, so a burst of load on the shared machine does not fall on one run alone
    for seed in range(seeds):
        for name, fn, init_states, hyper, batch, epochs in scratch_runs():
            if name not in names:
                continue
            torch.manual_seed(seed)
            data_iter = load_array((X, Y), batch)
            loss, sec, cpu = train_ch11(fn, init_states(5), hyper(), data_iter, 5, epochs)
            results[name]["final_loss"].append(loss)
            results[name]["sec_per_epoch"].append(sec)
            results[name]["cpu_sec_per_epoch"].append(cpu)
        for name, cls, hyper in concise_runs():
            if name not in names:
                continue
            torch.manual_seed(seed)
            data_iter = load_array((X, Y), 10)
            loss, sec, cpu = train_concise_ch11(cls, hyper, data_iter)
            results[name]["final_loss"].append(loss)
            results[name]["sec_per_epoch"].append(sec)
            results[name]["cpu_sec_per_epoch"].append(cpu)
        print("seed", seed, "done", flush=True)
    runs = []
    for name in names:
        r = results[name]
        losses = np.array(r["final_loss"])
        runs.append({"name": name, "final_loss": r["final_loss"], "sec_per_epoch": r["sec_per_epoch"],
                     "cpu_sec_per_epoch": r["cpu_sec_per_epoch"],
                     "final_loss_mean": float(losses.mean()),
                     "final_loss_sd": float(losses.std(ddof=1)) if len(losses) > 1 else 0.0,
                     "sec_per_epoch_mean": float(np.mean(r["sec_per_epoch"])),
                     "cpu_sec_per_epoch_mean": float(np.mean(r["cpu_sec_per_epoch"]))})
        print(f"{name:20s} loss: {losses.mean():.5f} ± {runs[-1]['final_loss_sd']:.5f} "
              f"(SE {runs[-1]['final_loss_sd'] / np.sqrt(len(losses)):.5f}), "
              f"{runs[-1]['sec_per_epoch_mean']:.4f} sec/epoch, {runs[-1]['cpu_sec_per_epoch_mean']:.4f} CPU sec/epoch",
              flush=True)
    if print_only:
        return
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    path = os.path.join("sgd4j-lab", "src", "main", "resources", "org", "sgd4j", "lab", "d2l", "pytorch-ch11.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "cpu": cpu,
                   "cores": os.cpu_count(), "date": time.strftime("%Y-%m-%d", time.gmtime()), "seeds": seeds,
                   "data_float32_max_diff": diff, "runs": runs}, f, indent=1)
    print("wrote", path)


if __name__ == "__main__":
    main()
