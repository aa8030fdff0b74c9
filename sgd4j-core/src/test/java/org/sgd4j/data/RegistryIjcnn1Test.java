package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The registry's libsvm/ijcnn1 is found as every dataset is (here: shared/datasets/libsvm/ijcnn1) and verified. */
class RegistryIjcnn1Test {
  @Test
  void ijcnn1IsFoundAndVerified() throws IOException {
    DatasetRegistry registry = DatasetRegistry.standard().withDownload(false);
    try {
      registry.locate(DatasetRegistry.IJCNN1);
    } catch (DatasetNotFoundException notHere) {
      assumeTrue(false, "ijcnn1 is not on this machine: " + notHere.getMessage());
    }
    java.nio.file.Path dir = registry.locate(DatasetRegistry.IJCNN1); // verified against the published sha256
    assertThat(dir.resolve("ijcnn1.trn.bz2")).isRegularFile();
    assertThat(dir.resolve("ijcnn1.tst.bz2")).isRegularFile();
  }
}
