package dev.porch.web;

import dev.porch.core.port.StatusStore;
import dev.porch.core.review.Review;
import dev.porch.web.internal.DashboardReview;
import dev.porch.web.internal.DashboardServer;
import dev.porch.web.internal.ReviewPages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The local web dashboard of one repository: its runs and tasks, live, a page per task (log, diff,
 * tests, RESULTS.md), a comparison of attempts, and actions (pick, cancel, follow-up, cleanup)
 * carried out by the {@link DashboardActions} it is given. Diffs and the comparison come from
 * core's {@link Review}, the library behind {@code porch diff} and {@code porch compare}.
 *
 * <p><b>Safety.</b> It listens on 127.0.0.1 only. Every page and the event stream need the random
 * token that {@link #url()} carries; every action is a POST with that token in a header; a Host
 * header that is not this server's and an Origin that is not this server's are refused. A refused
 * request gets HTTP 403 and changes nothing. Pages load nothing from the network: the script and
 * stylesheet are served from this jar, and the Content-Security-Policy forbids everything else.
 *
 * <p><b>Threads.</b> {@link Builder#start()} returns once the server listens; requests are served
 * by a few daemon threads, files are followed by one more; {@link #close()} stops them all.
 *
 * <pre>{@code
 * try (Dashboard d = Dashboard.builder(repo).statusStore(StatusFiles.open(repo))
 *     .review(Review.builder().workspaces(git).statusStore(StatusFiles.open(repo)).build()).start()) {
 *   System.err.println("open " + d.url());
 *   ...
 * }
 * }</pre>
 */
public final class Dashboard implements AutoCloseable {
  private final DashboardServer server;

  private Dashboard(DashboardServer server) {
    this.server = server;
  }

  /**
   * A builder for the dashboard of the repository at {@code repoRoot}.
   *
   * @param repoRoot the repository's main worktree
   * @return the builder
   * @throws NullPointerException if {@code repoRoot} is null
   */
  public static Builder builder(Path repoRoot) {
    return new Builder(Objects.requireNonNull(repoRoot, "repoRoot"));
  }

  /** The address to open, token included: {@code http://127.0.0.1:PORT/?token=...}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.port() + "/?token=" + server.token());
  }

  /** The port it listens on. */
  public int port() {
    return server.port();
  }

  /** Closes every stream and stops the server and its threads. */
  @Override
  public void close() {
    server.close();
  }

  /** Builds and starts a {@link Dashboard}; each setter may be called once. */
  public static final class Builder {
    private final Path root;
    private StatusStore store;
    private DashboardActions actions;
    private DashboardReview review;
    private Integer port;
    private Clock clock;

    private Builder(Path root) {
      this.root = root;
    }

    /**
     * Where the statuses are read and watched (required).
     *
     * @param store the status store
     * @return this builder
     * @throws NullPointerException if {@code store} is null
     * @throws IllegalStateException if already set
     */
    public Builder statusStore(StatusStore store) {
      once(this.store, "statusStore");
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * What carries out actions (default: {@link DashboardActions#readOnly()}).
     *
     * @param actions the actions
     * @return this builder
     * @throws NullPointerException if {@code actions} is null
     * @throws IllegalStateException if already set
     */
    public Builder actions(DashboardActions actions) {
      once(this.actions, "actions");
      this.actions = Objects.requireNonNull(actions, "actions");
      return this;
    }

    /**
     * Where diffs and comparisons come from (default: none; the task pages show no diff and the
     * comparison is empty).
     *
     * @param review core's review library, over the same repository
     * @return this builder
     * @throws NullPointerException if {@code review} is null
     * @throws IllegalStateException if already set
     */
    public Builder review(Review review) {
      once(this.review, "review");
      this.review = new ReviewPages(Objects.requireNonNull(review, "review"));
      return this;
    }

    /**
     * The port on 127.0.0.1 (default 0: a free one).
     *
     * @param port 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder port(int port) {
      once(this.port, "port");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 (a free one) to 65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The clock that says "now" to the pages (default: the system's, UTC).
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock clock) {
      once(this.clock, "clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Binds the port and starts serving.
     *
     * @return the running dashboard; close it to stop
     * @throws IllegalStateException if no status store was set
     * @throws UncheckedIOException if the port cannot be bound (in use, not allowed)
     */
    public Dashboard start() {
      if (store == null) {
        throw new IllegalStateException("Dashboard needs a statusStore");
      }
      try {
        return new Dashboard(new DashboardServer(root, port == null ? 0 : port, store,
            actions == null ? DashboardActions.readOnly() : actions, review == null ? DashboardReview.none() : review,
            clock == null ? Clock.systemUTC() : clock));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot serve the dashboard on 127.0.0.1:" + (port == null ? 0 : port)
            + ": " + e.getMessage(), e);
      }
    }

    private static void once(Object current, String what) {
      if (current != null) {
        throw new IllegalStateException(what + " was already set");
      }
    }
  }
}
