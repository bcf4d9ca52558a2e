package dev.porch.agent.internal.report;

import dev.porch.core.StateLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * JUnit XML reports ({@code TEST-*.xml}) as Maven Surefire/Failsafe ({@code
 * target/surefire-reports}, {@code target/failsafe-reports}) and Gradle ({@code
 * build/test-results/**}) write them, in any module of the workspace. Only reports written during
 * this run count: take a {@link #snapshot} before the command and pass it to {@link #counts} after.
 */
public final class JUnitXmlReports {
  private static final int MAX_DEPTH = 8;
  private static final Set<String> SKIP_DIRS = Set.of(".git", "node_modules", StateLayout.WORKTREES_FOLDER, StateLayout.STATUS_FOLDER, ".venv");

  private JUnitXmlReports() {}

  /**
   * The report files under {@code root} and when each was last modified.
   *
   * @param root the workspace
   * @return path to modification time
   */
  public static Map<Path, FileTime> snapshot(Path root) {
    Map<Path, FileTime> found = new HashMap<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try {
      Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return SKIP_DIRS.contains(String.valueOf(dir.getFileName())) && !dir.equals(root)
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (isReport(file)) {
            found.put(file, attrs.lastModifiedTime());
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // A folder vanished while walking; what was found still counts.
    }
    return found;
  }

  static boolean isReport(Path file) {
    String name = String.valueOf(file.getFileName());
    if (!name.startsWith("TEST-") || !name.endsWith(".xml")) {
      return false;
    }
    String path = file.toString().replace('\\', '/');
    return path.contains("/surefire-reports/") || path.contains("/failsafe-reports/") || path.contains("/test-results/");
  }

  /**
   * Sums the reports that are new or changed since {@code before}.
   *
   * @param root the workspace
   * @param before the snapshot taken before the test command ran
   * @return the counts, or empty when no report was written (or none could be read)
   */
  public static Optional<TestCounts> counts(Path root, Map<Path, FileTime> before) {
    int[] sum = new int[4];
    boolean any = false;
    for (Map.Entry<Path, FileTime> e : snapshot(root).entrySet()) {
      if (e.getValue().equals(before.get(e.getKey()))) {
        continue;
      }
      Optional<int[]> c = parse(e.getKey());
      if (c.isPresent()) {
        any = true;
        for (int i = 0; i < 4; i++) {
          sum[i] += c.get()[i];
        }
      }
    }
    if (!any) {
      return Optional.empty();
    }
    int failed = sum[1] + sum[2];
    return Optional.of(new TestCounts(Math.max(0, sum[0] - failed - sum[3]), failed, sum[3], "junit-xml"));
  }

  /**
   * Reads one report: tests, failures, errors and skipped summed over its {@code testsuite}
   * elements (or taken from a lone {@code testsuites} root).
   *
   * @param file the report
   * @return {tests, failures, errors, skipped}, or empty if it is not a readable report
   */
  public static Optional<int[]> parse(Path file) {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader r = f.createXMLStreamReader(in);
      int[] suites = new int[4];
      int[] root = null;
      boolean sawSuite = false;
      while (r.hasNext()) {
        if (r.next() != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        String name = r.getLocalName();
        if (name.equals("testsuite")) {
          sawSuite = true;
          add(suites, r);
        } else if (name.equals("testsuites") && root == null) {
          root = new int[4];
          add(root, r);
        }
      }
      r.close();
      if (sawSuite) {
        return Optional.of(suites);
      }
      return Optional.ofNullable(root);
    } catch (IOException | XMLStreamException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void add(int[] into, XMLStreamReader r) {
    List<String> attrs = List.of("tests", "failures", "errors", "skipped");
    for (int i = 0; i < attrs.size(); i++) {
      String v = r.getAttributeValue(null, attrs.get(i));
      if (v != null && !v.isBlank()) {
        into[i] += (int) Double.parseDouble(v.trim());
      }
    }
  }
}
