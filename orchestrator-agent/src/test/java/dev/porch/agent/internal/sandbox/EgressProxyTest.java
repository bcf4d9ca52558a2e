package dev.porch.agent.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict sandbox's proxy over a real unix socket, without bwrap (SandboxTest runs it with bwrap). */
class EgressProxyTest {
  @TempDir Path dir;

  @Test
  void permits_exactHostsAndSubdomainWildcards_onTheirPortOnly() {
    List<String> allowed = List.of("api.anthropic.com:443", "*.googleapis.com:443", "127.0.0.1:8080", "[::1]:9000");

    assertThat(EgressProxy.permits(allowed, "api.anthropic.com:443")).isTrue();
    assertThat(EgressProxy.permits(allowed, "API.Anthropic.COM:443")).isTrue();
    assertThat(EgressProxy.permits(allowed, "generativelanguage.googleapis.com:443")).isTrue();
    assertThat(EgressProxy.permits(allowed, "127.0.0.1:8080")).isTrue();
    assertThat(EgressProxy.permits(allowed, "[::1]:9000")).isTrue();

    assertThat(EgressProxy.permits(allowed, "api.anthropic.com:80")).isFalse();
    assertThat(EgressProxy.permits(allowed, "evil.api.anthropic.com:443")).isFalse();
    assertThat(EgressProxy.permits(allowed, "googleapis.com:443")).as("the wildcard needs a subdomain").isFalse();
    assertThat(EgressProxy.permits(allowed, "evilgoogleapis.com:443")).isFalse();
    assertThat(EgressProxy.permits(allowed, "127.0.0.1:8081")).isFalse();
    assertThat(EgressProxy.permits(allowed, "api.anthropic.com")).isFalse();
    assertThat(EgressProxy.permits(allowed, "user@api.anthropic.com:443")).isFalse();
  }

  @Test
  void start_refusesAnEntryThatIsNotHostColonPort() {
    assertThatThrownBy(() -> EgressProxy.start(dir.resolve("s"), List.of("api.anthropic.com")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'api.anthropic.com' is not host:port");
  }

  @Test
  void connect_toAnAllowedTarget_isATunnel_andAnyOtherIs403WithTheReason() throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        EgressProxy proxy = EgressProxy.start(dir.resolve("s"), List.of("127.0.0.1:" + echo.getLocalPort()))) {
      CompletableFuture<String> heard = CompletableFuture.supplyAsync(() -> {
        try (Socket s = echo.accept()) {
          String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
          s.getOutputStream().write(("pong " + line + "\n").getBytes(StandardCharsets.US_ASCII));
          return line;
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });

      String tunnel = exchange(proxy.socket(), "CONNECT 127.0.0.1:" + echo.getLocalPort() + " HTTP/1.1\r\n\r\nping\n");
      assertThat(tunnel).startsWith("HTTP/1.1 200 Connection established\r\n\r\n").endsWith("pong ping\n");
      assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo("ping");

      String refused = exchange(proxy.socket(), "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n");
      assertThat(refused).startsWith("HTTP/1.1 403 Forbidden\r\n")
          .contains("\r\nX-Porch-Sandbox: porch sandbox: refused a connection to evil.example:443, which is not in")
          .endsWith("network allow-list (docs/sandbox.md)\n");
      assertThat(proxy.refused()).containsExactly("evil.example:443");
    }
  }

  @Test
  void absoluteForm_isForwardedInOriginForm_oneRequestPerConnection() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    Map<String, String> seen = new HashMap<>();
    server.createContext("/", ex -> {
      seen.put("uri", ex.getRequestURI().toString());
      seen.put("host", ex.getRequestHeaders().getFirst("Host"));
      seen.put("connection", ex.getRequestHeaders().getFirst("Connection"));
      seen.put("proxy", String.valueOf(ex.getRequestHeaders().getFirst("Proxy-Authorization")));
      byte[] b = "ok".getBytes(StandardCharsets.US_ASCII);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    int port = server.getAddress().getPort();
    try (EgressProxy proxy = EgressProxy.start(dir.resolve("s"), List.of("127.0.0.1:" + port))) {
      String answer = exchange(proxy.socket(), "GET http://127.0.0.1:" + port + "/v1/models?x=1 HTTP/1.1\r\n"
          + "Host: 127.0.0.1:" + port + "\r\nProxy-Authorization: Basic c2VjcmV0\r\nProxy-Connection: keep-alive\r\n\r\n");

      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("ok");
      assertThat(seen).containsEntry("uri", "/v1/models?x=1").containsEntry("host", "127.0.0.1:" + port)
          .containsEntry("connection", "close").containsEntry("proxy", "null");

      assertThat(exchange(proxy.socket(), "GET https://127.0.0.1:" + port + "/ HTTP/1.1\r\n\r\n"))
          .startsWith("HTTP/1.1 400").contains("takes CONNECT or http:// requests");
      assertThat(exchange(proxy.socket(), "nonsense\r\n\r\n")).startsWith("HTTP/1.1 400");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void close_removesTheSocket() throws Exception {
    Path socket = dir.resolve("s");
    EgressProxy proxy = EgressProxy.start(socket, List.of("example.org:443"));
    assertThat(socket).exists();

    proxy.close();

    assertThat(socket).doesNotExist();
  }

  @Test
  void bridge_pointsEveryProxyVariableAtItself_andDropsNoProxy() {
    Map<String, String> env = new HashMap<>(Map.of("NO_PROXY", "localhost", "no_proxy", "127.0.0.1", "PATH", "/bin"));

    NetBridge.environment(env, 4711);

    assertThat(env).containsEntry("HTTPS_PROXY", "http://127.0.0.1:4711").containsEntry("http_proxy", "http://127.0.0.1:4711")
        .containsEntry("ALL_PROXY", "http://127.0.0.1:4711").containsEntry("PATH", "/bin")
        .doesNotContainKeys("NO_PROXY", "no_proxy");
  }

  /** Sends {@code request} to the proxy, ends the output, and reads everything back. */
  private static String exchange(Path socket, String request) throws IOException {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket));
      c.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      if (!request.startsWith("CONNECT 127")) {
        c.shutdownOutput();
      }
      return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
