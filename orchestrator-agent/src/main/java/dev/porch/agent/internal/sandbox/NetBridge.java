package dev.porch.agent.internal.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The inside half of a strict sandbox's network allow-list on Linux, run by bwrap in front of the
 * agent: listens on the sandbox's own {@code 127.0.0.1} (its network namespace has nothing else),
 * carries each connection to {@link EgressProxy}'s unix socket outside, and runs the agent with
 * {@code HTTPS_PROXY}, {@code HTTP_PROXY} (both spellings) and {@code ALL_PROXY} pointing at itself.
 * The agent's output and exit code are its own; a refusal by the proxy is also written to standard
 * error (the agent's log) as one {@code porch sandbox: refused ...} line.
 *
 * <p>A JVM of its own (JDK classes only), started from porch's own class path: {@code java -cp
 * <porch> dev.porch.agent.internal.sandbox.NetBridge <socket> <worktree> -- <agent command>}.
 */
public final class NetBridge {
  private NetBridge() {}

  /** Variables pointed at the bridge; the {@code NO_PROXY} spellings are removed. */
  static final List<String> PROXY_VARIABLES = List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
      "ALL_PROXY", "all_proxy");

  /**
   * Runs the bridge and the agent; exits with the agent's exit code.
   *
   * @param args the proxy's socket, the agent's working folder, {@code --}, the agent's command
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 4 || !args[2].equals("--")) {
      System.err.println("porch sandbox: usage: NetBridge <socket> <workdir> -- <command...>");
      System.exit(2);
    }
    java.io.PrintStream log = System.err; // the agent's log: bwrap's standard error
    Path socket = Path.of(args[0]);
    ServerSocketChannel listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
    Thread accept = new Thread(() -> acceptAll(listener, socket, log), "porch-bridge");
    accept.setDaemon(true);
    accept.start();

    ProcessBuilder pb = new ProcessBuilder(Arrays.asList(args).subList(3, args.length))
        .directory(Path.of(args[1]).toFile()).inheritIO();
    environment(pb.environment(), port);
    Process agent;
    try {
      agent = pb.start();
    } catch (IOException e) {
      System.err.println("porch sandbox: cannot start the agent: " + e.getMessage());
      System.exit(127);
      return;
    }
    int code = agent.waitFor();
    // closed first: with a thread blocked in accept(), the JVM's exit takes ~320 ms longer (measured)
    listener.close();
    System.exit(code);
  }

  /** Points the proxy variables at {@code port} on the sandbox's loopback. */
  static void environment(Map<String, String> env, int port) {
    String url = "http://127.0.0.1:" + port;
    PROXY_VARIABLES.forEach(v -> env.put(v, url));
    env.remove("NO_PROXY");
    env.remove("no_proxy");
    env.put("NODE_USE_ENV_PROXY", "1"); // Node's own fetch honours the variables only with this (Node 24+)
  }

  private static void acceptAll(ServerSocketChannel listener, Path socket, java.io.PrintStream log) {
    while (true) {
      SocketChannel client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      Thread t = new Thread(() -> carry(client, socket, log), "porch-bridge-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void carry(SocketChannel client, Path socket, java.io.PrintStream log) {
    try (client; SocketChannel proxy = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      try {
        proxy.connect(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        log.println("porch sandbox: the network proxy is gone (" + e.getMessage() + "); no connection");
        return;
      }
      Thread out = new Thread(() -> EgressProxy.pump(client, proxy), "porch-bridge-out");
      out.setDaemon(true);
      out.start();
      back(proxy, client, log);
      out.join();
    } catch (IOException | InterruptedException e) {
      // either side went away
    }
  }

  /** The proxy's answer back to the agent; a refusal's line goes to standard error too. */
  private static void back(SocketChannel proxy, SocketChannel client, java.io.PrintStream log) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16 * 1024);
    int n = proxy.read(b);
    if (n < 0) {
      client.shutdownOutput();
      return;
    }
    String first = new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
    int header = first.indexOf("\r\n" + EgressProxy.REFUSAL_HEADER + ": ");
    int headEnd = first.indexOf("\r\n\r\n");
    if (header >= 0 && (headEnd < 0 || header < headEnd)) {
      int from = header + EgressProxy.REFUSAL_HEADER.length() + 4;
      int to = first.indexOf("\r\n", from);
      log.println(first.substring(from, to < 0 ? first.length() : to));
    }
    b.flip();
    EgressProxy.writeAll(client, b);
    EgressProxy.pump(proxy, client);
  }
}
