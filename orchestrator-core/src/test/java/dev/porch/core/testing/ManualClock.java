package dev.porch.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that only moves when told to. Thread-safe. */
public final class ManualClock extends Clock {
  private volatile Instant now;

  public ManualClock(Instant start) {
    this.now = start;
  }

  /** A clock at 2026-01-30T10:30:00Z, the seed's example time. */
  public static ManualClock atSeedTime() {
    return new ManualClock(Instant.parse("2026-01-30T10:30:00Z"));
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves forward by {@code d}. */
  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a clock does not go back: " + d);
    }
    now = now.plus(d);
  }

  /** Moves to {@code t}, if later than now. */
  public synchronized void moveTo(Instant t) {
    if (t.isAfter(now)) {
      now = t;
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("ManualClock is UTC only");
  }
}
