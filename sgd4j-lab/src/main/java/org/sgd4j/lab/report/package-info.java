/** The lab's output files besides plots: CSV tables and small HTML pages. */
package org.sgd4j.lab.report;
