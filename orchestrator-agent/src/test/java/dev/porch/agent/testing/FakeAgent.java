package dev.porch.agent.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A scripted stand-in for a coding agent, run as a real process by tests (here and, through the
 * test-jar, in other modules). Its arguments are actions, done in order:
 *
 * <ul>
 *   <li>{@code --record FILE}: write argv, environment, cwd and all of stdin (base64) as JSON
 *   <li>{@code --args FILE}: like --record without reading stdin (for agents on an inherited terminal)
 *   <li>{@code --record-file FILE SRC}: like --record, plus the bytes of SRC (base64)
 *   <li>{@code --write PATH TEXT}: write a file (relative to the working directory)
 *   <li>{@code --commit MESSAGE}: {@code git add -A} and commit, with a fixed identity
 *   <li>{@code --status STATE SUMMARY}: write the seed's status JSON to $PORCH_STATUS_FILE (in a
 *       sandbox, to the same name under $PORCH_OUTBOX/.agent-status, as {@code porch complete} does)
 *   <li>{@code --results TEXT}: write RESULTS.md
 *   <li>{@code --print TEXT} / {@code --stderr TEXT}: print a line
 *   <li>{@code --emit FILE}: print FILE's lines to standard output, one by one, as they are
 *   <li>{@code --emit-lines FILE FROM TO}: print lines FROM (0-based) up to TO (excluded, -1 for the end)
 *   <li>{@code --sleep MILLIS}: sleep (at most 120 s)
 *   <li>{@code --spawn-tree PIDFILE MILLIS}: start a child that starts a grandchild; both sleep;
 *       their pids are written to PIDFILE (one per line) before this action ends
 *   <li>{@code --rate-limit COUNTER N}: count this run in COUNTER; the first N runs print a rate-limit
 *       message and exit 1
 *   <li>{@code --ignore-term}: ignore SIGTERM (a polite stop then has no effect)
 *   <li>{@code --flood MEGABYTES}: print that much output
 *   <li>{@code --times FILE}: write start time now and end time at exit (epoch microseconds)
 *   <li>{@code --exit-stamp FILE}: write the current epoch microseconds and halt with code 0
 *   <li>{@code --arrive DIR}: create DIR/&lt;$PORCH_TASK&gt;.arrived (tells a test this agent got here)
 *   <li>{@code --await FILE}: wait until FILE exists (checked every 10 ms, at most 120 s; then exit 3)
 *   <li>{@code --checkout BRANCH}: {@code git checkout -b BRANCH} (leaves the branch porch gave it)
 *   <li>{@code --rmtree DIR}: delete DIR and everything in it ({@code .} is its own worktree)
 *   <li>{@code --garbage-status TEXT}: overwrite $PORCH_STATUS_FILE with TEXT (not JSON)
 *   <li>{@code --session ID}: print the line a CLI prints when its session starts (Claude Code's
 *       {@code stream-json} {@code system/init} event with {@code session_id} ID)
 *   <li>{@code --resume ID MESSAGE}: print {@code resumed session ID: MESSAGE} (what a CLI resuming
 *       a session with a follow-up message is given; record the arguments with --record)
 *   <li>{@code --try-write PATH TEXT}: try to write a file; print {@code wrote PATH} or {@code refused
 *       PATH: <error>} and go on either way (for sandbox tests)
 *   <li>{@code --try-git ARG... ;}: run git with the arguments up to {@code ;}; print {@code git ok}
 *       or {@code git refused: <exit code>} (git's own errors go to the log) and go on
 *   <li>{@code --try-connect PORT}: connect to 127.0.0.1:PORT; print {@code connected PORT} or {@code
 *       refused connect PORT: <error>} and go on
 *   <li>{@code --exit CODE}: exit now with CODE
 * </ul>
 */
public final class FakeAgent {
  private static Path timesFile;

  private FakeAgent() {}

  /**
   * Jackson, loaded only by the actions that write JSON: loading its ~375 classes at start-up cost
   * every fake agent about a third of its CPU time, which the load tests (64 agents on 2 cores) pay
   * 64 times.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /**
   * The full command line that runs the fake agent with {@code args}: this JVM's java, the test
   * class path, this class. Use it as a {@code custom} profile's command.
   *
   * @param args the actions
   * @return java, options, -cp, class path, class name, args
   */
  public static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command()
        .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
        "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"), FakeAgent.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Runs the actions.
   *
   * @param args the actions
   * @throws Exception on any failure (the process then exits non-zero)
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--record" -> record(args, Path.of(args[++i]), null);
          case "--args" -> recordArgs(args, Path.of(args[++i]));
          case "--record-file" -> {
            Path file = Path.of(args[++i]);
            record(args, file, Path.of(args[++i]));
          }
          case "--write" -> {
            Path p = Path.of(args[++i]);
            if (p.getParent() != null) {
              Files.createDirectories(p.getParent());
            }
            Files.writeString(p, args[++i]);
          }
          case "--commit" -> commit(args[++i]);
          case "--status" -> status(args[++i], args[++i]);
          case "--results" -> Files.writeString(Path.of("RESULTS.md"), args[++i]);
          case "--print" -> out.println(args[++i]);
          case "--stderr" -> System.err.println(args[++i]);
          case "--emit" -> emit(out, Path.of(args[++i]), 0, -1);
          case "--emit-lines" -> emit(out, Path.of(args[++i]), Integer.parseInt(args[++i]), Integer.parseInt(args[++i]));
          case "--sleep" -> Thread.sleep(Math.min(120_000, Long.parseLong(args[++i])));
          case "--spawn-tree" -> spawnTree(Path.of(args[++i]), args[++i]);
          case "--child" -> child(Path.of(args[++i]), args[++i]);
          case "--rate-limit" -> rateLimit(out, Path.of(args[++i]), Integer.parseInt(args[++i]));
          case "--ignore-term" -> ignoreTerm();
          case "--flood" -> flood(out, Integer.parseInt(args[++i]));
          case "--times" -> {
            timesFile = Path.of(args[++i]);
            Files.writeString(timesFile, "start " + micros() + "\n");
          }
          case "--exit-stamp" -> {
            Files.writeString(Path.of(args[++i]), Long.toString(micros()));
            Runtime.getRuntime().halt(0);
          }
          case "--arrive" -> {
            Path dir = Files.createDirectories(Path.of(args[++i]));
            Files.writeString(dir.resolve(System.getenv("PORCH_TASK") + ".arrived"), "");
          }
          case "--await" -> await(Path.of(args[++i]));
          case "--checkout" -> git("checkout", "-q", "-b", args[++i]);
          case "--rmtree" -> rmtree(Path.of(args[++i]).toAbsolutePath().normalize());
          case "--garbage-status" -> Files.writeString(Path.of(System.getenv("PORCH_STATUS_FILE")), args[++i]);
          case "--session" -> out.println("{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\""
              + args[++i] + "\"}");
          case "--resume" -> {
            String id = args[++i];
            out.println("resumed session " + id + ": " + args[++i]);
          }
          case "--try-write" -> {
            Path p = Path.of(args[++i]);
            String text = args[++i];
            try {
              Files.writeString(p, text);
              out.println("wrote " + p);
            } catch (IOException e) {
              out.println("refused " + p + ": " + e);
            }
          }
          case "--try-git" -> {
            List<String> gitArgs = new ArrayList<>();
            while (!args[++i].equals(";")) {
              gitArgs.add(args[i]);
            }
            try {
              git(gitArgs.toArray(String[]::new));
              out.println("git ok");
            } catch (IOException e) {
              out.println("git refused: " + e.getMessage());
            }
          }
          case "--try-connect" -> {
            int port = Integer.parseInt(args[++i]);
            try (java.net.Socket socket = new java.net.Socket()) {
              socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
              out.println("connected " + port);
            } catch (IOException e) {
              out.println("refused connect " + port + ": " + e);
            }
          }
          case "--try-fetch" -> tryFetch(out, args[++i]);
          case "--try-tunnel" -> tryTunnel(out, args[++i]);
          case "--exit" -> finish(Integer.parseInt(args[++i]));
          default -> out.println("fake agent: ignoring " + args[i]);
        }
      }
    } catch (Exception e) {
      System.err.println("fake agent failed: " + e);
      finish(3);
    }
    finish(0);
  }

  /** An HTTP GET through {@code HTTP_PROXY}, as an agent CLI that honours the variable makes it. */
  private static void tryFetch(PrintStream out, String url) {
    try {
      java.net.URI proxy = java.net.URI.create(System.getenv("HTTP_PROXY"));
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
          .proxy(java.net.ProxySelector.of(new java.net.InetSocketAddress(proxy.getHost(), proxy.getPort())))
          .connectTimeout(java.time.Duration.ofSeconds(10)).build();
      java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
          .timeout(java.time.Duration.ofSeconds(20)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      out.println("fetched " + url + " " + r.statusCode() + " " + r.body().strip());
    } catch (Exception e) {
      out.println("fetch failed " + url + ": " + e);
    }
  }

  /** A CONNECT tunnel through {@code HTTPS_PROXY} to {@code target}, then one line each way (an echo server). */
  private static void tryTunnel(PrintStream out, String target) {
    java.net.URI proxy = java.net.URI.create(System.getenv("HTTPS_PROXY"));
    try (java.net.Socket s = new java.net.Socket(proxy.getHost(), proxy.getPort())) {
      s.setSoTimeout(20_000);
      var w = s.getOutputStream();
      w.write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      w.flush();
      var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      String status = in.readLine();
      for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {
        // the rest of the proxy's head
      }
      if (status == null || !status.contains(" 200 ")) {
        out.println("tunnel refused " + target + ": " + status);
        return;
      }
      w.write("ping\n".getBytes(StandardCharsets.US_ASCII));
      w.flush();
      out.println("tunnel " + target + " answered " + in.readLine());
    } catch (IOException e) {
      out.println("tunnel failed " + target + ": " + e);
    }
  }

  private static void finish(int code) throws IOException {
    if (timesFile != null) {
      Files.writeString(timesFile, "end " + micros() + "\n", StandardOpenOption.APPEND);
    }
    System.out.flush();
    System.exit(code);
  }

  private static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private static void recordArgs(String[] args, Path file) throws IOException {
    Files.write(file, Json.MAPPER.writeValueAsBytes(described(args)));
  }

  private static ObjectNode described(String[] args) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode argv = root.putArray("argv");
    for (String a : args) {
      argv.add(a);
    }
    ObjectNode env = root.putObject("env");
    new TreeMap<>(System.getenv()).forEach(env::put);
    root.put("cwd", Path.of("").toAbsolutePath().toString());
    return root;
  }

  private static void record(String[] args, Path file, Path extra) throws IOException {
    ObjectNode root = described(args);
    try (InputStream in = System.in) {
      root.put("stdin", Base64.getEncoder().encodeToString(in.readAllBytes()));
    }
    if (extra != null) {
      root.put("file", Base64.getEncoder().encodeToString(Files.readAllBytes(extra)));
    }
    Files.write(file, Json.MAPPER.writeValueAsBytes(root));
  }

  private static void emit(PrintStream out, Path file, int from, int to) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int end = to < 0 ? lines.size() : Math.min(to, lines.size());
    for (int i = Math.max(0, from); i < end; i++) {
      out.println(lines.get(i));
    }
    out.flush();
  }

  private static void commit(String message) throws IOException, InterruptedException {
    git("add", "-A");
    git("commit", "-q", "-m", message);
  }

  private static void git(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Fake Agent", "-c", "user.email=fake@porch.test"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed");
    }
  }

  private static void rmtree(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void await(Path file) throws IOException, InterruptedException {
    long end = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(file)) {
      if (System.nanoTime() > end) {
        finish(3);
      }
      Thread.sleep(10);
    }
  }

  private static void status(String state, String summary) throws IOException, InterruptedException {
    Path file = Path.of(System.getenv("PORCH_STATUS_FILE"));
    if (System.getenv("PORCH_OUTBOX") != null) { // sandboxed: report as porch complete does, through the outbox
      file = Path.of(System.getenv("PORCH_OUTBOX"), ".agent-status", file.getFileName().toString());
    }
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("task", System.getenv("PORCH_TASK"));
    s.put("status", state);
    s.put("started", Instant.now().toString());
    s.put("completed", Instant.now().toString());
    s.put("summary", summary);
    s.putArray("files_changed");
    s.put("branch", System.getenv("PORCH_BRANCH"));
    s.put("worktree", System.getenv("PORCH_WORKTREE"));
    Files.createDirectories(file.getParent());
    Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(s));
  }

  private static void spawnTree(Path pidFile, String millis) throws IOException, InterruptedException {
    List<String> cmd = command("--child", pidFile.toString(), millis);
    Process child = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectErrorStream(true).start();
    Files.writeString(pidFile, child.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Files.readAllLines(pidFile).size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10); // polling a file another process writes; test code only
    }
  }

  private static void child(Path pidFile, String millis) throws IOException, InterruptedException {
    Process grandchild = new ProcessBuilder(command("--sleep", millis))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    Files.writeString(pidFile, grandchild.pid() + "\n", StandardOpenOption.APPEND);
    Thread.sleep(Math.min(120_000, Long.parseLong(millis)));
  }

  private static void rateLimit(PrintStream out, Path counter, int failures) throws IOException {
    int n = Files.exists(counter) ? Integer.parseInt(Files.readString(counter).trim()) : 0;
    Files.writeString(counter, Integer.toString(n + 1));
    if (n < failures) {
      out.println("Error: 429 Too Many Requests - rate limit exceeded, retry later");
      finish(1);
    }
  }

  @SuppressWarnings("removal")
  private static void ignoreTerm() {
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> { });
  }

  private static void flood(PrintStream out, int megabytes) throws IOException {
    byte[] line = ("x".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII);
    OutputStream raw = new java.io.FileOutputStream(java.io.FileDescriptor.out);
    for (int i = 0; i < megabytes * 1024; i++) {
      raw.write(line);
    }
    raw.flush();
  }

}
