#!/usr/bin/python3
"""Loads the weights an `sgd4j train` run wrote (OUT/model.safetensors, default MLP on Fashion-MNIST)
into the same torch.nn.Sequential and re-computes the quickstart's test loop in PyTorch, to compare
with the run's metrics.json: the safetensors file is parsed by hand (the `safetensors` package is not
installed here), so this checks the Java writer, the parameter names and the model, end to end.

Run: /usr/bin/python3 reference/io/check_java_weights.py OUT [TEST_LIMIT] [DATA_DIR]
"""
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch


def load_safetensors(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    header.pop("__metadata__", None)
    buf = data[8 + n:]
    out = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", info
        b, e = info["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(buf[b:e], dtype="<f4").copy()).reshape(info["shape"])
    return out


def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, n = struct.unpack(">II", raw[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", raw[8:16])
        return np.frombuffer(raw[16:], dtype=np.uint8).reshape(n, 1, rows, cols)
    return np.frombuffer(raw[8:], dtype=np.uint8)


def main():
    out = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    data_dir = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "..",
                                                                   "shared", "datasets", "fashion-mnist")
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 512), torch.nn.ReLU(),
                                torch.nn.Linear(512, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
    model.load_state_dict(load_safetensors(os.path.join(out, "model.safetensors")), strict=True)
    x = torch.from_numpy(idx(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz"))[:limit].astype(np.float32) / 255)
    y = torch.from_numpy(idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz"))[:limit].astype(np.int64))
    meta = json.load(open(os.path.join(out, "metrics.json")))
    bs = meta["config"]["batch_size"]
    loss_fn = torch.nn.CrossEntropyLoss()
    model.eval()
    test_loss, correct, batches = 0.0, 0, 0
    with torch.no_grad():
        for i in range(0, len(y), bs):
            pred = model(x[i:i + bs])
            test_loss += loss_fn(pred, y[i:i + bs]).item()
            correct += (pred.argmax(1) == y[i:i + bs]).type(torch.float).sum().item()
            batches += 1
    test_loss /= batches
    correct /= len(y)
    last = meta["history"][-1]
    print(f"PyTorch: Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f}")
    print(f"sgd4j:   Accuracy: {(100*last['test_accuracy']):>0.1f}%, Avg loss: {last['test_loss']:>8f}")
    print("relative difference of the average loss: %.2e" % (abs(test_loss - last["test_loss"]) / test_loss))


if __name__ == "__main__":
    main()
