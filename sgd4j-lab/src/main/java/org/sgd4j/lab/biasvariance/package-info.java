/**
 * The bias–variance decomposition measured by training polynomial ridge regressions on many
 * resampled datasets, over model capacity and regularisation strength.
 */
package org.sgd4j.lab.biasvariance;
