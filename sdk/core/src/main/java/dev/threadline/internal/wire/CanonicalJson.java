package dev.threadline.internal.wire;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.threadline.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * JSON values held in one spelling, compared and hashed by value.
 *
 * <p>The canonical spelling is compact, with every string written the one way Moshi's writer writes it and
 * every number literal kept exactly as received. Two spellings of one value (Python's spaced, ASCII-escaped
 * {@code json.dumps} on the stream; compact UTF-8 from a thread read) have the same canonical bytes, so
 * equality is almost always a byte comparison. What bytes cannot decide, {@link #equal} walks token by token
 * without allocating: numbers compare by value ({@code 1}, {@code 1.0} and {@code 1e0} are one number) and
 * object members in any order. {@link #hash} follows the same rule.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /**
   * The canonical bytes of the JSON text {@code json}, which must hold exactly one value.
   *
   * @throws IllegalArgumentException if it does not
   */
  public static byte[] of(String json) {
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
      CanonicalWriter out = new CanonicalWriter(json.length()).copyValue(reader);
      if (!Json.atEnd(reader)) throw new IllegalArgumentException("malformed JSON: trailing data after the value");
      return out.toBytes();
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }

  /** The canonical text of the JSON text {@code json}, which must hold exactly one value. */
  public static String text(String json) {
    return new String(of(json), StandardCharsets.UTF_8);
  }

  // ---- equality and hashing, on canonical bytes ----

  /** Whether canonical {@code a} and {@code b} (either may be null, meaning no value) hold one JSON value. */
  public static boolean equal(byte @Nullable [] a, byte @Nullable [] b) {
    if (a == b) return true;
    if (a == null || b == null) return false;
    if (java.util.Arrays.equals(a, b)) return true;
    return equalValues(a, 0, b, 0);
  }

  /** A hash of the value of canonical {@code a} (0 for null), equal for values {@link #equal} calls equal. */
  public static int hash(byte @Nullable [] a) {
    return a == null ? 0 : hashValue(a, 0);
  }

  private static boolean equalValues(byte[] a, int i, byte[] b, int j) {
    byte x = a[i];
    byte y = b[j];
    if (x == '{') return y == '{' && equalObjects(a, i, b, j);
    if (x == '[') return y == '[' && equalArrays(a, i, b, j);
    if (x == '"') return y == '"' && sameBytes(a, i, stringEnd(a, i), b, j, stringEnd(b, j));
    if (isNumberStart(x)) return isNumberStart(y) && equalNumbers(a, i, scalarEnd(a, i), b, j, scalarEnd(b, j));
    return sameBytes(a, i, scalarEnd(a, i), b, j, scalarEnd(b, j));
  }

  private static boolean equalArrays(byte[] a, int i, byte[] b, int j) {
    i++;
    j++;
    while (true) {
      if (a[i] == ']' || b[j] == ']') return a[i] == b[j];
      if (!equalValues(a, i, b, j)) return false;
      i = afterSeparator(a, skipValue(a, i));
      j = afterSeparator(b, skipValue(b, j));
    }
  }

  private static boolean equalObjects(byte[] a, int i, byte[] b, int j) {
    // Members in the same order, the common case, are compared in one pass.
    int ai = i + 1;
    int bj = j + 1;
    while (a[ai] != '}' && b[bj] != '}') {
      int aKeyEnd = stringEnd(a, ai);
      int bKeyEnd = stringEnd(b, bj);
      if (!sameBytes(a, ai, aKeyEnd, b, bj, bKeyEnd)) return equalObjectsInAnyOrder(a, i, b, j);
      if (!equalValues(a, aKeyEnd + 1, b, bKeyEnd + 1)) return false;
      ai = afterSeparator(a, skipValue(a, aKeyEnd + 1));
      bj = afterSeparator(b, skipValue(b, bKeyEnd + 1));
    }
    return a[ai] == b[bj];
  }

  /** Each member of one object has its match in the other, and they have as many members. */
  private static boolean equalObjectsInAnyOrder(byte[] a, int i, byte[] b, int j) {
    if (memberCount(a, i) != memberCount(b, j)) return false;
    for (int ai = i + 1; a[ai] != '}'; ai = afterSeparator(a, skipValue(a, stringEnd(a, ai) + 1))) {
      int aKeyEnd = stringEnd(a, ai);
      int bValue = memberValue(b, j, a, ai, aKeyEnd);
      if (bValue < 0 || !equalValues(a, aKeyEnd + 1, b, bValue)) return false;
    }
    return true;
  }

  private static int memberCount(byte[] a, int i) {
    int count = 0;
    for (int p = i + 1; a[p] != '}'; p = afterSeparator(a, skipValue(a, stringEnd(a, p) + 1))) count++;
    return count;
  }

  /** Where the value of the member of object {@code b} at {@code j} named like {@code key[start, end)} starts, or -1. */
  private static int memberValue(byte[] b, int j, byte[] key, int start, int end) {
    for (int p = j + 1; b[p] != '}'; ) {
      int keyEnd = stringEnd(b, p);
      if (sameBytes(b, p, keyEnd, key, start, end)) return keyEnd + 1;
      p = afterSeparator(b, skipValue(b, keyEnd + 1));
    }
    return -1;
  }

  /**
   * The canonical text of the value of member {@code name} of the canonical object {@code object} (null
   * meaning an empty object), or null if it has none.
   */
  public static @Nullable String member(byte @Nullable [] object, String name) {
    if (object == null) return null;
    byte[] key = quoted(name);
    int value = memberValue(object, 0, key, 0, key.length);
    return value < 0 ? null : new String(object, value, skipValue(object, value) - value, StandardCharsets.UTF_8);
  }

  /** {@code name} as a canonical JSON string, quotes included. */
  static byte[] quoted(String name) {
    StringBuilder out = new StringBuilder(name.length() + 2);
    CanonicalWriter.quote(out, name);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int hashValue(byte[] a, int i) {
    byte x = a[i];
    if (x == '{') {
      // A sum: the same members in any order have the same hash.
      int h = 0x2f;
      for (int p = i + 1; a[p] != '}'; ) {
        int keyEnd = stringEnd(a, p);
        h += 31 * hashBytes(a, p, keyEnd) ^ hashValue(a, keyEnd + 1);
        p = afterSeparator(a, skipValue(a, keyEnd + 1));
      }
      return h;
    }
    if (x == '[') {
      int h = 0x5b;
      for (int p = i + 1; a[p] != ']'; p = afterSeparator(a, skipValue(a, p))) h = 31 * h + hashValue(a, p);
      return h;
    }
    int end = scalarEnd(a, i);
    return isNumberStart(x) ? hashNumber(a, i, end) : hashBytes(a, i, x == '"' ? stringEnd(a, i) : end);
  }

  // ---- numbers by value ----

  /*
   * A literal -?D(.D)?([eE][+-]?D)? is the digits d1…dn between its first and last non-zero mantissa digit
   * times 10^(scale - n), where scale is where the decimal point falls after d1. Two non-zero numbers are
   * equal exactly when sign, n, scale and digits are; every zero is equal to every other. Exponents of ten
   * digits or more (no real value has them) are compared as spelled.
   */

  private static boolean equalNumbers(byte[] a, int as, int ae, byte[] b, int bs, int be) {
    int af = firstSignificant(a, as, ae);
    int bf = firstSignificant(b, bs, be);
    if (af < 0 || bf < 0) return af == bf;
    if (hugeExponent(a, as, ae) || hugeExponent(b, bs, be)) return sameBytes(a, as, ae, b, bs, be);
    if ((a[as] == '-') != (b[bs] == '-') || scale(a, as, ae, af) != scale(b, bs, be, bf)) return false;
    int al = lastSignificant(a, as, ae);
    int bl = lastSignificant(b, bs, be);
    int p = af;
    int q = bf;
    while (true) {
      if (a[p] != b[q]) return false;
      if (p == al || q == bl) return p == al && q == bl;
      p = nextDigit(a, p);
      q = nextDigit(b, q);
    }
  }

  private static int hashNumber(byte[] a, int s, int e) {
    int first = firstSignificant(a, s, e);
    if (first < 0) return 0;
    if (hugeExponent(a, s, e)) return hashBytes(a, s, e);
    int h = a[s] == '-' ? 1 : 0;
    h = 31 * h + (int) scale(a, s, e, first);
    int last = lastSignificant(a, s, e);
    for (int p = first; ; p = nextDigit(a, p)) {
      h = 31 * h + a[p];
      if (p == last) return h;
    }
  }

  private static int mantissaEnd(byte[] a, int s, int e) {
    for (int p = s; p < e; p++) if (a[p] == 'e' || a[p] == 'E') return p;
    return e;
  }

  private static int firstSignificant(byte[] a, int s, int e) {
    int m = mantissaEnd(a, s, e);
    for (int p = s; p < m; p++) if (a[p] >= '1' && a[p] <= '9') return p;
    return -1;
  }

  private static int lastSignificant(byte[] a, int s, int e) {
    for (int p = mantissaEnd(a, s, e) - 1; p >= s; p--) if (a[p] >= '1' && a[p] <= '9') return p;
    return -1;
  }

  private static int nextDigit(byte[] a, int p) {
    return a[p + 1] == '.' ? p + 2 : p + 1;
  }

  private static boolean hugeExponent(byte[] a, int s, int e) {
    int m = mantissaEnd(a, s, e);
    int digits = 0;
    for (int p = m + 1; p < e; p++) if (a[p] >= '0' && a[p] <= '9' && (digits > 0 || a[p] != '0')) digits++;
    return digits >= 10;
  }

  /** Where the decimal point falls after the first significant digit at {@code first}, exponent included. */
  private static long scale(byte[] a, int s, int e, int first) {
    int m = mantissaEnd(a, s, e);
    int dot = m;
    for (int p = s; p < m; p++) if (a[p] == '.') dot = p;
    long scale = first < dot ? dot - first : -(first - dot - 1);
    long exponent = 0;
    boolean negative = false;
    for (int p = m + 1; p < e; p++) {
      if (a[p] == '-') negative = true;
      else if (a[p] >= '0' && a[p] <= '9') exponent = exponent * 10 + (a[p] - '0');
    }
    return scale + (negative ? -exponent : exponent);
  }

  // ---- walking canonical bytes ----

  /** Whether a JSON value starting with {@code x} is a number. */
  static boolean isNumberStart(byte x) {
    return x == '-' || (x >= '0' && x <= '9');
  }

  private static boolean sameBytes(byte[] a, int as, int ae, byte[] b, int bs, int be) {
    if (ae - as != be - bs) return false;
    for (int k = 0; k < ae - as; k++) if (a[as + k] != b[bs + k]) return false;
    return true;
  }

  private static int hashBytes(byte[] a, int s, int e) {
    int h = 1;
    for (int p = s; p < e; p++) h = 31 * h + a[p];
    return h;
  }

  /** The position after the string starting at {@code p}. */
  private static int stringEnd(byte[] a, int p) {
    for (p++; a[p] != '"'; p++) if (a[p] == '\\') p++;
    return p + 1;
  }

  /** The position after the number or literal starting at {@code p}. */
  private static int scalarEnd(byte[] a, int p) {
    while (p < a.length && a[p] != ',' && a[p] != '}' && a[p] != ']' && a[p] != ':') p++;
    return p;
  }

  /** The position after the value starting at {@code p}. */
  private static int skipValue(byte[] a, int p) {
    int depth = 0;
    do {
      byte c = a[p];
      if (c == '"') {
        p = stringEnd(a, p);
      } else if (c == '{' || c == '[') {
        depth++;
        p++;
      } else if (c == '}' || c == ']') {
        depth--;
        p++;
      } else if (c == ',' || c == ':') {
        p++;
      } else {
        p = scalarEnd(a, p);
      }
    } while (depth > 0);
    return p;
  }

  private static int afterSeparator(byte[] a, int p) {
    return a[p] == ',' ? p + 1 : p;
  }
}
