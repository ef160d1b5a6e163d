package dev.threadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Epoch seconds keep the literal they were read from, compare exactly, and approximate as a double would. */
class EpochSecondsTest {
  @Test void everySpellingWritesBackAndApproximatesAsParseDoubleDoes() {
    Random random = new Random(5);
    for (int i = 0; i < 100_000; i++) {
      String literal = randomLiteral(random);
      EpochSeconds value = EpochSeconds.parse(literal);
      assertEquals(literal, value.toString());
      assertEquals(Double.parseDouble(literal), value.toDouble(), 0.0, literal);
      assertEquals(0, new BigDecimal(literal).compareTo(value.toBigDecimal()), literal);
    }
  }

  @Test void ordersExactlyWhereDoublesCollide() {
    Random random = new Random(6);
    for (int i = 0; i < 20_000; i++) {
      String a = randomLiteral(random);
      boolean plain = a.indexOf('e') < 0 && a.indexOf('E') < 0;
      String b = random.nextBoolean() || !plain ? randomLiteral(random) : a + (a.contains(".") ? "" : ".") + "0";
      int expected = Integer.signum(new BigDecimal(a).compareTo(new BigDecimal(b)));
      assertEquals(expected, Integer.signum(EpochSeconds.parse(a).compareTo(EpochSeconds.parse(b))), a + " " + b);
      assertEquals(expected == 0, EpochSeconds.parse(a).equals(EpochSeconds.parse(b)), a + " " + b);
      if (expected == 0) assertEquals(EpochSeconds.parse(a).hashCode(), EpochSeconds.parse(b).hashCode());
    }
    assertTrue(EpochSeconds.parse("1737331539.0123456789").compareTo(EpochSeconds.parse("1737331539.0123456788")) > 0,
        "digits beyond a double's still order");
  }

  @Test void refusesWhatIsNotAFiniteNumber() {
    for (String bad : new String[] {"", "-", "5.", "1e", "abc", "1e999", "NaN", "Infinity", "1.2.3"}) {
      assertThrows(IllegalArgumentException.class, () -> EpochSeconds.parse(bad), bad);
    }
  }

  /** The backend's microsecond floats, and around them every other spelling a JSON number may have. */
  private static String randomLiteral(Random random) {
    StringBuilder out = new StringBuilder();
    if (random.nextInt(6) == 0) out.append('-');
    int kind = random.nextInt(6);
    if (kind == 0) out.append('0');
    else if (kind == 1) out.append("00".substring(random.nextInt(2))).append(1 + random.nextInt(9));
    else out.append(1 + random.nextInt(9));
    for (int i = random.nextInt(kind <= 1 ? 1 : 18); i > 0; i--) out.append(random.nextInt(10));
    if (random.nextInt(4) != 0) {
      out.append('.');
      for (int i = 1 + random.nextInt(random.nextInt(4) == 0 ? 20 : 7); i > 0; i--) out.append(random.nextInt(10));
    }
    if (random.nextInt(10) == 0) out.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(30) - 10);
    return out.toString();
  }
}
