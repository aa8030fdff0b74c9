/** The {@code sgd4j} command-line program ({@link org.sgd4j.cli.Main}); {@code sgd4j train} is its main job. */
package org.sgd4j.cli;
