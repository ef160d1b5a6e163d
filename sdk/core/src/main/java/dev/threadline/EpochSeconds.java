package dev.threadline;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A point in time as the backend writes it: UTC epoch seconds with a fraction, kept exactly as the JSON
 * number it arrived as.
 *
 * <p>The backend's {@code createdAt} floats carry more digits than a {@code double} holds, and two items
 * may differ only in the last digit, so this type never rounds: {@link #toString()} gives back the exact
 * literal, and comparison is numeric and exact ({@code 1.50} equals {@code 1.5}). Instances are immutable
 * and thread-safe.
 */
public final class EpochSeconds implements Comparable<EpochSeconds> {
  private static final int MAX_EXPONENT = 400;

  private final String literal;
  // Fast path for comparisons; the exact value decides only when two doubles collide.
  private final double approximate;

  private EpochSeconds(String literal, double approximate) {
    this.literal = literal;
    this.approximate = approximate;
  }

  /**
   * Parses a JSON number literal such as {@code 1737331539.123456}.
   *
   * @throws IllegalArgumentException if {@code literal} is not a finite decimal number
   */
  public static EpochSeconds parse(String literal) {
    if (literal == null || literal.isEmpty()) {
      throw new IllegalArgumentException("not a number: " + abbreviate(String.valueOf(literal)));
    }
    checkExponent(literal);
    try {
      double approximate = Double.parseDouble(literal);
      if (Double.isNaN(approximate) || Double.isInfinite(approximate)
          || !Character.isDigit(literal.charAt(literal.length() - 1))) {
        throw new NumberFormatException();
      }
      return new EpochSeconds(literal, approximate);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + abbreviate(String.valueOf(literal)));
    }
  }

  /**
   * Refuses an exponent no float of epoch seconds has (a double's exponents lie within about ±324; beyond ±400 no
   * float means anything): the exact value of {@code 1e-99999999} would take a hundred million digits to
   * write out on every identity check.
   */
  private static void checkExponent(String literal) {
    int e = Math.max(literal.lastIndexOf('e'), literal.lastIndexOf('E'));
    if (e < 0) return;
    int digits = 0;
    int value = 0;
    for (int i = e + 1; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '+' || c == '-') continue;
      if (c == '0' && digits == 0) continue;
      if (c < '0' || c > '9' || ++digits > 4) throw outOfRange(literal);
      value = value * 10 + (c - '0');
    }
    if (value > MAX_EXPONENT) throw outOfRange(literal);
  }

  private static IllegalArgumentException outOfRange(String literal) {
    return new IllegalArgumentException("exponent out of range for epoch seconds: " + abbreviate(literal));
  }

  private static String abbreviate(String literal) {
    return literal.length() <= 40 ? literal : literal.substring(0, 40) + "…";
  }

  /** Returns the time {@code epochMillis} milliseconds after the epoch, written with millisecond digits. */
  public static EpochSeconds ofEpochMillis(long epochMillis) {
    return parse(BigDecimal.valueOf(epochMillis, 3).toPlainString());
  }

  /** Returns {@code instant} with microsecond precision, the precision the backend writes. */
  public static EpochSeconds of(Instant instant) {
    BigDecimal micros = BigDecimal.valueOf(instant.getEpochSecond())
        .add(BigDecimal.valueOf(instant.getNano() / 1000, 6));
    return parse(micros.toPlainString());
  }

  /** The exact value. */
  public BigDecimal toBigDecimal() {
    return new BigDecimal(literal);
  }

  /** The value as a {@code double}, which may round away the last digits. */
  public double toDouble() {
    return approximate;
  }

  /** The value as an {@link Instant}, truncated to nanoseconds. */
  public Instant toInstant() {
    BigDecimal exact = toBigDecimal();
    BigDecimal seconds = exact.setScale(0, java.math.RoundingMode.FLOOR);
    long nanos = exact.subtract(seconds).movePointRight(9).longValue();
    return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
  }

  @Override public int compareTo(EpochSeconds other) {
    int byDouble = Double.compare(approximate, other.approximate);
    if (byDouble != 0 || literal.equals(other.literal)) return byDouble;
    return toBigDecimal().compareTo(other.toBigDecimal());
  }

  /** Numeric equality: {@code 1.50} equals {@code 1.5}. */
  @Override public boolean equals(@Nullable Object o) {
    return o instanceof EpochSeconds && compareTo((EpochSeconds) o) == 0;
  }

  @Override public int hashCode() {
    BigDecimal exact = toBigDecimal();
    return exact.signum() == 0 ? 0 : exact.stripTrailingZeros().hashCode();
  }

  /** The exact JSON literal this value was read from. */
  @Override public String toString() {
    return literal;
  }
}
