package dev.porch.mcp;

import dev.porch.mcp.internal.Server;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * porch's MCP server over stdio, built on the official MCP Java SDK: the tools {@code spawn},
 * {@code launch}, {@code status}, {@code wait}, {@code conflicts}, {@code sync}, {@code cleanup},
 * {@code tell}, {@code diff}, {@code compare}, {@code pick} and one per pattern ({@code compete},
 * {@code divide}, {@code test_first}, {@code explore}, {@code safety_net}); the resources {@code porch://status}, {@code porch://status/<task>},
 * {@code porch://logs/<task>} and {@code porch://runs/<id>}, with update notifications for
 * subscribers. See {@code docs/mcp.md}.
 *
 * <p>{@link #serve} blocks the calling thread until the client closes the server's input, then
 * until the runs it started have ended (the server is their supervisor, as {@code porch launch}'s
 * background process is). Tool calls run on the SDK's threads; standard output carries only the
 * protocol.
 *
 * <pre>{@code
 * PorchMcpServer.builder(host).version("0.1.0").build().serve(System.in, System.out);
 * }</pre>
 */
public final class PorchMcpServer {
  private final PorchHost host;
  private final String version;

  private PorchMcpServer(PorchHost host, String version) {
    this.host = host;
    this.version = version;
  }

  /**
   * A builder for a server over {@code host}.
   *
   * @throws NullPointerException if {@code host} is null
   */
  public static Builder builder(PorchHost host) {
    return new Builder(Objects.requireNonNull(host, "host"));
  }

  /**
   * Serves one client over {@code in} and {@code out} (newline-delimited JSON-RPC, the MCP stdio
   * transport) until it closes {@code in} and the runs it started have ended.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public void serve(InputStream in, OutputStream out) throws InterruptedException {
    new Server(host, version).serve(Objects.requireNonNull(in, "in"), Objects.requireNonNull(out, "out"));
  }

  /** Builds a {@link PorchMcpServer}; each setter may be called once. */
  public static final class Builder {
    private final PorchHost host;
    private String version;

    private Builder(PorchHost host) {
      this.host = host;
    }

    /**
     * The version the server reports to clients. Default: {@code dev}.
     *
     * @throws NullPointerException if null
     * @throws IllegalStateException if already set
     */
    public Builder version(String version) {
      Objects.requireNonNull(version, "version");
      if (this.version != null) {
        throw new IllegalStateException("version was already set");
      }
      this.version = version;
      return this;
    }

    /** Builds the server. */
    public PorchMcpServer build() {
      return new PorchMcpServer(host, version == null ? "dev" : version);
    }
  }
}
