#!/usr/bin/python3
"""Reference safetensors files for sgd4j's io tests.

The `safetensors` Python package is not installed on the build machine (Debian has no
python3-safetensors), so the files are written by hand, following the format as its reference
implementation writes it (safetensors/src/tensor.rs `prepare`/`serialize`):
  * 8-byte little-endian header length N, then N bytes of JSON, then the data buffer;
  * tensors ordered by dtype alignment (descending), then by name, laid out back to back;
  * "__metadata__" first when present; compact JSON (serde_json); header padded with spaces to 8.
The tensor values come from torch (seeded), so the Java reader is checked against torch's bytes,
and the Java writer's output for the same tensors must equal mlp.safetensors byte for byte.

Run: /usr/bin/python3 reference/io/gen_safetensors.py   (from the repository root)
Also: /usr/bin/python3 reference/io/gen_safetensors.py --check FILE.safetensors  parses a file by hand
and prints each tensor's name, dtype, shape and sum (used to verify Java-written files).
"""
import json
import os
import struct
import sys

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "sgd4j-core", "src", "test", "resources", "reference", "io")

DTYPES = {
    torch.float64: ("F64", 8), torch.int64: ("I64", 8), torch.float32: ("F32", 4), torch.int32: ("I32", 4),
    torch.float16: ("F16", 2), torch.bfloat16: ("BF16", 2), torch.int16: ("I16", 2),
    torch.int8: ("I8", 1), torch.uint8: ("U8", 1), torch.bool: ("BOOL", 1),
}


def raw_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().newbyteorder("<").tobytes() if sys.byteorder == "little" else t.numpy().byteswap().tobytes()


def serialize(tensors, metadata=None):
    items = sorted(tensors.items(), key=lambda kv: (-DTYPES[kv[1].dtype][1], kv[0]))
    header = {}
    if metadata:
        header["__metadata__"] = dict(sorted(metadata.items()))
    offset, blobs = 0, []
    for name, t in items:
        b = raw_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype][0], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def parse(path):
    """Hand-parses a safetensors file into {name: (dtype, shape, list of floats)} and the metadata."""
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    buf = data[8 + n:]
    fmt = {"F32": "f", "F64": "d", "I64": "q", "I32": "i"}
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        code = fmt[info["dtype"]]
        count = (e - b) // struct.calcsize(code)
        out[name] = (info["dtype"], info["shape"], list(struct.unpack("<%d%s" % (count, code), buf[b:e])))
    return out, meta


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        tensors, meta = parse(sys.argv[2])
        print("metadata", meta)
        for name, (dt, shape, values) in tensors.items():
            print(name, dt, shape, "sum=%.9g" % sum(values), "first=%r" % values[:3])
        return
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20261123)
    # An MLP's state dict as torch.nn names it: Sequential(Linear(4,3), ReLU(), Linear(3,2)).
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    mlp = {k: v.detach().clone() for k, v in model.state_dict().items()}
    mlp["scalar"] = torch.tensor(2.5)          # a 0-d tensor: shape []
    mlp["empty"] = torch.zeros(0, 3)           # a tensor with no elements
    meta = {"format": "pt", "note": "sgd4j reference"}
    with open(os.path.join(OUT, "mlp.safetensors"), "wb") as f:
        f.write(serialize(mlp, meta))

    mixed = {
        "f64": torch.tensor([[1.0 / 3.0, -2.5e-8], [1e30, -0.0]], dtype=torch.float64),
        "i64": torch.tensor([-3, 0, 16777217, 2**40], dtype=torch.int64),
        "i32": torch.tensor([7, -8], dtype=torch.int32),
        "f16": torch.tensor([0.1, -65504.0, 6e-8, 1.0], dtype=torch.float16),
        "bf16": torch.tensor([3.140625, -1e-3], dtype=torch.bfloat16),
        "i16": torch.tensor([-32768, 123], dtype=torch.int16),
        "i8": torch.tensor([-128, 5], dtype=torch.int8),
        "u8": torch.tensor([255, 0, 9], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
    }
    with open(os.path.join(OUT, "mixed.safetensors"), "wb") as f:
        f.write(serialize(mixed))

    def values(t):
        return [float(x) for x in t.to(torch.float64).flatten().tolist()]

    # Expected float32 values: torch's own conversion of each tensor to float32.
    expected = {
        "mlp": {k: {"shape": list(v.shape), "values": values(v)} for k, v in mlp.items()},
        "mlp_metadata": meta,
        "mixed": {k: {"dtype": DTYPES[v.dtype][0], "shape": list(v.shape), "values": values(v.to(torch.float32))}
                  for k, v in mixed.items()},
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
