package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When a thread out of parts takes another's ({@link SpinPool}): not while the owner of a begun block keeps
 * taking its parts, but once it has stopped for the patience. Eight parts on two threads: the caller owns
 * parts 0 to 3, the helper 4 to 7, and part 0 waits until the helper has begun its block.
 */
class SpinPoolTest {

  /**
   * The helper holds part 4 until the caller has run its last part and then some, with a patience of a
   * minute: the caller waits, and the helper runs its whole block. Taken at once (the policy before the
   * patience), parts 5 to 7 went to the caller while part 4 held the helper.
   */
  @Test
  void aBlockWhoseOwnerKeepsTakingItsPartsStaysWithIt() {
    SpinPool pool = new SpinPool("test-patient", TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(60));
    for (int job = 0; job < 20; job++) {
      CountDownLatch callerDone = new CountDownLatch(1);
      String[] runBy = whoRan(pool, i -> {
        if (i == 3) {
          callerDone.countDown();
        } else if (i == 4) {
          await(callerDone, "the caller ran its block");
          sleep(5);
        }
      });
      assertThat(runBy).as("job %d", job)
          .containsExactly("caller", "caller", "caller", "caller", "helper", "helper", "helper", "helper");
    }
  }

  /**
   * The helper holds part 4 until part 7 has run: with a patience of a millisecond the caller takes parts 5,
   * 6 and 7 one after another, each once the helper's counter has stood still that long, and the job ends.
   */
  @Test
  void aBlockWhoseOwnerHasStoppedGoesToTheOthersAfterThePatience() {
    SpinPool pool = new SpinPool("test-impatient", TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    for (int job = 0; job < 20; job++) {
      CountDownLatch lastPartRan = new CountDownLatch(1);
      String[] runBy = whoRan(pool, i -> {
        if (i == 4) {
          await(lastPartRan, "part 7 ran");
        } else if (i == 7) {
          lastPartRan.countDown();
        }
      });
      assertThat(runBy).as("job %d", job)
          .containsExactly("caller", "caller", "caller", "caller", "helper", "caller", "caller", "caller");
    }
  }

  /**
   * Runs eight parts on the caller and one helper, part 0 held until the helper has begun part 4, then
   * {@code body}; returns who ran each part.
   */
  private static String[] whoRan(SpinPool pool, java.util.function.IntConsumer body) {
    CountDownLatch helperBegan = new CountDownLatch(1);
    Thread caller = Thread.currentThread();
    String[] runBy = new String[8];
    assertThat(pool.tryRun(8, 1, i -> {
      runBy[i] = Thread.currentThread() == caller ? "caller" : "helper";
      if (i == 0) {
        await(helperBegan, "the helper began");
      } else if (i == 4) {
        helperBegan.countDown();
      }
      body.accept(i);
    })).isTrue();
    return runBy;
  }

  private static void await(CountDownLatch latch, String what) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as(what).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
