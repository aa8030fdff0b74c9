/**
 * Large mini-batches: the linear scaling rule with linear warm-up (Goyal et al. 2017) and LARS
 * (You et al. 2017), as loss-against-samples curves.
 */
package org.sgd4j.lab.largebatch;
