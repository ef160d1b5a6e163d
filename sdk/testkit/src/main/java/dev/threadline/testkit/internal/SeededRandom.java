package dev.threadline.testkit.internal;

import java.util.Random;
import java.util.UUID;

/**
 * The server's one source of randomness: ids, timing jitter and random fault positions all come from it,
 * so the same seed and the same sequence of requests give the same run. Thread-safe.
 */
public final class SeededRandom {
  private final long seed;
  private final Random random;

  /** A source seeded with {@code seed}. */
  public SeededRandom(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /** An independent source whose seed is derived from this one's seed and {@code key}. */
  public SeededRandom fork(String key) {
    long mixed = seed * 0x9E3779B97F4A7C15L + key.hashCode();
    return new SeededRandom(mixed ^ (mixed >>> 31));
  }

  /** A version-4 style UUID from the seeded stream. */
  public synchronized UUID uuid() {
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least);
  }

  /** A value in [0, bound). */
  public synchronized long nextLong(long bound) {
    if (bound <= 0) return 0;
    return (long) (random.nextDouble() * bound);
  }

  /** A value in [low, high]. */
  public synchronized int between(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }
}
