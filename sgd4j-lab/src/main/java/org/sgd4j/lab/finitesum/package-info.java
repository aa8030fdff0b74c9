/**
 * Pictures and pages of the finite-sum lab: suboptimality {@code f(x) − f*} of each solver on a log
 * scale against effective passes and against seconds, and the comparison's HTML report.
 */
package org.sgd4j.lab.finitesum;
