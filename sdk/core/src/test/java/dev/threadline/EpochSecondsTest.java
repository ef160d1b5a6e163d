package dev.threadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EpochSeconds} reads every spelling of a number to the same value: its exact literal back, the
 * double {@link Double#parseDouble} gives, and comparisons that agree with {@link BigDecimal}'s.
 */
class EpochSecondsTest {
  /** Literals as the backend writes them, the other spellings JSON allows, and a few it does not. */
  private static List<String> literals() {
    List<String> literals = new ArrayList<>(List.of("0", "0.0", "0.000", "-0", "-0.0", "5", "-5", "0.5", "0.05",
        "-0.05", "10.25", "123.450", "1737331539", "1737331539.0", "1737331539.012349", "1737331539.0123456",
        "9007199254740993", "900719925474099.3", "123456789012345678", "1234567890123456789", "0.1234567890123456789",
        "1.0000000000000000000000001", "05", "-05.1", ".5", "1e5", "1E+5", "15e-1", "1.5e0", "-1.5E-0", "0e0",
        "1737331539012349e-6"));
    Random random = new Random(19);
    for (int i = 0; i < 2_000; i++) {
      long micros = 1_600_000_000_000_000L + (random.nextLong() >>> 14);
      String fraction = String.format("%06d", micros % 1_000_000).replaceAll("0+$", "");
      literals.add((micros / 1_000_000) + "." + (fraction.isEmpty() ? "0" : fraction));
      literals.add(Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(30) - 10)));
      literals.add((random.nextBoolean() ? "-" : "") + random.nextInt(1_000_000) + "." + random.nextInt(1_000));
    }
    return literals;
  }

  @Test
  void eachLiteralKeepsItsTextAndHasParseDoublesValue() {
    for (String literal : literals()) {
      EpochSeconds value = EpochSeconds.parse(literal);
      assertEquals(literal, value.toString());
      assertEquals(Double.doubleToLongBits(Double.parseDouble(literal) == 0 ? 0.0 : Double.parseDouble(literal)),
          Double.doubleToLongBits(value.toDouble() == 0 ? 0.0 : value.toDouble()), literal);
      assertEquals(0, new BigDecimal(literal).compareTo(value.toBigDecimal()), literal);
    }
  }

  @Test
  void spellingsOfOneNumberAreEqualAndOrderFollowsTheExactValue() {
    List<String> literals = literals();
    Random random = new Random(23);
    for (int i = 0; i < 20_000; i++) {
      String a = literals.get(random.nextInt(literals.size()));
      String b = i % 3 == 0
          ? new BigDecimal(a).stripTrailingZeros().toString()
          : literals.get(random.nextInt(literals.size()));
      int exact = Integer.signum(new BigDecimal(a).compareTo(new BigDecimal(b)));
      EpochSeconds x = EpochSeconds.parse(a);
      EpochSeconds y = EpochSeconds.parse(b);
      assertEquals(exact, Integer.signum(x.compareTo(y)), a + " vs " + b);
      assertEquals(exact == 0, x.equals(y), a + " vs " + b);
      if (exact == 0) assertEquals(x.hashCode(), y.hashCode(), a + " vs " + b);
    }
  }

  @Test
  void whatIsNotAFiniteNumberIsRefused() {
    for (String literal : List.of("", "-", "5.", "1.2.3", "1e", "abc", "NaN", "Infinity", "1e999", "1e-99999999")) {
      assertThrows(IllegalArgumentException.class, () -> EpochSeconds.parse(literal), literal);
    }
  }

  @Test
  void aTimeInMillisecondsIsTheValueItsMillisecondDecimalParsesTo() {
    List<Long> millis = new ArrayList<>(List.of(0L, 1L, -1L, 5L, -5L, 999L, 1_000L, -1_000L, 1_737_331_539_123L,
        1_737_331_539_000L, -1_737_331_539_120L, (1L << 53) - 1, -(1L << 53) + 1, 1L << 53, -(1L << 53),
        (1L << 53) + 1, Long.MAX_VALUE, Long.MIN_VALUE));
    Random random = new Random(23);
    for (int i = 0; i < 2_000; i++) millis.add(random.nextLong() >> random.nextInt(64));
    for (long epochMillis : millis) {
      EpochSeconds expected = EpochSeconds.parse(BigDecimal.valueOf(epochMillis, 3).toPlainString());
      EpochSeconds made = EpochSeconds.ofEpochMillis(epochMillis);
      String what = Long.toString(epochMillis);
      assertEquals(expected.toString(), made.toString(), what);
      assertEquals(expected, made, what);
      assertEquals(expected.hashCode(), made.hashCode(), what);
      assertEquals(0, expected.compareTo(made), what);
      assertEquals(Double.doubleToLongBits(expected.toDouble()), Double.doubleToLongBits(made.toDouble()), what);
      assertEquals(expected.toBigDecimal(), made.toBigDecimal(), what);
    }
  }
}
