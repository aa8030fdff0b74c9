/** Pictures and reports of runs: learning curves (XChart, PNG and SVG) and one-page HTML reports. */
package org.sgd4j.lab;
