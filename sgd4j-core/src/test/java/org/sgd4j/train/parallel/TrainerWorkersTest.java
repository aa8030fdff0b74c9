package org.sgd4j.train.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.train.TrainResult;
import org.sgd4j.train.Trainer;

/** {@code Trainer.Builder.workers(M)}: M workers of batch B train like one worker of batch M·B. */
class TrainerWorkersTest {
  static List<Tensor> fit(TensorDataset data, int workers, int batchSize, int epochs) {
    Module model = DataParallelTest.mlp();
    SGD opt = DataParallelTest.sgd(model);
    DataLoader loader = DataLoader.of(data).batchSize(batchSize).shuffle(true).seed(3).build();
    TrainResult r = Trainer.builder(model, new CrossEntropyLoss(), opt, loader).epochs(epochs).workers(workers).build()
        .fit();
    assertThat(r.samplesSeen()).isEqualTo((long) data.size() * epochs);
    return model.parameters();
  }

  @Test
  void twoWorkersOfBatchBTrainLikeOneWorkerOfBatch2B() {
    // 100 examples, B = 6: 17 batches an epoch (the last of 4), so the last step of each epoch has one batch.
    TensorDataset data = DataParallelTest.dataset(100, 8);
    List<Tensor> two = fit(data, 2, 6, 3);
    List<Tensor> one = fit(data, 1, 12, 3);
    assertThat(DataParallelTest.worstRelativeError(two, one)).isLessThan(1e-5);
    assertThat(DataParallelTest.worstRelativeError(one, DataParallelTest.mlp().parameters())).isGreaterThan(1e-2);
  }

  @Test
  void aRunWithWorkersResumesFromACheckpointBitForBit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    TensorDataset data = DataParallelTest.dataset(100, 9);
    List<Tensor> whole = fit(data, 3, 5, 2);
    Module model = DataParallelTest.mlp();
    SGD opt = DataParallelTest.sgd(model);
    DataLoader loader = DataLoader.of(data).batchSize(5).shuffle(true).seed(3).build();
    Trainer first = Trainer.builder(model, new CrossEntropyLoss(), opt, loader).epochs(1).workers(3).build();
    first.fit();
    first.saveCheckpoint(dir);
    Module resumedModel = DataParallelTest.mlp();
    DataLoader resumedLoader = DataLoader.of(data).batchSize(5).shuffle(true).seed(3).build();
    Trainer rest = Trainer.builder(resumedModel, new CrossEntropyLoss(), DataParallelTest.sgd(resumedModel),
        resumedLoader).epochs(2).workers(3).build();
    rest.resume(dir);
    rest.fit();
    DataParallelTest.assertBitIdentical(resumedModel.parameters(), whole);
  }

  @Test
  void workersMustBePositive() {
    Module model = DataParallelTest.mlp();
    DataLoader loader = DataLoader.of(DataParallelTest.dataset(10, 1)).batchSize(2).build();
    assertThatThrownBy(() -> Trainer.builder(model, new CrossEntropyLoss(), DataParallelTest.sgd(model), loader)
        .workers(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers must be at least 1, got 0");
  }
}
