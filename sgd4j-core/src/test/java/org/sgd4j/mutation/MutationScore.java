package org.sgd4j.mutation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The mutation score of each group of classes in a PIT {@code mutations.xml}, and the gate of the
 * {@code mutation} profile: score = detected mutants (killed, timed out, or a minion's memory or run
 * error) over all mutants of the group, the definition PIT's own {@code mutationThreshold} uses for
 * the whole run.
 *
 * <p>A class belongs to the group with the longest matching prefix, so {@code optim.schedule} is
 * scored apart from {@code optim}. Usage: {@code MutationScore mutations.xml threshold
 * name[@floor]=prefix[,prefix…] …}; prints a Markdown table and exits 1 when a group is under its
 * floor (in percent; the common threshold where none is given) or has no mutants at all, 2 on bad
 * arguments. A floor below the threshold is a ratchet: the score a group has reached, which it may
 * not fall below while its tests are brought up to the threshold.
 *
 * <p>{@code --equivalent FILE} (before the groups) names the equivalent mutants: mutants no test can
 * tell from the original program, so they are left out of their group's count. One per line, tab
 * separated: {@code mutatedClass mutatedMethod lineNumber mutator reason}, where {@code mutator} is the
 * last dot-segment of PIT's mutator name and {@code reason} says why the mutant cannot change
 * behaviour; blank lines and lines starting with {@code #} are comments. An entry matches a mutant that
 * no test killed: one that survived or had no coverage, and also one whose minion timed out or failed
 * ({@code TIMED_OUT}, {@code MEMORY_ERROR}, {@code RUN_ERROR}), because on a loaded machine an equivalent
 * mutant's minion can pass PIT's time limit without any test telling it apart; such a mutant is left out
 * of its group's count like a surviving one. An entry that matches no such mutant is stale (the code
 * moved, or a test now kills it) and fails the gate, so the list cannot rot into a way of hiding mutants.
 */
public final class MutationScore {
  private MutationScore() {}

  /** Mutant counts of one group. */
  record Counts(int mutants, int detected, int survived, int noCoverage) {
    static final Counts NONE = new Counts(0, 0, 0, 0);

    double score() {
      return mutants == 0 ? 0 : 100.0 * detected / mutants;
    }

    Counts plus(String status, boolean isDetected) {
      return new Counts(mutants + 1, detected + (isDetected ? 1 : 0), survived + (status.equals("SURVIVED") ? 1 : 0),
          noCoverage + (status.equals("NO_COVERAGE") ? 1 : 0));
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: MutationScore mutations.xml threshold [--equivalent FILE] name[@floor]=prefix[,prefix...] ...");
      System.exit(2);
    }
    Path report = Path.of(args[0]);
    double threshold = Double.parseDouble(args[1]);
    int first = 2;
    Set<Equivalent> equivalents = new LinkedHashSet<>();
    if (args[2].equals("--equivalent") && args.length > 4) {
      try {
        equivalents.addAll(Equivalent.read(Path.of(args[3])));
      } catch (IllegalArgumentException | java.io.IOException e) {
        System.err.println("MutationScore: " + e.getMessage());
        System.exit(2);
      }
      first = 4;
    }
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Map<String, Double> floors = new LinkedHashMap<>();
    for (int i = first; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      String[] name = kv[0].split("@", 2);
      groups.put(name[0], List.of(kv[1].split(",")));
      floors.put(name[0], name.length == 2 ? Double.parseDouble(name[1]) : threshold);
    }
    Set<Equivalent> unmatched = new LinkedHashSet<>(equivalents);
    Map<String, Counts> counts = score(report, groups, equivalents, unmatched);
    System.out.println("| group | mutants | detected | survived | no coverage | score | floor |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    boolean pass = true;
    for (var e : counts.entrySet()) {
      Counts c = e.getValue();
      double floor = floors.get(e.getKey());
      System.out.printf("| %s | %d | %d | %d | %d | %.1f%% | %.0f%% |%n", e.getKey(), c.mutants(), c.detected(), c.survived(),
          c.noCoverage(), c.score(), floor);
      pass &= passes(c, floor);
    }
    System.out.printf("%d equivalent mutant(s) left out%n", equivalents.size() - unmatched.size());
    for (Equivalent e : unmatched) {
      System.err.printf("stale equivalent-mutant entry (no mutant that a test did not kill matches it): %s%n", e);
      pass = false;
    }
    if (!pass) {
      System.err.printf("mutation score below its floor in a group (or a group with no mutants): see %s%n", report);
      System.exit(1);
    }
  }

  /** A group passes with at least one mutant and a score at or above its floor (percent). */
  static boolean passes(Counts c, double floor) {
    return c.mutants() > 0 && c.score() >= floor;
  }

  /** Counts per group, in the order given; mutants of classes in no group are ignored. */
  static Map<String, Counts> score(Path report, Map<String, List<String>> groups) throws Exception {
    return score(report, groups, Set.of(), new LinkedHashSet<>());
  }

  /**
   * Counts per group, leaving out the mutants listed in {@code equivalents} that no test killed; each
   * entry that matched one is removed from {@code unmatched}.
   */
  static Map<String, Counts> score(Path report, Map<String, List<String>> groups, Set<Equivalent> equivalents,
      Set<Equivalent> unmatched) throws Exception {
    Map<String, Counts> counts = new LinkedHashMap<>();
    groups.keySet().forEach(g -> counts.put(g, Counts.NONE));
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (var in = Files.newInputStream(report)) {
      NodeList mutations = factory.newDocumentBuilder().parse(in).getElementsByTagName("mutation");
      for (int i = 0; i < mutations.getLength(); i++) {
        Element m = (Element) mutations.item(i);
        String cls = m.getElementsByTagName("mutatedClass").item(0).getTextContent();
        String group = groupOf(cls, groups);
        boolean detected = Boolean.parseBoolean(m.getAttribute("detected"));
        Equivalent key = m.getAttribute("status").equals("KILLED") ? null : Equivalent.of(m);
        if (key != null && equivalents.contains(key)) {
          unmatched.remove(key);
        } else if (group != null) {
          counts.put(group, counts.get(group).plus(m.getAttribute("status"), detected));
        }
      }
    }
    return counts;
  }

  /** The group whose longest prefix matches {@code cls}, or null. */
  static String groupOf(String cls, Map<String, List<String>> groups) {
    String best = null;
    int bestLength = -1;
    for (var e : groups.entrySet()) {
      for (String prefix : e.getValue()) {
        if (cls.startsWith(prefix) && prefix.length() > bestLength) {
          best = e.getKey();
          bestLength = prefix.length();
        }
      }
    }
    return best;
  }

  /** One equivalent mutant, as the list names it: class, method, line and mutator (its last dot-segment). */
  record Equivalent(String mutatedClass, String mutatedMethod, int lineNumber, String mutator) {
    static Equivalent of(Element m) {
      String mutator = text(m, "mutator");
      return new Equivalent(text(m, "mutatedClass"), text(m, "mutatedMethod"), Integer.parseInt(text(m, "lineNumber")),
          mutator.substring(mutator.lastIndexOf('.') + 1));
    }

    private static String text(Element m, String tag) {
      NodeList nodes = m.getElementsByTagName(tag);
      return nodes.getLength() == 0 ? "0" : nodes.item(0).getTextContent().trim();
    }

    /** The entries of a list file; a line with fewer than five fields, or no reason, is refused. */
    static List<Equivalent> read(Path file) throws java.io.IOException {
      List<Equivalent> entries = new ArrayList<>();
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length < 5 || f[4].isBlank()) {
          throw new IllegalArgumentException(file + ":" + (i + 1)
              + ": expected class, method, line, mutator and reason separated by tabs, got: " + line);
        }
        int lineNumber;
        try {
          lineNumber = Integer.parseInt(f[2].strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": line number '" + f[2] + "' is not an integer");
        }
        entries.add(new Equivalent(f[0].strip(), f[1].strip(), lineNumber, f[3].strip()));
      }
      return entries;
    }

    @Override
    public String toString() {
      return mutatedClass + "." + mutatedMethod + ":" + lineNumber + " " + mutator;
    }
  }
}
