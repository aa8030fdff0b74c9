package org.sgd4j.mutation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class MutationScore {
  private MutationScore() {}

  /** Mutant counts of one group. */
  record Counts(int mutants, int detected, int survived, int noCoverage) {
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
      System.err.println("usage: MutationScore mutations.xml threshold name=prefix[,prefix...] ...");
      System.exit(2);
    }
    Path report = Path.of(args[0]);
    double threshold = Double.parseDouble(args[1]);
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Map<String, Double> floors = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      String[] name = kv[0].split("@", 2);
      groups.put(name[0], List.of(kv[1].split(",")));
      floors.put(name[0], name.length == 2 ? Double.parseDouble(name[1]) : threshold);
    }
    Map<String, Counts> counts = score(report, groups);
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
    Map<String, Counts> counts = new LinkedHashMap<>();
    groups.keySet().forEach(g -> counts.put(g, new Counts(0, 0, 0, 0)));
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (var in = Files.newInputStream(report)) {
      NodeList mutations = factory.newDocumentBuilder().parse(in).getElementsByTagName("mutation");
      for (int i = 0; i < mutations.getLength(); i++) {
        Element m = (Element) mutations.item(i);
        String cls = m.getElementsByTagName("mutatedClass").item(0).getTextContent();
        String group = groupOf(cls, groups);
        if (group != null) {
          counts.put(group, counts.get(group).plus(m.getAttribute("status"), Boolean.parseBoolean(m.getAttribute("detected"))));
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
}
