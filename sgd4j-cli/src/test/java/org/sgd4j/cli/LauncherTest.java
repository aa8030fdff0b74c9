package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/sgd4j, copied into a fake checkout and run with bash (a fake java echoes its arguments). */
class LauncherTest {
  @TempDir Path dir;
  Path root;
  Path script;

  @BeforeEach
  void fakeCheckout() throws IOException {
    Path source = Path.of("..", "bin", "sgd4j").toAbsolutePath().normalize();
    assumeTrue(Files.isRegularFile(source), "bin/sgd4j not found from " + Path.of("").toAbsolutePath());
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")), "no bash");
    root = dir.resolve("checkout");
    script = root.resolve("bin/sgd4j");
    Files.createDirectories(script.getParent());
    Files.copy(source, script);
    script.toFile().setExecutable(true);
  }

  record Result(int exit, String out, String err) {}

  Result launch(Path launcher, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("SGD4J_JAVA_OPTS");
    pb.environment().putAll(env);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    int exit = pb.start().waitFor();
    return new Result(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void saysHowToBuildWhenTheJarIsMissing() throws Exception {
    Result r = launch(script, Map.of(), "train");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains(root.toRealPath().resolve("sgd4j-cli/target/sgd4j.jar") + " not found")
        .contains("run: mvn -B -q package -DskipTests");
  }

  @Test
  void runsTheJarWithJavaFromJavaHomeAndTheVectorModuleThroughASymlink() throws Exception {
    Path javaHome = fakeJavaAndJar();
    Path link = dir.resolve("elsewhere/sgd4j");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, script);

    Result r = launch(link, Map.of("JAVA_HOME", javaHome.toString()), "train", "--epochs", "1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("-Xmx2g --add-modules jdk.incubator.vector -jar "
        + root.toRealPath().resolve("sgd4j-cli/target/sgd4j.jar") + " train --epochs 1");
  }

  /** A fake JDK whose java prints its arguments; an empty jar. */
  Path fakeJavaAndJar() throws IOException {
    Path jar = root.resolve("sgd4j-cli/target/sgd4j.jar");
    Files.createDirectories(jar.getParent());
    Files.createFile(jar);
    Path javaHome = dir.resolve("jdk");
    Path java = javaHome.resolve("bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return javaHome;
  }

  @Test
  void sparkMasterTakesSparksJarsFromTheBuildWithoutSparkHome() throws Exception {
    Path javaHome = fakeJavaAndJar();
    Files.writeString(root.resolve("sgd4j-cli/target/spark-classpath.txt"), "/m2/spark-core.jar:/m2/scala.jar\n");
    Result r = launch(script, Map.of("JAVA_HOME", javaHome.toString(), "SPARK_HOME", ""), "train", "--spark-master",
        "local[2]");
    assertThat(r.exit()).as(r.err()).isZero();
    String jar = root.toRealPath().resolve("sgd4j-cli/target/sgd4j.jar").toString();
    assertThat(r.out().strip()).startsWith("-Xmx2g --add-modules jdk.incubator.vector -XX:+IgnoreUnrecognizedVMOptions")
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
        .endsWith("-cp " + jar + ":/m2/spark-core.jar:/m2/scala.jar org.sgd4j.cli.Main train --spark-master local[2]");
  }

  @Test
  void sparkHomeWinsOverTheBuildsJarsAndMustHoldJars() throws Exception {
    Path javaHome = fakeJavaAndJar();
    Files.writeString(root.resolve("sgd4j-cli/target/spark-classpath.txt"), "/m2/spark-core.jar\n");
    Path sparkHome = dir.resolve("spark");
    Files.createDirectories(sparkHome.resolve("jars"));
    Result r = launch(script, Map.of("JAVA_HOME", javaHome.toString(), "SPARK_HOME", sparkHome.toString()), "train",
        "--spark-master", "local[2]");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).endsWith(":" + sparkHome + "/jars/* org.sgd4j.cli.Main train --spark-master local[2]")
        .doesNotContain("/m2/spark-core.jar");

    Result bad = launch(script, Map.of("JAVA_HOME", javaHome.toString(), "SPARK_HOME", dir.resolve("nowhere").toString()),
        "train", "--spark-master", "local[2]");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err().strip()).isEqualTo("sgd4j: SPARK_HOME=" + dir.resolve("nowhere") + " has no jars/ folder: point"
        + " it at a Spark distribution, or unset it to use the jars the build fetched");
  }

  @Test
  void sparkMasterWithoutSparkSaysHowToGetIt() throws Exception {
    Path javaHome = fakeJavaAndJar();
    Result r = launch(script, Map.of("JAVA_HOME", javaHome.toString(), "SPARK_HOME", ""), "train", "--spark-master",
        "local[2]");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("--spark-master needs Spark: set SPARK_HOME, or build in");
  }
}
