/**
 * Loss landscapes of trained models: 1-D and 2-D slices along filter-normalised random directions
 * (Li et al. 2018) and the linear interpolation from the initial to the trained weights.
 */
package org.sgd4j.lab.landscape;
