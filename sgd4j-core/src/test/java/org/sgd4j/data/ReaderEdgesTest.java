package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Tensor;

/**
 * Edges of the CSV and IDX readers and the loader that the format tests leave open: delimiter
 * detection, tables larger than the first buffer, the table's accessors, multi-element targets, a
 * stream of unknown length larger than the first read, and the prefetch thread's end.
 */
class ReaderEdgesTest {
  static CsvTable csv(String text) throws IOException {
    return Csv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.csv", Csv.options());
  }

  @Test
  void detectsSemicolonsTabsAndASingleColumn() throws IOException {
    CsvTable semi = csv("a;b\n1;2\n3.5;-4\n");
    assertThat(semi.columns()).containsExactly("a", "b");
    assertThat(semi.get(1, 0)).isEqualTo(3.5);
    assertThat(semi.get(1, 1)).isEqualTo(-4);
    CsvTable tabs = csv("1\t2,5\n"); // a tab wins over a comma
    assertThat(tabs.cols()).isEqualTo(2);
    assertThatThrownBy(() -> csv("a,b\n1,2;3\n")).hasMessageContaining("'2;3'"); // a comma wins over a semicolon
    CsvTable single = csv("x\n1\n2\n");
    assertThat(single.cols()).isEqualTo(1);
    assertThat(single.column(0)).containsExactly(1, 2);
  }

  @Test
  void skipsBlankLinesAndTrimsSpacesAndQuotes() throws IOException {
    CsvTable t = csv(" \t\r\n\"p\", q \n 1 , \"2\" \n\n  \n3,4\n");
    assertThat(t.columns()).containsExactly("p", "q");
    assertThat(t.rows()).isEqualTo(2);
    assertThat(t.values()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void growsPastItsFirstBuffer() throws IOException {
    StringBuilder s = new StringBuilder("u,v,w\n");
    int rows = 2000; // 6,000 values, more than the 4,096 of the first buffer
    for (int i = 0; i < rows; i++) {
      s.append(i).append(',').append(-i).append(',').append(i * 0.5).append('\n');
    }
    CsvTable t = csv(s.toString());
    assertThat(t.rows()).isEqualTo(rows);
    assertThat(t.get(1999, 0)).isEqualTo(1999);
    assertThat(t.get(1234, 1)).isEqualTo(-1234);
    assertThat(t.get(1500, 2)).isEqualTo(750);
  }

  @Test
  void tableAccessorsIndexRowsAndColumns() throws IOException {
    CsvTable t = csv("a,b,c\n1,2,3\n4,5,6\n7,8,9\n");
    assertThat(t.get(2, 1)).isEqualTo(8);
    assertThat(t.get(1, 2)).isEqualTo(6);
    assertThat(t.column(1)).containsExactly(2, 5, 8);
    assertThat(t.column(2)).containsExactly(3, 6, 9);
    assertThatThrownBy(() -> t.column(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> t.column(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    CsvTable head = t.head(2);
    assertThat(head).isEqualTo(csv("a,b,c\n1,2,3\n4,5,6\n"));
    assertThat(head.hashCode()).isEqualTo(csv("a,b,c\n1,2,3\n4,5,6\n").hashCode());
    assertThat(head).isNotEqualTo(t).isNotEqualTo(csv("a,b,d\n1,2,3\n4,5,6\n")).isNotEqualTo(csv("a,b,c\n1,2,3\n4,5,7\n"));
    assertThat(head.hashCode()).isNotEqualTo(csv("a,b,c\n1,2,3\n4,5,7\n").hashCode())
        .isNotEqualTo(csv("x,b,c\n1,2,3\n4,5,6\n").hashCode());
    assertThat(t.head(10)).isEqualTo(t);
    assertThat(t.toString()).isEqualTo("CsvTable[3 x 3, columns [a, b, c]]");
  }

  @Test
  void batchesKeepEveryElementOfAMultiElementTarget() {
    // x: (4, 3), y: (4, 2); batch 3 holds rows 0-2, then row 3
    Tensor x = Tensor.arange(12).reshape(4, 3);
    Tensor y = Tensor.arange(8).mul(-1f).reshape(4, 2);
    try (DataLoader loader = DataLoader.of(new TensorDataset(x, y)).batchSize(3).build()) {
      assertThat(loader.dataset()).isNotNull();
      assertThat(loader.options().batchSize()).isEqualTo(3);
      assertThat(loader.sampler().length()).isEqualTo(4);
      Iterator<Batch> it = loader.iterator();
      Batch first = it.next();
      assertThat(first.y().shape()).containsExactly(3, 2);
      assertThat(first.y().toArray()).containsExactly(-0f, -1f, -2f, -3f, -4f, -5f);
      assertThat(first.x().toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
      Batch last = it.next();
      assertThat(last.y().toArray()).containsExactly(-6f, -7f);
      assertThat(last.x().toArray()).containsExactly(9, 10, 11);
    }
  }

  @Test
  void aStreamOfUnknownLengthLargerThanTheFirstReadIsReadWhole() throws IOException {
    int count = (1 << 20) + 12345;
    byte[] file = new byte[8 + count];
    file[2] = Idx.UNSIGNED_BYTE;
    file[3] = 1;
    file[4] = (byte) (count >>> 24);
    file[5] = (byte) (count >>> 16);
    file[6] = (byte) (count >>> 8);
    file[7] = (byte) count;
    for (int i = 0; i < count; i++) {
      file[8 + i] = (byte) (i * 7);
    }
    IdxArray a = Idx.read(new ByteArrayInputStream(file), "mem.idx", 1);
    assertThat(a.shape()).containsExactly(count);
    assertThat(a.data()[count - 1]).isEqualTo((byte) ((count - 1) * 7));
    assertThat(a.unsigned(count - 1)).isEqualTo(((count - 1) * 7) & 0xff);
    assertThat(a.toString()).isEqualTo("IdxArray[" + count + "]");
    IdxArray same = new IdxArray(new int[] {count}, a.data().clone());
    assertThat(a).isEqualTo(same);
    assertThat(a.hashCode()).isEqualTo(same.hashCode());
    IdxArray reshaped = new IdxArray(new int[] {1, count}, a.data());
    assertThat(a).isNotEqualTo(reshaped);
    assertThat(a.hashCode()).isNotEqualTo(reshaped.hashCode());
    byte[] longer = java.util.Arrays.copyOf(file, file.length + 1);
    assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(longer), "mem.idx", 1))
        .hasMessageContaining("unexpected trailing bytes");
  }

  static boolean prefetchRunning() {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("sgd4j-prefetch") && t.isAlive());
  }

  static void awaitNoPrefetch() throws InterruptedException {
    for (int i = 0; i < 500 && prefetchRunning(); i++) {
      Thread.sleep(10); // liveness only: the producer ends once interrupted
    }
    assertThat(prefetchRunning()).as("a prefetch thread outlived its iterator").isFalse();
  }

  @Test
  void closingAReplacedOrRestoredIteratorStopsItsPrefetchThread() throws InterruptedException {
    Tensor x = Tensor.arange(400).reshape(100, 4);
    Tensor y = Tensor.arange(100);
    awaitNoPrefetch();
    for (int mode = 0; mode < 3; mode++) {
      DataLoader loader = DataLoader.of(new TensorDataset(x, y)).batchSize(2).prefetch(1).build();
      Iterator<Batch> it = loader.iterator();
      it.next();
      assertThat(prefetchRunning()).isTrue();
      switch (mode) {
        case 0 -> loader.close();
        case 1 -> {
          loader.restore(loader.state());
          loader.close();
        }
        default -> {
          Iterator<Batch> again = loader.iterator();
          again.next();
          loader.close();
        }
      }
      awaitNoPrefetch();
    }
  }

  @Test
  void replacementDrawsNSamplesByDefaultAndAStateAtTheEpochsEndRestores() {
    TensorDataset d = new TensorDataset(Tensor.arange(10).reshape(5, 2), Tensor.arange(5));
    assertThat(DataLoader.of(d).replacement(true).build().sampler().length()).isEqualTo(5);
    assertThat(DataLoader.of(d).replacement(true).numSamples(3).build().sampler().length()).isEqualTo(3);
    DataLoader loader = DataLoader.of(d).batchSize(2).build();
    LoaderState end = new LoaderState(0, loader.numBatches(), 0, Double.NaN);
    loader.restore(end); // the end of epoch 0 is a position a checkpoint can hold
    assertThat(loader.iterator().hasNext()).isFalse();
    assertThatThrownBy(() -> loader.restore(new LoaderState(0, loader.numBatches() + 1, 0, Double.NaN)))
        .hasMessageContaining("batch index 4 beyond the 3 batches");
  }
}
