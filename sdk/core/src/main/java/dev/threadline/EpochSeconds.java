package dev.threadline;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
  // A plain decimal of up to 18 digits fits a long.
  private static final int MAX_COMPACT_DIGITS = 18;
  // Doubles that are exactly integers: a mantissa below 2^53, and the powers of ten up to 10^22.
  private static final long MAX_EXACT_MANTISSA = 1L << 53;
  private static final double[] EXACT_POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  // Every item holds one: a plain decimal literal such as 1737331539.012349 is held as its digits and scale
  // (unscaled 1737331539012349, scale 6), from which the literal is written again; any other spelling
  // (an exponent, a leading zero, -0) is held as its text.
  private final long unscaled;
  private final int scale;
  private final @Nullable String literal;
  // Fast path for comparisons; the exact value decides only when two doubles collide.
  private final double approximate;

  private EpochSeconds(long unscaled, int scale, @Nullable String literal, double approximate) {
    this.unscaled = unscaled;
    this.scale = scale;
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
    EpochSeconds plain = plainDecimal(literal);
    if (plain != null) return plain;
    checkExponent(literal);
    try {
      // -0 is the number 0, as every other spelling of zero: it must not compare below 0.
      double approximate = Double.parseDouble(literal) + 0.0;
      if (Double.isNaN(approximate) || Double.isInfinite(approximate)
          || !Character.isDigit(literal.charAt(literal.length() - 1))) {
        throw new NumberFormatException();
      }
      return compact(literal, approximate);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + abbreviate(String.valueOf(literal)));
    }
  }

  /**
   * The value of {@code literal} if it is a decimal in the one spelling {@link #toString()} writes back (the
   * backend's: {@code -?(0|[1-9]\d*)(\.\d+)?}, at most 18 digits, not a negative zero), read in one pass;
   * null for any other literal. Its double is the one {@link Double#parseDouble} gives: a mantissa below 2^53
   * and a power of ten up to 10^22 are exact doubles, so their quotient is rounded once, correctly, as
   * {@code parseDouble} rounds; beyond them the general parser decides.
   */
  private static @Nullable EpochSeconds plainDecimal(String literal) {
    int length = literal.length();
    boolean negative = literal.charAt(0) == '-';
    int start = negative ? 1 : 0;
    if (start == length || (literal.charAt(start) == '0' && start + 1 < length && literal.charAt(start + 1) != '.')) {
      return null;
    }
    long digits = 0;
    int count = 0;
    int dot = -1;
    for (int i = start; i < length; i++) {
      char c = literal.charAt(i);
      if (c == '.' && dot < 0 && i > start && i + 1 < length) {
        dot = i;
      } else if (c >= '0' && c <= '9' && ++count <= MAX_COMPACT_DIGITS) {
        digits = digits * 10 + (c - '0');
      } else {
        return null;
      }
    }
    if (negative && digits == 0) return null;
    int scale = dot < 0 ? 0 : length - dot - 1;
    double approximate = digits < MAX_EXACT_MANTISSA && scale < EXACT_POWERS_OF_TEN.length
        ? digits / EXACT_POWERS_OF_TEN[scale] : Double.parseDouble(literal);
    return new EpochSeconds(negative ? -digits : digits, scale, null, negative ? -approximate : approximate);
  }

  /** The value of {@code literal}, held as digits and scale if that writes {@code literal} again. */
  private static EpochSeconds compact(String literal, double approximate) {
    boolean negative = literal.charAt(0) == '-';
    long digits = 0;
    int count = 0;
    int scale = -1;
    for (int i = negative ? 1 : 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '.' && scale < 0) {
        scale = 0;
      } else if (c >= '0' && c <= '9' && ++count <= MAX_COMPACT_DIGITS) {
        digits = digits * 10 + (c - '0');
        if (scale >= 0) scale++;
      } else {
        return new EpochSeconds(0, 0, literal, approximate);
      }
    }
    EpochSeconds value = new EpochSeconds(negative ? -digits : digits, Math.max(scale, 0), null, approximate);
    return value.toString().equals(literal) ? value : new EpochSeconds(0, 0, literal, approximate);
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
    // The value parse() gives for the plain decimal (epochMillis digits, scale 3), made without writing and
    // reading that text: a pending echo and a new thread's placeholder each take a timestamp on the way to
    // the screen. Beyond 2^53 the double needs the general parser.
    if (epochMillis > -MAX_EXACT_MANTISSA && epochMillis < MAX_EXACT_MANTISSA) {
      return new EpochSeconds(epochMillis, 3, null, epochMillis / EXACT_POWERS_OF_TEN[3]);
    }
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
    return literal == null ? BigDecimal.valueOf(unscaled, scale) : new BigDecimal(literal);
  }

  /** The value as a {@code double}, which may round away the last digits. */
  public double toDouble() {
    return approximate;
  }

  /** The value as an {@link Instant}, truncated to nanoseconds. */
  public Instant toInstant() {
    BigDecimal exact = toBigDecimal();
    BigDecimal seconds = exact.setScale(0, RoundingMode.FLOOR);
    long nanos = exact.subtract(seconds).movePointRight(9).longValue();
    return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
  }

  @Override public int compareTo(EpochSeconds other) {
    int byDouble = Double.compare(approximate, other.approximate);
    if (byDouble != 0) return byDouble;
    if (literal == null && other.literal == null && scale == other.scale) return Long.compare(unscaled, other.unscaled);
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
    if (literal != null) return literal;
    String digits = Long.toString(Math.abs(unscaled));
    if (scale == 0) return unscaled < 0 ? "-" + digits : digits;
    StringBuilder text = new StringBuilder(digits.length() + 3);
    if (unscaled < 0) text.append('-');
    for (int pad = scale + 1 - digits.length(); pad > 0; pad--) text.append('0');
    text.append(digits);
    return text.insert(text.length() - scale, '.').toString();
  }
}
