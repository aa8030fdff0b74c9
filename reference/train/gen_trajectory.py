#!/usr/bin/python3
"""PyTorch reference trajectory for `sgd4j train --init ... --no-shuffle` (TrainTrajectoryTest).

The notes' first training script on the first N Fashion-MNIST training examples, in order:
nn.Sequential(Flatten, Linear(784, 512), ReLU, Linear(512, 512), ReLU, Linear(512, 10)) — the
parameter names (1.weight, 3.bias, ...) are those of sgd4j's `--model mlp` — cross-entropy
(mean over the batch), SGD lr 1e-3 momentum 0.5, batch 16, one epoch, no shuffling.

Writes, into sgd4j-cli/src/test/resources/reference/train/:
  * mlp_init.safetensors: the initial weights (torch.manual_seed(0), PyTorch's default init),
    written by hand (Debian has no python3-safetensors; same layout as reference/io/gen_safetensors.py);
  * trajectory.json: the loss of every step, each parameter's sum and sum of squares after the run,
    and the full final values of the last layer (5.weight, 5.bias).
The images are read from the publisher's IDX gzip files with numpy, as pixel / 255 in float32.

Run: /usr/bin/python3 reference/train/gen_trajectory.py [DATA_DIR]   (from the repository root;
DATA_DIR defaults to /work/shared/datasets/fashion-mnist)
"""
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

N = 512
BATCH = 16
LR = 1e-3
MOMENTUM = 0.5
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sgd4j-cli", "src", "test", "resources",
                   "reference", "train")


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def safetensors_bytes(tensors, metadata):
    """The safetensors layout: u64 LE header length, compact JSON header (padded to 8), data in name order."""
    header = {"__metadata__": metadata}
    offset, blobs = 0, []
    for name in sorted(tensors):
        b = tensors[name].detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/datasets/fashion-mnist"
    x = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz"))[:N].astype(np.float32) / np.float32(255)
    y = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz"))[:N].astype(np.int64)
    x = torch.from_numpy(x).unsqueeze(1)  # (N, 1, 28, 28), as sgd4j's FashionMnist
    y = torch.from_numpy(y)

    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                          nn.Linear(512, 10))
    init = {k: v.clone() for k, v in model.state_dict().items()}
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    losses = []
    for start in range(0, N, BATCH):
        loss = loss_fn(model(x[start:start + BATCH]), y[start:start + BATCH])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())

    final = model.state_dict()
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "mlp_init.safetensors"), "wb") as f:
        f.write(safetensors_bytes(init, {"format": "pt", "source": "reference/train/gen_trajectory.py"}))
    doc = {
        "generator": "reference/train/gen_trajectory.py",
        "torch": torch.__version__,
        "model": "mlp", "train_limit": N, "batch_size": BATCH, "lr": LR, "momentum": MOMENTUM, "epochs": 1,
        "losses": losses,
        "sums": {k: float(v.double().sum()) for k, v in final.items()},
        "sums_of_squares": {k: float((v.double() ** 2).sum()) for k, v in final.items()},
        "final": {k: final[k].flatten().tolist() for k in ("5.weight", "5.bias")},
    }
    with open(os.path.join(OUT, "trajectory.json"), "w") as f:
        json.dump(doc, f, indent=1)
    print("losses:", losses[0], "...", losses[-1], "; wrote", OUT)


if __name__ == "__main__":
    main()
