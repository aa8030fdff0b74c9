/**
 * Plots of the lab with XChart: contour lines by marching squares, contour plots with iterate
 * paths, line charts; written as PNG and SVG by {@link org.sgd4j.lab.plot.ChartFiles}.
 */
package org.sgd4j.lab.plot;
