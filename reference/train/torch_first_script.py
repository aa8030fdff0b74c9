#!/usr/bin/python3
"""The notes' first training script in PyTorch (the PyTorch quickstart, as `sgd4j train` runs it by default):
Fashion-MNIST, nn.Sequential(Flatten, Linear(784, 512), ReLU, Linear(512, 512), ReLU, Linear(512, 10)),
cross-entropy, SGD lr 1e-3 momentum 0.5, batch 16, shuffle=True, 10 epochs; the test accuracy after each epoch.

torchvision is not installed here, so the publisher's IDX gzip files are read with numpy (pixel / 255 as
float32, which is what ToTensor() gives). One thread (torch.set_num_threads(1)), as on a loaded build machine.

Run: /usr/bin/python3 reference/train/torch_first_script.py [--seeds 1,2,3] [--epochs 10] [--data DIR]
Prints one JSON line per seed: {"seed", "test_accuracy", "test_loss", "train_loss", "seconds"}.
"""
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = struct.unpack(">I", data[:4])[0] & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(data_dir, prefix):
    x = read_idx(os.path.join(data_dir, prefix + "-images-idx3-ubyte.gz")).astype(np.float32) / np.float32(255)
    y = read_idx(os.path.join(data_dir, prefix + "-labels-idx1-ubyte.gz")).astype(np.int64)
    return TensorDataset(torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y))


def train_loop(loader, model, loss_fn, optimizer):
    model.train()
    total, n = 0.0, 0
    for X, y in loader:
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(X)
        n += len(X)
    return total / n


def test_loop(loader, model, loss_fn):
    model.eval()
    loss, correct, n = 0.0, 0, 0
    with torch.no_grad():
        for X, y in loader:
            pred = model(X)
            loss += loss_fn(pred, y).item() * len(X)
            correct += (pred.argmax(1) == y).sum().item()
            n += len(X)
    return loss / n, correct / n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--data", default="/work/shared/datasets/fashion-mnist")
    args = p.parse_args()
    torch.set_num_threads(1)
    training, test = load(args.data, "train"), load(args.data, "t10k")
    for seed in [int(s) for s in args.seeds.split(",")]:
        torch.manual_seed(seed)
        train_loader = DataLoader(training, batch_size=16, shuffle=True)
        test_loader = DataLoader(test, batch_size=16)
        model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                              nn.Linear(512, 10))
        loss_fn = nn.CrossEntropyLoss()
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.5)
        start = time.time()
        for epoch in range(args.epochs):
            train_loss = train_loop(train_loader, model, loss_fn, optimizer)
            test_loss, accuracy = test_loop(test_loader, model, loss_fn)
            print(f"seed {seed} epoch {epoch + 1}: train loss {train_loss:.6f}, test loss {test_loss:.6f},"
                  f" accuracy {100 * accuracy:.2f}%", flush=True)
        print(json.dumps({"seed": seed, "test_accuracy": accuracy, "test_loss": test_loss, "train_loss": train_loss,
                          "seconds": round(time.time() - start, 1)}), flush=True)


if __name__ == "__main__":
    main()
