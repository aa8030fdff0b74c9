/** Finding the project's shared datasets from the lab. */
package org.sgd4j.lab.data;
