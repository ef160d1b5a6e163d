package dev.threadline.testkit.internal;

import dev.threadline.testkit.internal.JsonText.Num;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Hands out the {@code createdAt} times of items: epoch seconds with microsecond fractions, written as
 * Python prints such a float ({@code 1737331539.123456}), strictly increasing, so consecutive items never
 * share a time.
 *
 * <p>In logical mode (the default) time starts at a fixed instant and each item moves it on by its pacing
 * plus seeded jitter, so a seeded run is reproducible; in wall-clock mode it follows the real clock (for the
 * demo). Thread-safe.
 */
public final class FakeClock {
  private final LongSupplier wallMicros;
  private final SeededRandom random;
  private final FakeClock parent;
  private long lastMicros;

  private FakeClock(long startMicros, LongSupplier wallMicros, SeededRandom random, FakeClock parent) {
    this.lastMicros = startMicros;
    this.wallMicros = wallMicros;
    this.random = random;
    this.parent = parent;
  }

  /** A logical clock starting at {@code start}. */
  public static FakeClock logical(Instant start, SeededRandom random) {
    return new FakeClock(micros(start), null, random, null);
  }

  /** A clock following the system clock (still strictly increasing). */
  public static FakeClock wall(SeededRandom random) {
    return new FakeClock(micros(Instant.now()), () -> micros(Instant.now()), random, null);
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }

  /**
   * A clock for one thread: it starts at this clock's next time and moves on with jitter from
   * {@code threadRandom}; the times it hands out push this clock on, so a thread created later starts
   * after everything before it.
   */
  public FakeClock fork(SeededRandom threadRandom) {
    Num start = next(0);
    long startMicros = new BigDecimal(start.toString()).movePointRight(6).longValueExact();
    return new FakeClock(startMicros, wallMicros, threadRandom, this);
  }

  private synchronized void observe(long micros) {
    lastMicros = Math.max(lastMicros, micros);
  }

  /** The time of a new item that took {@code workMicros} of simulated work. */
  public synchronized Num next(long workMicros) {
    long jitter = 1000 + random.nextLong(40_000);
    long candidate = wallMicros != null ? wallMicros.getAsLong() : lastMicros + workMicros + jitter;
    lastMicros = Math.max(lastMicros + 1, candidate);
    if (parent != null) parent.observe(lastMicros);
    return toLiteral(lastMicros);
  }

  /** The current time without moving the clock on (for workflow {@code lastActivity} reads). */
  public synchronized Num peek() {
    return toLiteral(lastMicros);
  }

  /** The literal of {@code micros} microseconds after the epoch. */
  public static Num toLiteral(long micros) {
    return Num.pyFloat(BigDecimal.valueOf(micros, 6));
  }
}
