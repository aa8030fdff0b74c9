/**
 * Conditioning of least squares before and after standardising the data (the notes' "effects of
 * data whitening"): Jacobi eigenvalues of XᵀX/n, condition numbers, gradient-descent iteration counts.
 */
package org.sgd4j.lab.conditioning;
