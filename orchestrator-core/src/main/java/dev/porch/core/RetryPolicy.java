package dev.porch.core;

import dev.porch.core.port.AgentOutcome;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * When and how soon a failed agent is started again. By default only rate-limited failures are
 * retried, up to 3 attempts in all, after 30 s, then 60 s, ... at most 10 minutes, each delay
 * lengthened by a random 0-20 %.
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.defaults().withMaxAttempts(5).withRetryOn(RetryPolicy.RetryOn.ANY_FAILURE);
 * Duration d = p.delayBefore(2, 0.0);   // 30 s
 * }</pre>
 */
@Value.Immutable
public abstract class RetryPolicy {
  RetryPolicy() {}

  /** Which failures are retried. */
  public enum RetryOn {
    /** Only failures the launcher recognised as rate limits. */
    RATE_LIMITED,
    /** Any failure except a cancellation. */
    ANY_FAILURE
  }

  /** Attempts in all, the first included; 1 means never retry. Default 3. */
  @Value.Default
  public int maxAttempts() {
    return 3;
  }

  /** Delay before the second attempt. Default 30 s. */
  @Value.Default
  public Duration initialBackoff() {
    return Duration.ofSeconds(30);
  }

  /** Each further delay is the previous one times this. Default 2. */
  @Value.Default
  public double factor() {
    return 2.0;
  }

  /** The longest delay, before jitter. Default 10 minutes. */
  @Value.Default
  public Duration maxBackoff() {
    return Duration.ofMinutes(10);
  }

  /** Each delay is lengthened by a random fraction from 0 to this. Default 0.2. */
  @Value.Default
  public double jitter() {
    return 0.2;
  }

  /** Which failures are retried. Default {@link RetryOn#RATE_LIMITED}. */
  @Value.Default
  public RetryOn retryOn() {
    return RetryOn.RATE_LIMITED;
  }

  @Value.Check
  protected void check() {
    if (maxAttempts() < 1) {
      throw new IllegalArgumentException("maxAttempts must be 1 or more, got " + maxAttempts());
    }
    if (initialBackoff().isNegative() || maxBackoff().isNegative()) {
      throw new IllegalArgumentException("backoff delays cannot be negative");
    }
    if (factor() < 1.0) {
      throw new IllegalArgumentException("factor must be 1 or more, got " + factor());
    }
    if (jitter() < 0 || jitter() > 1) {
      throw new IllegalArgumentException("jitter must be from 0 to 1, got " + jitter());
    }
  }

  /** The default policy. */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  /** A policy that never retries. */
  public static RetryPolicy never() {
    return defaults().withMaxAttempts(1);
  }

  /**
   * The delay before {@code attempt}.
   *
   * @param attempt the attempt about to start, 2 or more
   * @param random a number from 0 (inclusive) to 1 (exclusive) that picks the jitter
   * @return {@code min(initial * factor^(attempt-2), max) * (1 + jitter * random)}
   * @throws IllegalArgumentException if {@code attempt < 2} or {@code random} is outside [0, 1)
   */
  public Duration delayBefore(int attempt, double random) {
    if (attempt < 2) {
      throw new IllegalArgumentException("the first retry is attempt 2, got " + attempt);
    }
    if (random < 0 || random >= 1) {
      throw new IllegalArgumentException("random must be in [0, 1), got " + random);
    }
    double millis = initialBackoff().toMillis() * Math.pow(factor(), attempt - 2);
    millis = Math.min(millis, maxBackoff().toMillis());
    return Duration.ofMillis(Math.round(millis * (1 + jitter() * random)));
  }

  /**
   * Whether a task that ended with {@code outcome} on attempt {@code attempt} gets another one.
   *
   * @param outcome how the attempt ended (a clean exit is never retried)
   * @param attempt the attempt that ended
   * @return true when the policy allows a retry
   */
  public boolean shouldRetry(AgentOutcome outcome, int attempt) {
    if (attempt >= maxAttempts() || outcome.succeeded() || outcome.kind() == AgentOutcome.Kind.CANCELLED
        || outcome.kind() == AgentOutcome.Kind.LOGIN_FAILED) {
      return false;
    }
    return outcome.rateLimited() || retryOn() == RetryOn.ANY_FAILURE;
  }

  public abstract RetryPolicy withMaxAttempts(int maxAttempts);

  public abstract RetryPolicy withInitialBackoff(Duration initialBackoff);

  public abstract RetryPolicy withFactor(double factor);

  public abstract RetryPolicy withMaxBackoff(Duration maxBackoff);

  public abstract RetryPolicy withJitter(double jitter);

  public abstract RetryPolicy withRetryOn(RetryOn retryOn);

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; each attribute may be set once. */
  public static final class Builder extends ImmutableRetryPolicy.Builder {
    Builder() {}
  }
}
