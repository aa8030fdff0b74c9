package org.sgd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of sgd4j-core form layers (docs/architecture.md, "Layers"): nothing below calls back up.
 * Their dependency graph has no cycle, {@code org.sgd4j.tensor.kernel} depends on no other sgd4j
 * package, and {@code org.sgd4j.tensor} (tensors, ops and the recording API) only on the kernels; the
 * engine in {@code org.sgd4j.autograd} sits above it.
 *
 * <p>The graph is read from the module's main sources: a package depends on every {@code org.sgd4j}
 * package one of its files names, in an import (static or not) or in a fully-qualified name in code.
 * The package part of a name is its segments that start in lower case (Java's naming convention, which
 * every sgd4j package follows). Comments, string and character literals and text blocks are blanked
 * out first, so a class named in Javadoc ({@code org.sgd4j.autograd.Autograd} in {@code AutogradHooks}'
 * comments) or in a string (where it loads the engine by name) is no edge.
 */
class PackageLayersTest {
  private static final String KERNEL = "org.sgd4j.tensor.kernel";
  private static final String TENSOR = "org.sgd4j.tensor";
  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern QUALIFIED = Pattern.compile("\\borg\\.sgd4j(?:\\.[a-z_][A-Za-z0-9_]*)*");

  @Test
  void packageGraphHasNoCycle() throws IOException {
    Map<String, Map<String, String>> deps = dependencies(mainSources());
    Optional<List<String>> cycle = findCycle(deps);
    assertThat(cycle)
        .as(() -> "package cycle " + cycle.map(c -> path(c, deps)).orElse("") + "\nall dependencies:\n" + format(deps))
        .isEmpty();
  }

  @Test
  void kernelsDependOnNoOtherSgd4jPackage() throws IOException {
    Map<String, Map<String, String>> deps = dependencies(mainSources());
    assertThat(deps).containsKey(KERNEL);
    assertThat(deps.get(KERNEL)).as(() -> KERNEL + " must name no other org.sgd4j package; it names "
        + deps.get(KERNEL) + " (package=first file naming it)").isEmpty();
  }

  @Test
  void tensorsDependOnlyOnKernels() throws IOException {
    Map<String, Map<String, String>> deps = dependencies(mainSources());
    assertThat(deps).containsKey(TENSOR);
    assertThat(deps.get(TENSOR).keySet()).as(() -> TENSOR + " may name only " + KERNEL + "; it names "
        + deps.get(TENSOR) + " (package=first file naming it)").isSubsetOf(KERNEL);
  }

  /** The scan sees the real graph: the engine sits on the tensors, and so do the layers. */
  @Test
  void scanFindsTheEngineAboveTheTensors() throws IOException {
    Map<String, Map<String, String>> deps = dependencies(mainSources());
    assertThat(deps.get("org.sgd4j.autograd")).containsKey(TENSOR);
    assertThat(deps.get("org.sgd4j.nn")).containsKeys(TENSOR, "org.sgd4j.nn.functional");
  }

  @Test
  void commentsAndLiteralsNameNoPackage() {
    String source = String.join("\n",
        "package org.sgd4j.a;",
        "import org.sgd4j.b.B; // org.sgd4j.c",
        "import static org.sgd4j.i.I.f;",
        "/* org.sgd4j.d */",
        "class A {",
        "  String s = \"org.sgd4j.e \\\" org.sgd4j.f\";",
        "  char q = '\"'; org.sgd4j.g.G g;",
        "  String t = \"\"\"",
        "      org.sgd4j.h \"\" \"\"\";",
        "  org.sgd4j.j.J j = new org.sgd4j.j.J(); }");
    String code = blankCommentsAndLiterals(source);
    assertThat(packageOf(code)).isEqualTo("org.sgd4j.a");
    assertThat(namedPackages(code)).containsExactly("org.sgd4j.a", "org.sgd4j.b", "org.sgd4j.g", "org.sgd4j.i",
        "org.sgd4j.j");
  }

  @Test
  void findsACycleAsAPath() {
    Map<String, Map<String, String>> deps = new TreeMap<>();
    deps.put("a", Map.of("b", "A.java"));
    deps.put("b", Map.of("c", "B.java"));
    deps.put("c", Map.of("a", "C.java"));
    deps.put("d", Map.of("a", "D.java"));
    assertThat(findCycle(deps)).contains(List.of("a", "b", "c", "a"));
    assertThat(path(List.of("a", "b", "c", "a"), deps)).isEqualTo("a -> b (A.java) -> c (B.java) -> a (C.java)");
    deps.put("c", Map.of());
    assertThat(findCycle(deps)).isEmpty();
  }

  /** sgd4j-core's main sources; surefire runs in the module directory (and sets {@code basedir}). */
  private static Path mainSources() {
    Path dir = Path.of(System.getProperty("basedir", ""), "src", "main", "java");
    assertThat(dir.resolve("org/sgd4j/tensor/Tensor.java")).as("sgd4j-core's main sources at " + dir.toAbsolutePath())
        .isRegularFile();
    return dir;
  }

  /**
   * For each package under {@code sources}, the other {@code org.sgd4j} packages its files name, each
   * with the first file (in path order) that names it; sorted, so messages are stable.
   */
  static Map<String, Map<String, String>> dependencies(Path sources) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
    Map<String, Map<String, String>> deps = new TreeMap<>();
    for (Path file : files) {
      String code = blankCommentsAndLiterals(Files.readString(file));
      String pkg = packageOf(code);
      assertThat(pkg).as("package declaration of " + file).isNotNull();
      Map<String, String> named = deps.computeIfAbsent(pkg, k -> new TreeMap<>());
      for (String other : namedPackages(code)) {
        if (!other.equals(pkg)) {
          named.putIfAbsent(other, sources.relativize(file).toString());
        }
      }
    }
    return deps;
  }

  /** The file's declared package, or null. */
  static String packageOf(String code) {
    Matcher m = PACKAGE.matcher(code);
    return m.find() ? m.group(1) : null;
  }

  /** The {@code org.sgd4j} packages named in {@code code} (its own included), sorted. */
  static Set<String> namedPackages(String code) {
    Set<String> named = new TreeSet<>();
    Matcher m = QUALIFIED.matcher(code);
    while (m.find()) {
      named.add(m.group());
    }
    return named;
  }

  /**
   * {@code source} with each comment and each string, character or text-block literal replaced by one
   * space (a line comment's newline kept). Escapes are skipped inside literals, so {@code "\""} ends
   * where it should; unicode escapes and unterminated literals are not handled (javac refuses the
   * latter anyway).
   */
  static String blankCommentsAndLiterals(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      int end;
      if (source.startsWith("//", i)) {
        end = indexOrLength(source, "\n", i);
      } else if (source.startsWith("/*", i)) {
        end = indexOrLength(source, "*/", i + 2) + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        end = literalEnd(source, i + 3, "\"\"\"");
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        end = literalEnd(source, i + 1, source.substring(i, i + 1));
      } else {
        out.append(source.charAt(i++));
        continue;
      }
      out.append(' ');
      i = Math.min(end, source.length());
    }
    return out.toString();
  }

  private static int indexOrLength(String s, String what, int from) {
    int at = s.indexOf(what, from);
    return at < 0 ? s.length() : at;
  }

  /** The index just past the first {@code close} at or after {@code from} that no backslash escapes. */
  private static int literalEnd(String s, int from, String close) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.startsWith(close, i)) {
        return i + close.length();
      }
    }
    return s.length();
  }

  /**
   * A cycle of the graph as a path that starts and ends at the same package, if there is one: a depth-first
   * search in sorted order, which meets a cycle as an edge back to a package still on its path.
   */
  static Optional<List<String>> findCycle(Map<String, Map<String, String>> deps) {
    Map<String, Boolean> onPath = new HashMap<>(); // true while on the current path, false once done
    for (String start : deps.keySet()) {
      List<String> path = new ArrayList<>();
      Optional<List<String>> cycle = visit(start, deps, onPath, path);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> visit(String pkg, Map<String, Map<String, String>> deps,
                                              Map<String, Boolean> onPath, List<String> path) {
    Boolean state = onPath.get(pkg);
    if (Boolean.TRUE.equals(state)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(pkg), path.size()));
      cycle.add(pkg);
      return Optional.of(cycle);
    }
    if (state != null) {
      return Optional.empty();
    }
    onPath.put(pkg, true);
    path.add(pkg);
    for (String next : new TreeSet<>(deps.getOrDefault(pkg, Map.of()).keySet())) {
      Optional<List<String>> cycle = visit(next, deps, onPath, path);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    onPath.put(pkg, false);
    return Optional.empty();
  }

  /** {@code a -> b (file in a naming b) -> ...}. */
  private static String path(List<String> cycle, Map<String, Map<String, String>> deps) {
    StringBuilder s = new StringBuilder(cycle.get(0));
    for (int k = 1; k < cycle.size(); k++) {
      String file = deps.get(cycle.get(k - 1)).get(cycle.get(k));
      s.append(" -> ").append(cycle.get(k)).append(" (").append(file).append(')');
    }
    return s.toString();
  }

  private static String format(Map<String, Map<String, String>> deps) {
    return deps.entrySet().stream()
        .map(e -> "  " + e.getKey() + " -> " + e.getValue().keySet())
        .collect(Collectors.joining("\n"));
  }
}
