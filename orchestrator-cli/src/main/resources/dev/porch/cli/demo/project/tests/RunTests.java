import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles src/Slug.java and checks slugify; prints TAP, exits 1 when a test fails. */
public class RunTests {
  public static void main(String[] args) throws Exception {
    String[][] cases = {
      {"Hello World", "hello-world"},
      {"  Trim me  ", "trim-me"},
      {"Crème Brûlée", "creme-brulee"},
      {"a -- b", "a-b"},
      {"C'est la vie!", "c-est-la-vie"},
      {"Version 2.0", "version-2-0"},
      {"", ""},
    };
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      System.out.println("Bail out! no Java compiler here: run the tests with a JDK, not a JRE");
      System.exit(2);
    }
    Path out = Files.createTempDirectory("slug-tests");
    if (javac.run(null, null, null, "-d", out.toString(), "src/Slug.java") != 0) {
      System.out.println("1..1");
      System.out.println("not ok 1 - src/Slug.java compiles");
      System.exit(1);
    }
    int failed = 0;
    System.out.println("1.." + cases.length);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()})) {
      Method slugify = loader.loadClass("Slug").getMethod("slugify", String.class);
      for (int i = 0; i < cases.length; i++) {
        String got;
        try {
          got = (String) slugify.invoke(null, cases[i][0]);
        } catch (java.lang.reflect.InvocationTargetException e) {
          got = "threw " + e.getCause();
        }
        boolean ok = cases[i][1].equals(got);
        failed += ok ? 0 : 1;
        System.out.println((ok ? "ok " : "not ok ") + (i + 1) + " - slugify(\"" + cases[i][0] + "\")"
            + (ok ? "" : " expected \"" + cases[i][1] + "\" got \"" + got + "\""));
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
