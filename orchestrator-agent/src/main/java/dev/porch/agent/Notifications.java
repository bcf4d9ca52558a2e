package dev.porch.agent;

import dev.porch.agent.internal.notify.Delivery;
import dev.porch.agent.internal.notify.NotifyEvent;
import dev.porch.core.event.EventListener;
import dev.porch.core.event.OrchestrationEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the user when a task reaches a final state, when one is BLOCKED (needs input) and when a
 * run's pattern decided: a desktop notification where the OS has a standard tool ({@code
 * notify-send} on Linux, {@code osascript} on macOS, a PowerShell toast on Windows), a command of the
 * user's (an argument list, started without a shell, the event as JSON on its standard input), and a
 * webhook (an HTTP POST of the same JSON, with a timeout). Every channel is tried; if any fails, the
 * listener throws once after trying all, which the engine reports as a {@link
 * OrchestrationEvent.Problem}: a notification never fails a run.
 *
 * <p>Thread-safe; the engine calls it on a lane of its own, and each channel is bounded by its
 * timeout (so a dead webhook delays this listener's later notifications by at most that long, never
 * the agents or the other listeners).
 *
 * <pre>{@code
 * EventListener notify = Notifications.builder(repo)
 *     .desktop(true)
 *     .command(List.of("/usr/local/bin/my-notifier", "--porch"))
 *     .webhook(URI.create("https://hooks.example/porch"), Duration.ofSeconds(5))
 *     .build();
 * Orchestrator.builder()...listener(notify).build();
 * }</pre>
 */
public final class Notifications implements EventListener {
  /** What a notification is sent for. */
  public enum On {
    /** a task became COMPLETE or FAILED */
    FINAL,
    /** a task became BLOCKED: its agent needs input */
    BLOCKED,
    /** a run's pattern decided what to merge */
    DECISION;

    /** {@code final}, {@code blocked}, {@code decision}: the words {@code .porch.json} uses. */
    public static On parse(String word) {
      return On.valueOf(Objects.requireNonNull(word, "word").toUpperCase(Locale.ROOT));
    }
  }

  private final Path repository;
  private final Set<On> on;
  private final Delivery delivery;

  private Notifications(Builder b) {
    this.repository = b.repository;
    this.on = b.on == null ? EnumSet.allOf(On.class) : EnumSet.copyOf(b.on);
    this.delivery = new Delivery(b.desktop, b.command, b.webhook, b.webhookTimeout, b.commandTimeout, b.env);
  }

  /**
   * A builder for the repository at {@code repository} (named in every notification).
   *
   * @param repository the repository's main worktree
   * @return a builder with no channel on
   */
  public static Builder builder(Path repository) {
    return new Builder(repository);
  }

  /**
   * Sends a notification for {@code event} when it is one of the kinds asked for; ignores the rest.
   *
   * @throws dev.porch.core.error.PorchException if a channel failed (after all were tried), naming each
   */
  @Override
  public void onEvent(OrchestrationEvent event) {
    Optional<NotifyEvent> n = NotifyEvent.of(event, repository);
    if (n.isPresent() && on.contains(On.parse(n.get().kind()))) {
      delivery.send(n.get());
    }
  }

  /**
   * Sends a notification for a state an agent reported by itself ({@code porch complete}, {@code
   * porch block}) outside a run, as {@link #onEvent} would for the engine's event.
   *
   * @throws dev.porch.core.error.PorchException if a channel failed, naming each
   */
  public void stateReported(OrchestrationEvent.StateChanged event) {
    onEvent(event);
  }

  /**
   * Options for {@link Notifications}. Each setter may be called once; nothing is on by default. Not
   * thread-safe.
   */
  public static final class Builder {
    private final Path repository;
    private boolean desktop;
    private boolean desktopSet;
    private List<String> command;
    private URI webhook;
    private Duration webhookTimeout = Duration.ofSeconds(5);
    private Duration commandTimeout = Duration.ofSeconds(30);
    private Set<On> on;
    private Map<String, String> env = Map.of();

    private Builder(Path repository) {
      this.repository = Objects.requireNonNull(repository, "repository");
    }

    /**
     * Whether to show a desktop notification (default false). Where the OS has no such tool (a
     * server without {@code notify-send}), nothing is shown and nothing fails.
     *
     * @throws IllegalStateException if already set
     */
    public Builder desktop(boolean on) {
      if (desktopSet) {
        throw new IllegalStateException("desktop was already set");
      }
      desktopSet = true;
      this.desktop = on;
      return this;
    }

    /**
     * A command to run for each notification: started without a shell, the event as JSON on its
     * standard input, stopped after {@code timeout} (default 30 s when null).
     *
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if empty or the program is blank
     */
    public Builder command(List<String> argv, Duration timeout) {
      if (command != null) {
        throw new IllegalStateException("command was already set");
      }
      if (argv.isEmpty() || argv.get(0).isBlank()) {
        throw new IllegalArgumentException("the notify command needs a program, got " + argv);
      }
      this.command = List.copyOf(argv);
      if (timeout != null) {
        this.commandTimeout = positive(timeout);
      }
      return this;
    }

    /**
     * A URL to POST each notification to as JSON ({@code Content-Type: application/json}), given up
     * after {@code timeout} (default 5 s when null).
     *
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if the URL is not http or https
     */
    public Builder webhook(URI url, Duration timeout) {
      if (webhook != null) {
        throw new IllegalStateException("webhook was already set");
      }
      String scheme = Objects.requireNonNull(url, "url").getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || url.getHost() == null) {
        throw new IllegalArgumentException("a webhook is an http:// or https:// URL, got " + url);
      }
      this.webhook = url;
      if (timeout != null) {
        this.webhookTimeout = positive(timeout);
      }
      return this;
    }

    /**
     * Which events to notify on (default all three).
     *
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if empty
     */
    public Builder on(Set<On> kinds) {
      if (on != null) {
        throw new IllegalStateException("on was already set");
      }
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("notify on at least one of final, blocked, decision");
      }
      this.on = EnumSet.copyOf(kinds);
      return this;
    }

    /**
     * The environment the command and desktop tools start with (default: porch's own), e.g. for tests.
     *
     * @throws IllegalStateException if already set
     */
    public Builder environment(Map<String, String> env) {
      if (!this.env.isEmpty()) {
        throw new IllegalStateException("environment was already set");
      }
      this.env = Map.copyOf(env);
      return this;
    }

    /** The listener. */
    public Notifications build() {
      return new Notifications(this);
    }

    private static Duration positive(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("a timeout must be positive, got " + d);
      }
      return d;
    }
  }

  /** The channels that are on, for {@code porch doctor} and tests: {@code desktop}, {@code command}, {@code webhook}. */
  public List<String> channels() {
    List<String> out = new ArrayList<>();
    delivery.channels(out);
    return out;
  }
}
