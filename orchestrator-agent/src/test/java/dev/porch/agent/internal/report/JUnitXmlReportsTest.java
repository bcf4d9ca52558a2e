package dev.porch.agent.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class JUnitXmlReportsTest {
  static final String SUREFIRE = """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="com.acme.CalcTest" time="0.031"
          tests="5" errors="1" skipped="1" failures="1">
        <properties><property name="java.version" value="17.0.9"/></properties>
        <testcase name="adds" classname="com.acme.CalcTest" time="0.001"/>
        <testcase name="divides" classname="com.acme.CalcTest" time="0.002">
          <failure message="expected: &lt;2&gt; but was: &lt;3&gt;" type="org.opentest4j.AssertionFailedError"/>
        </testcase>
        <testcase name="parses" classname="com.acme.CalcTest" time="0.001"><error type="java.lang.NullPointerException"/></testcase>
        <testcase name="later" classname="com.acme.CalcTest" time="0"><skipped/></testcase>
        <testcase name="subtracts" classname="com.acme.CalcTest" time="0.001"/>
      </testsuite>
      """;
  public static final String GRADLE = """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuite name="com.acme.ApiTest" tests="3" skipped="0" failures="0" errors="0"
          timestamp="2026-11-25T10:00:00" hostname="ci" time="0.2">
        <properties/>
        <testcase name="get" classname="com.acme.ApiTest" time="0.1"/>
        <testcase name="put" classname="com.acme.ApiTest" time="0.05"/>
        <testcase name="delete" classname="com.acme.ApiTest" time="0.05"/>
        <system-out><![CDATA[]]></system-out>
      </testsuite>
      """;
  @TempDir Path ws;

  private Path write(String relative, String xml) throws Exception {
    Path p = ws.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, xml);
    return p;
  }

  @Test
  void counts_sumsReportsWrittenDuringTheRun() throws Exception {
    Path stale = write("target/surefire-reports/TEST-com.acme.OldTest.xml", GRADLE);
    Files.setLastModifiedTime(stale, FileTime.fromMillis(1_000_000L));
    Map<Path, FileTime> before = JUnitXmlReports.snapshot(ws);

    write("core/target/surefire-reports/TEST-com.acme.CalcTest.xml", SUREFIRE);
    write("api/build/test-results/test/TEST-com.acme.ApiTest.xml", GRADLE);
    write("target/surefire-reports/com.acme.CalcTest.txt", "not a report");

    assertThat(JUnitXmlReports.counts(ws, before)).contains(new TestCounts(5, 2, 1, "junit-xml"));
  }

  @Test
  void counts_staleReportsOnly() throws Exception {
    write("target/surefire-reports/TEST-com.acme.CalcTest.xml", SUREFIRE);
    assertThat(JUnitXmlReports.counts(ws, JUnitXmlReports.snapshot(ws))).isEmpty();
  }

  @Test
  void parse_brokenOrHostileXmlIsNoReport() throws Exception {
    Path broken = write("target/surefire-reports/TEST-broken.xml", "<testsuite tests=\"3\"");
    Path entity = write("target/surefire-reports/TEST-xxe.xml",
        "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><testsuite tests=\"1\">&x;</testsuite>");
    assertThat(JUnitXmlReports.parse(broken)).isEmpty();
    assertThat(JUnitXmlReports.parse(entity)).isEmpty();
  }

  @Test
  void parse_testsuitesRootWithoutSuites() throws Exception {
    Path p = write("build/test-results/TEST-all.xml", "<testsuites tests=\"4\" failures=\"1\" errors=\"0\"/>");
    assertThat(JUnitXmlReports.parse(p)).hasValueSatisfying(c -> assertThat(c).containsExactly(4, 1, 0, 0));
  }
}
