package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sgd4j train} on a real Spark standalone cluster (a master and two workers of one core, each
 * a JVM of its own, on 127.0.0.1), run by the {@code spark-cluster} Maven profile after the jar is
 * built ({@code mvn -B -Pspark-cluster verify -DskipTests}, see {@code .ci/run}).
 *
 * <ol>
 *   <li>spark-submit (the launcher class from the resolved jars) runs sgd4j.jar undisturbed: the reference.</li>
 *   <li>bin/sgd4j runs the same training; one executor is SIGKILLed a quarter into the run, then a
 *       whole worker (with its executor) halfway: the tasks are retried, the lost partitions are read
 *       back from the data's checkpoint, and the weights equal the reference bit for bit.</li>
 *   <li>bin/sgd4j again; the driver is SIGKILLed halfway and the same command rerun: it resumes from
 *       its latest checkpoint and ends with the reference's weights, bit for bit.</li>
 * </ol>
 * The logs stay in {@code target/spark-cluster/}. Each wait is bounded; every process started is
 * killed at the end, also on failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class SparkClusterIT {
  static final Path TARGET = Path.of("target").toAbsolutePath();
  static final Path JAR = TARGET.resolve("sgd4j.jar");
  static final Path LAUNCHER = TARGET.getParent().getParent().resolve("bin/sgd4j");
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);
  static final int STEPS = 250; // 1000 examples, 2 workers x batch 2
  static Path dir;
  static LocalSparkCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    assertThat(JAR).as("the jar (this test runs after package)").isRegularFile();
    dir = TARGET.resolve("spark-cluster");
    deleteRecursively(dir);
    Files.createDirectories(dir);
    cluster = new LocalSparkCluster(dir, TARGET.resolve("spark-classpath.txt"), 2, 1, "1g", Duration.ofMinutes(3));
    log("cluster up: " + cluster.masterUrl() + ", 2 workers");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The training: the notes' MLP on 1000 synthetic examples, 2 partitions, a checkpoint every 25 steps. */
  static List<String> trainArgs(String out) {
    return List.of("train", "--dataset", "synthetic:logistic", "--model", "mlp", "--epochs", "1", "--workers", "2",
        "--batch-size", "2", "--lr", "0.05", "--checkpoint-every", "25", "--log-every", "25", "--json",
        "--spark-master", cluster.masterUrl(), "--out", dir.resolve(out).toString());
  }

  /** The Spark settings of every driver: 1 core and 512 MB per executor, everything on 127.0.0.1. */
  static List<String> sparkProperties() {
    return List.of("-Dspark.executor.memory=512m", "-Dspark.executor.cores=1", "-Dspark.cores.max=2",
        "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.ui.enabled=false",
        "-Dspark.task.maxFailures=8");
  }

  static Process bin(String out, String logName) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    cmd.addAll(trainArgs(out));
    cmd.add("--verbose"); // Spark's INFO log: the retried tasks
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(cluster.environment());
    pb.environment().remove("SPARK_HOME"); // bin/sgd4j with the jars the build fetched
    pb.environment().put("SGD4J_JAVA_OPTS", "-Xmx512m " + String.join(" ", sparkProperties())
        + " -Dorg.slf4j.simpleLogger.log.org.apache.spark=info");
    return start(pb, logName);
  }

  static Process start(ProcessBuilder pb, String logName) throws IOException {
    pb.redirectOutput(dir.resolve(logName + ".out").toFile()).redirectError(dir.resolve(logName + ".log").toFile());
    return cluster.track(pb.start());
  }

  static void awaitSuccess(Process p, String logName) throws Exception {
    boolean done = p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    String tail = tail(dir.resolve(logName + ".log"));
    assertThat(done).as("%s finished within %s; log tail:%n%s", logName, RUN_TIMEOUT, tail).isTrue();
    assertThat(p.exitValue()).as("%s's exit status; log tail:%n%s", logName, tail).isZero();
    log(logName + ": " + Files.readString(dir.resolve(logName + ".out")).strip());
  }

  static void awaitCheckpoint(String out, long step, Process driver) throws Exception {
    Path file = dir.resolve(out).resolve("spark-checkpoint").resolve(String.format("step-%012d.ckpt", step));
    waitUntil(() -> Files.exists(file) || !driver.isAlive(), "checkpoint " + file);
    assertThat(driver.isAlive()).as("the driver is still running at step %d", step).isTrue();
  }

  static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  static byte[] weights(String out) throws IOException {
    return Files.readAllBytes(dir.resolve(out).resolve("model.safetensors"));
  }

  @Test
  @Order(1)
  void sparkSubmitRunsTheJarUndisturbed() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(LocalSparkCluster.javaExecutable(), "-Xmx512m",
        "--add-modules", "jdk.incubator.vector"));
    cmd.addAll(LocalSparkCluster.SPARK_JVM_FLAGS);
    cmd.addAll(List.of("-cp", cluster.distributionClasspath, "org.apache.spark.deploy.SparkSubmit", "--master",
        cluster.masterUrl(), "--deploy-mode", "client"));
    for (String property : sparkProperties()) {
      cmd.addAll(List.of("--conf", property.substring(2)));
    }
    cmd.addAll(List.of("--class", "org.sgd4j.cli.Main", JAR.toString()));
    cmd.addAll(trainArgs("reference"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(cluster.environment());
    awaitSuccess(start(pb, "reference"), "reference");
    assertThat(TrainCommandTest.json(Files.readString(dir.resolve("reference.out"))).get("steps"))
        .isEqualTo((long) STEPS);
  }

  @Test
  @Order(2)
  void aKilledExecutorAndALostWorkerLeaveTheWeightsUnchanged() throws Exception {
    Process driver = bin("executor-lost", "executor-lost");
    awaitCheckpoint("executor-lost", 50, driver);
    Process first = cluster.workers().get(0);
    List<ProcessHandle> executors = cluster.executors(first);
    assertThat(executors).as("worker 0 runs one executor of the run").hasSize(1);
    log("SIGKILL executor pid " + executors.get(0).pid() + " of worker 0");
    LocalSparkCluster.kill(executors.get(0));

    awaitCheckpoint("executor-lost", 125, driver);
    Process second = cluster.workers().get(1);
    log("SIGKILL worker 1 (pid " + second.pid() + ") and its executors " + cluster.executors(second).stream()
        .map(ProcessHandle::pid).toList());
    cluster.loseWorker(second);

    awaitSuccess(driver, "executor-lost");
    String driverLog = Files.readString(dir.resolve("executor-lost.log"), StandardCharsets.UTF_8);
    List<String> evidence = driverLog.lines()
        .filter(l -> l.contains("Lost executor") || l.contains("Lost task") || l.matches(".*Starting task \\d+\\.[1-9].*")
            || l.contains("Removed worker") || l.contains("Worker lost") || l.contains("rdd_0_"))
        .limit(40).toList();
    evidence.forEach(l -> log("  driver: " + l));
    assertThat(driverLog).as("the driver saw the executors go").contains("Lost executor");
    assertThat(driverLog).as("a task was retried").containsPattern("Starting task \\d+\\.[1-9] in stage");
    assertThat(weights("executor-lost")).as("bit-identical to the undisturbed run").isEqualTo(weights("reference"));
    log("executor-lost: model.safetensors equal to the reference's, byte for byte");

    cluster.startWorker(1, "1g"); // the lost worker comes back for the next test
    cluster.awaitWorkers(2, Duration.ofMinutes(3));
  }

  @Test
  @Order(3)
  void aKilledDriverRestartedFromItsCheckpointReachesTheSameWeights() throws Exception {
    Process driver = bin("driver-lost", "driver-lost-1");
    awaitCheckpoint("driver-lost", 125, driver);
    log("SIGKILL driver pid " + driver.pid() + " after its checkpoint of step 125");
    LocalSparkCluster.kill(driver.toHandle());
    cluster.awaitWorkers(2, Duration.ofMinutes(3));

    Process restarted = bin("driver-lost", "driver-lost-2");
    awaitSuccess(restarted, "driver-lost-2");
    assertThat(weights("driver-lost")).as("bit-identical to the undisturbed run").isEqualTo(weights("reference"));
    log("driver-lost: resumed, model.safetensors equal to the reference's, byte for byte");
    assertThat(dir.resolve("driver-lost/spark-checkpoint/data")).as("the data's checkpoints are deleted").doesNotExist();
    List<String> metrics = Files.readAllLines(dir.resolve("driver-lost/metrics.csv"));
    assertThat(metrics).as("metrics.csv of the whole run").hasSize(2);
    assertThat(metrics.get(1)).startsWith("1,1000,");
  }

  static void log(String line) {
    System.out.println("[spark-cluster] " + line);
    try {
      Files.writeString(dir.resolve("summary.log"), line + System.lineSeparator(), StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (var children = Files.list(p)) {
        for (Path c : children.toList()) {
          deleteRecursively(c);
        }
      }
    }
    Files.delete(p);
  }
}
