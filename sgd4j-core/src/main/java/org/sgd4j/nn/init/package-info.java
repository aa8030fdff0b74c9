/** Parameter initialisation as {@code torch.nn.init}: uniform, normal, constant, Xavier/Glorot and Kaiming/He. */
package org.sgd4j.nn.init;
