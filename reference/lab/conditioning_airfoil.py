"""Eigenvalues of X^T X / n for the UCI airfoil features (all 1,503 rows), raw and standardised
(population std, as d2l), by numpy.linalg.eigvalsh. Run with /usr/bin/python3 (Debian numpy).
Output: sgd4j-lab/src/test/resources/reference/lab/conditioning_airfoil.json"""
import json
import sys
import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/datasets/airfoil/airfoil_self_noise.dat'
d = np.loadtxt(path, delimiter='\t')
x = d[:, :5]
n = len(x)
z = (x - x.mean(0)) / x.std(0)
out = {
    'source': 'numpy ' + np.__version__ + ' linalg.eigvalsh',
    'n': n,
    'raw': np.linalg.eigvalsh(x.T @ x / n).tolist(),
    'standardized': np.linalg.eigvalsh(z.T @ z / n).tolist(),
}
print(json.dumps(out, indent=2))
