package org.sgd4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 for the tests: a master and workers, each a separate JVM
 * started from the jars Maven resolved ({@code sgd4j-cli/target/spark-classpath.txt}: Spark's and
 * those sgd4j's own dependencies share with it, e.g. SLF4J), with a
 * SPARK_HOME made of links to them ({@code jars/}; {@code SPARK_SCALA_VERSION=2.13} since there is no
 * distribution's RELEASE file). Every process it starts (and every process those start: the
 * executors) is killed by {@link #close()}, and by a shutdown hook if the test JVM ends first.
 */
final class LocalSparkCluster implements AutoCloseable {
  /** The flags Spark's launcher passes on Java 17+ (as bin/sgd4j and the parent pom). */
  static final List<String> SPARK_JVM_FLAGS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

  final Path dir;
  final Path sparkHome;
  final String sparkClasspath;
  /** SPARK_HOME/jars/*: a distribution's class path. */
  final String distributionClasspath;
  final int masterPort;
  final int masterUiPort;
  private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
  private final List<Process> workers = new ArrayList<>();
  private final Thread hook = new Thread(this::killAll, "local-spark-cluster-cleanup");

  /**
   * Starts the master and {@code workers} workers of {@code cores} cores and {@code memory} each,
   * and waits (up to {@code timeout}) until they are all registered.
   */
  LocalSparkCluster(Path dir, Path classpathFile, int workers, int cores, String memory, Duration timeout)
      throws IOException, InterruptedException {
    this.dir = dir;
    Runtime.getRuntime().addShutdownHook(hook);
    this.sparkClasspath = Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
    this.sparkHome = dir.resolve("spark-home");
    Path jars = sparkHome.resolve("jars");
    Files.createDirectories(jars);
    List<String> entries = new ArrayList<>(List.of(sparkClasspath.split(java.io.File.pathSeparator)));
    for (String entry : entries) {
      Path jar = Path.of(entry);
      Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
    }
    this.distributionClasspath = jars + "/*";
    this.masterPort = freePort();
    this.masterUiPort = freePort();
    boolean started = false;
    try {
      start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
          Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort)));
      for (int w = 0; w < workers; w++) {
        startWorker(cores, memory);
      }
      awaitWorkers(workers, timeout);
      started = true;
    } finally {
      if (!started) {
        close();
      }
    }
  }

  /** {@code spark://127.0.0.1:PORT}. */
  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The environment of every process of the cluster, and of drivers run against it. */
  Map<String, String> environment() {
    return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1",
        "SPARK_LOG_DIR", dir.resolve("logs").toString(), "SPARK_WORKER_DIR", dir.resolve("work").toString());
  }

  /** Starts one more worker. */
  Process startWorker(int cores, String memory) throws IOException {
    int n = workers.size();
    Process p = start("worker-" + n, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
        "--cores", Integer.toString(cores), "--memory", memory, "--webui-port", Integer.toString(freePort()),
        "--work-dir", dir.resolve("work-" + n).toString(), masterUrl()));
    workers.add(p);
    return p;
  }

  private Process start(String name, List<String> mainAndArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m"));
    cmd.addAll(SPARK_JVM_FLAGS);
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + "/*");
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().putAll(environment());
    return track(pb.start());
  }

  /** Tracks a process started by a test against this cluster, so that {@link #close()} kills it too. */
  Process track(Process p) {
    processes.add(p);
    return p;
  }

  /** Kills worker {@code w} and its executors (SIGKILL), as the loss of its machine would; it is not restarted. */
  void loseWorker(Process w) {
    workers.remove(w);
    kill(w.toHandle());
  }

  /** The running workers, in start order. */
  List<Process> workers() {
    return List.copyOf(workers);
  }

  /** The executor JVMs (CoarseGrainedExecutorBackend) that worker {@code w} is running now. */
  List<ProcessHandle> executors(Process worker) {
    return worker.descendants().filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .toList();
  }

  /** Waits until {@code count} workers are alive according to the master's status page. */
  void awaitWorkers(int count, Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    int seen = -1;
    while (System.nanoTime() < deadline) {
      for (Process p : workers) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a worker exited with " + p.exitValue() + "; see the logs in " + dir);
        }
      }
      try {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = alive.matcher(body);
        if (m.find()) {
          seen = Integer.parseInt(m.group(1));
          if (seen >= count) {
            return;
          }
        }
      } catch (IOException notYetUp) {
        // the master's web server is still starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("only " + seen + " of " + count + " workers registered within " + timeout
        + "; see the logs in " + dir);
  }

  /** Kills {@code p} and everything it started (SIGKILL), and waits for them to be gone. */
  static void kill(ProcessHandle p) {
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    all.add(0, p);
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("process " + h.pid() + " did not exit after SIGKILL", e);
      }
    }
  }

  private void killAll() {
    List<Process> copy;
    synchronized (processes) {
      copy = new ArrayList<>(processes);
    }
    Collections.reverse(copy); // drivers and workers (with their executors) before the master
    for (Process p : copy) {
      try {
        kill(p.toHandle());
      } catch (RuntimeException e) {
        System.err.println("LocalSparkCluster: " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running
    }
  }

  static String javaExecutable() {
    Optional<String> cmd = ProcessHandle.current().info().command();
    return cmd.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
