package dev.porch.reliability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The most intervals that overlap at one instant, by a sweep over their ends. */
final class Overlap {
  private Overlap() {}

  /** A half-open interval [start, end) in any unit. */
  record Interval(long start, long end) {
    Interval {
      if (end < start) {
        throw new IllegalArgumentException("interval ends before it starts: " + start + " > " + end);
      }
    }
  }

  /**
   * The largest number of intervals that contain one instant. An interval ending exactly when another
   * starts does not overlap it.
   */
  static int max(Collection<Interval> intervals) {
    List<long[]> points = new ArrayList<>();
    for (Interval i : intervals) {
      points.add(new long[] {i.start(), +1});
      points.add(new long[] {i.end(), -1});
    }
    // At equal times the end comes first.
    points.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (long[] p : points) {
      now += (int) p[1];
      max = Math.max(max, now);
    }
    return max;
  }
}
