"""Reference values for AirfoilTest: d2l.ai's get_data_ch11 preprocessing of airfoil_self_noise.dat.

Run with Debian's NumPy: /usr/bin/python3 reference/data/airfoil_d2l.py /work/shared/datasets/airfoil \
    > sgd4j-core/src/test/resources/reference/data/airfoil_d2l.json
"""
import json
import sys

import numpy as np

path = sys.argv[1] + "/airfoil_self_noise.dat"
# d2l: data = np.genfromtxt(..., dtype=np.float32, delimiter='\t'); (data - data.mean(axis=0)) / data.std(axis=0)
data32 = np.genfromtxt(path, dtype=np.float32, delimiter="\t")
z = (data32 - data32.mean(axis=0)) / data32.std(axis=0)
data64 = np.genfromtxt(path, dtype=np.float64, delimiter="\t")
out = {
    "shape": list(data64.shape),
    "mean": data64.mean(axis=0).tolist(),
    "std": data64.std(axis=0).tolist(),
    "first_row": data64[0].tolist(),
    "last_row": data64[-1].tolist(),
    # d2l's float32 result, and the same in float64 (what sgd4j computes before rounding to float)
    "z_rows": {str(i): [float(v) for v in z[i]] for i in (0, 1, 777, 1499)},
    "z_rows_float64": {str(i): ((data64[i] - data64.mean(axis=0)) / data64.std(axis=0)).tolist()
                       for i in (0, 1, 777, 1499)},
}
json.dump(out, sys.stdout, indent=1)
