package dev.threadline.internal.wire;

import dev.threadline.internal.Json;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads an item record spelled exactly as {@link ItemCodec#recordJson} writes it, as the caches store it, in
 * one pass over its UTF-8 bytes and without a general JSON parser.
 *
 * <p>That spelling is strict: compact; the fields held typed first, in {@link ItemCodec}'s order and written
 * the one way it writes them; then the other fields in {@linkplain CanonicalJson canonical} spelling, which
 * become the item's rest as they are, without being parsed and written again. Reading a cached thread is
 * almost all this work, so it is what a cached thread on screen costs (benchmark 3).
 *
 * <p>Any other spelling, and anything malformed, is not read here: {@link #read} returns null and the caller
 * parses the record in full. So a record is read here only when the full parse would give the same record,
 * field for field; a record spelled by another writer, or damaged, is read, or refused, by the full parse
 * as before. Being strict costs nothing: the check is the same pass as the read.
 */
final class CanonicalRecordReader {
  // The typed fields' names, quoted, in ItemCodec's order; the index is the field's place in the record.
  private static final byte[][] TYPED_NAMES = quotedNames(ItemCodec.TYPED_FIELDS);
  private static final int ID = 0;
  private static final int WORKFLOW_ID = 1;
  private static final int ROLE = 2;
  private static final int MESSAGE = 3;
  private static final int STATUS = 4;
  private static final int ROUND_NUMBER = 5;
  private static final int PROGRESS = 6;
  private static final int NOT_TYPED = -1;

  // Progress literals read lately (see typedProgress). Racing threads at worst miss one another's entries.
  private static final TypedProgress[] RECENT_PROGRESS = new TypedProgress[16];

  /** Deeper values are left to the full parse, which sets its own nesting limit. */
  private static final int MAX_DEPTH = 64;

  /** What {@link #skipString} saw in the string it skipped last. */
  private static final int ESCAPED = 1;
  private static final int NOT_ASCII = 2;

  private final byte[] json;
  private int position;
  /** {@link #ESCAPED} and {@link #NOT_ASCII} of the string skipped last. */
  private int stringKind;

  private CanonicalRecordReader(byte[] json) {
    this.json = json;
  }

  /** The record {@code json} holds, or null if it is not spelled as {@link ItemCodec#recordJson} spells it. */
  static ItemCodec.@Nullable Record read(byte[] json) {
    return new CanonicalRecordReader(json).record();
  }

  private ItemCodec.@Nullable Record record() {
    String[] strings = new String[STATUS + 1];
    Integer roundNumber = null;
    Double progress = null;
    int flags = 0;
    int seen = 0;
    int nextTyped = 0;
    int restStart = -1;
    if (!take('{')) return null;
    while (position < json.length && json[position] != '}') {
      if (position > 1 && !take(',')) return null;
      int keyStart = position;
      if (!skipString()) return null;
      int field = stringKind == 0 ? typedField(keyStart, position) : NOT_TYPED;
      if (!take(':')) return null;
      int valueStart = position;
      if (!skipValue(0)) return null;
      int valueKind = stringKind;
      if (field == NOT_TYPED) {
        if (restStart < 0) restStart = keyStart;
        continue;
      }
      // A field the full parse reads twice keeps the last value: leave it to the full parse.
      if ((seen & (1 << field)) != 0) return null;
      seen |= 1 << field;
      boolean string = json[valueStart] == '"';
      boolean isNumber = !string && CanonicalJson.isNumberStart(json[valueStart]);
      Integer round = field == ROUND_NUMBER && isNumber ? typedRound(valueStart, position) : null;
      Double typedProgress = field == PROGRESS && isNumber ? typedProgress(valueStart, position) : null;
      if (field <= STATUS ? string : round != null || typedProgress != null) {
        // Held typed: written before the rest, in ItemCodec's order.
        if (restStart >= 0 || field < nextTyped) return null;
        nextTyped = field + 1;
        if (field == ID) {
          strings[ID] = hashed(decodeString(valueStart, position, valueKind));
        } else if (field == MESSAGE) {
          strings[MESSAGE] = decodeString(valueStart, position, valueKind);
        } else if (field <= STATUS) {
          // Texts the items repeat: found by their bytes, without a string per item, when seen lately.
          strings[field] = valueKind == 0 ? ItemCodec.sharedAscii(json, valueStart + 1, position - 1)
              : ItemCodec.shared(decodeString(valueStart, position, valueKind));
        } else if (round != null) {
          roundNumber = ItemCodec.sharedRound(round);
          flags |= ItemCodec.ROUND_TYPED;
        } else if (typedProgress != null) {
          progress = ItemCodec.sharedProgress(typedProgress);
          flags |= ItemCodec.PROGRESS_TYPED;
        }
        continue;
      }
      // Kept in the rest, where the full parse still reads a value from some of these fields.
      if (restStart < 0) restStart = keyStart;
      if (!isNumber) continue;
      String number = new String(json, valueStart, position - valueStart, StandardCharsets.ISO_8859_1);
      if (field == ID || field == WORKFLOW_ID) {
        strings[field] = number;
        flags |= field == ID ? ItemCodec.ID_IN_REST : ItemCodec.WORKFLOW_ID_IN_REST;
      } else if (field == ROUND_NUMBER && Json.intOrNull(number) != null) {
        return null; // the full parse holds it typed, written as another literal
      } else if (field == PROGRESS) {
        Double value = ItemCodec.decimal(number);
        if (ItemCodec.holdsExactly(value, number)) return null; // as for the round number
        progress = ItemCodec.sharedProgress(value);
      }
    }
    if (!take('}') || position != json.length) return null;

    byte[] rest = null;
    if (restStart >= 0) {
      // The rest is the members after the typed ones, in a canonical object of their own.
      int closing = json.length - 1;
      rest = new byte[closing - restStart + 2];
      rest[0] = '{';
      System.arraycopy(json, restStart, rest, 1, closing - restStart);
      rest[rest.length - 1] = '}';
    }
    return new ItemCodec.Record(strings[ID], strings[WORKFLOW_ID], roundNumber, strings[ROLE], strings[MESSAGE],
        strings[STATUS], progress, rest, flags);
  }

  /**
   * {@code id}, its hash computed. The model's identity index hashes every id, on another thread: hashed
   * here, while its bytes are in this core's cache, the string keeps its hash, which saves the index a cache
   * miss per item.
   */
  @SuppressWarnings("ReturnValueIgnored") // String.hashCode is called for the hash it caches
  private static String hashed(String id) {
    id.hashCode();
    return id;
  }

  /**
   * The round number the literal {@code json[start, end)} holds typed: a whole int, written as
   * {@link Integer#toString} writes it; else null.
   */
  private @Nullable Integer typedRound(int start, int end) {
    // The literal has JSON's grammar: digits alone, without a leading zero, are Integer.toString's spelling.
    boolean negative = json[start] == '-';
    int first = negative ? start + 1 : start;
    if (end - first > 10 || (negative && json[first] == '0')) return null;
    long value = 0;
    for (int i = first; i < end; i++) {
      byte c = json[i];
      if (c < '0' || c > '9') return null;
      value = value * 10 + (c - '0');
    }
    if (negative) value = -value;
    return value == (int) value ? (int) value : null;
  }

  /**
   * The progress the literal {@code json[start, end)} holds typed: a double written as {@link Double#toString}
   * writes it; else null.
   */
  private @Nullable Double typedProgress(int start, int end) {
    // A thread's logs repeat a few progress values: a literal seen lately is known without parsing it and
    // writing it back.
    int hash = ItemCodec.asciiHash(json, start, end);
    int slot = (hash ^ (hash >>> 16)) & (RECENT_PROGRESS.length - 1);
    TypedProgress recent = RECENT_PROGRESS[slot];
    if (recent != null && ItemCodec.spells(recent.literal, json, start, end)) return recent.value;
    String literal = new String(json, start, end - start, StandardCharsets.ISO_8859_1);
    // ItemCodec holds -0.0 as 0.0, which writes "0.0": "-0.0" is not the typed spelling.
    Double value = ItemCodec.decimal(literal);
    if (!Double.toString(value).equals(literal)) return null;
    RECENT_PROGRESS[slot] = new TypedProgress(literal, value);
    return value;
  }

  /** A progress value held typed, with its literal. */
  private static final class TypedProgress {
    final String literal;
    final Double value;

    TypedProgress(String literal, Double value) {
      this.literal = literal;
      this.value = value;
    }
  }

  private int typedField(int start, int end) {
    for (int field = 0; field < TYPED_NAMES.length; field++) {
      byte[] name = TYPED_NAMES[field];
      // The names have lengths of their own: the length decides which one to compare.
      if (name.length != end - start) continue;
      // Not Arrays.equals over ranges: Android has it only from API 33.
      for (int i = 0; i < name.length; i++) if (json[start + i] != name[i]) return NOT_TYPED;
      return field;
    }
    return NOT_TYPED;
  }

  private static byte[][] quotedNames(String[] names) {
    byte[][] quoted = new byte[names.length][];
    for (int i = 0; i < names.length; i++) quoted[i] = CanonicalJson.quoted(names[i]);
    return quoted;
  }

  private boolean take(char c) {
    if (position >= json.length || json[position] != c) return false;
    position++;
    return true;
  }

  private boolean skipValue(int depth) {
    if (position >= json.length || depth > MAX_DEPTH) return false;
    switch (json[position]) {
      case '"': return skipString();
      case '{': return skipObject(depth + 1);
      case '[': return skipArray(depth + 1);
      case 't': return skipWord("true");
      case 'f': return skipWord("false");
      case 'n': return skipWord("null");
      default: return skipNumber();
    }
  }

  private boolean skipObject(int depth) {
    position++;
    if (take('}')) return true;
    do {
      if (!skipString() || !take(':') || !skipValue(depth)) return false;
    } while (take(','));
    return take('}');
  }

  private boolean skipArray(int depth) {
    position++;
    if (take(']')) return true;
    do {
      if (!skipValue(depth)) return false;
    } while (take(','));
    return take(']');
  }

  private boolean skipWord(String word) {
    for (int i = 0; i < word.length(); i++) if (!take(word.charAt(i))) return false;
    return true;
  }

  /** Skips a number in JSON's grammar, {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
  private boolean skipNumber() {
    int p = position;
    if (p < json.length && json[p] == '-') p++;
    if (p < json.length && json[p] == '0') {
      p++; // no leading zeros
    } else if ((p = digitsEnd(p)) < 0) {
      return false;
    }
    if (p < json.length && json[p] == '.' && (p = digitsEnd(p + 1)) < 0) return false;
    if (p < json.length && (json[p] == 'e' || json[p] == 'E')) {
      p++;
      if (p < json.length && (json[p] == '+' || json[p] == '-')) p++;
      if ((p = digitsEnd(p)) < 0) return false;
    }
    position = p;
    return true;
  }

  /** The end of the digits at {@code p}, or -1 if there are none. */
  private int digitsEnd(int p) {
    int start = p;
    while (p < json.length && json[p] >= '0' && json[p] <= '9') p++;
    return p > start ? p : -1;
  }

  /**
   * Skips a string escaped exactly as Moshi's writer escapes it (see {@link CanonicalWriter#quote}), its text
   * well formed UTF-8, and notes in {@link #stringKind} whether it holds escapes or bytes beyond ASCII.
   */
  private boolean skipString() {
    if (!take('"')) return false;
    int kind = 0;
    // A local index: the loop over a string's bytes is most of what a record costs.
    int p = position;
    byte[] bytes = json;
    while (p < bytes.length) {
      int c = bytes[p]; // signed: the bytes beyond ASCII are negative
      if (c >= 0x20 && c != '"' && c != '\\') {
        p++;
        continue;
      }
      position = p;
      if (c < 0) {
        if (!skipMultiByte(c & 0xff)) return false;
        p = position;
        kind |= NOT_ASCII;
        continue;
      }
      if (c == '"') {
        position = p + 1;
        stringKind = kind;
        return true;
      }
      if (c != '\\') return false; // a control character
      if (!skipEscape()) return false;
      p = position;
      kind |= ESCAPED;
    }
    return false;
  }

  private boolean skipEscape() {
    if (position + 1 >= json.length) return false;
    switch (json[position + 1]) {
      case '"': case '\\': case 'n': case 'r': case 't': case 'b': case 'f':
        position += 2;
        return true;
      case 'u':
        if (position + 6 > json.length) return false;
        String hex = new String(json, position + 2, 4, StandardCharsets.ISO_8859_1);
        // Only what Moshi writes this way: the control characters without a short escape, and U+2028/9.
        boolean written = hex.equals("2028") || hex.equals("2029")
            || (hex.startsWith("00") && isLowerHex(hex.charAt(2)) && isLowerHex(hex.charAt(3))
                && hex.charAt(2) <= '1' && !hasShortEscape(Integer.parseInt(hex, 16)));
        position += 6;
        return written;
      default:
        return false;
    }
  }

  private static boolean isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  private static boolean hasShortEscape(int c) {
    return c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f';
  }

  /** Skips one well-formed UTF-8 sequence starting with {@code lead}; Moshi escapes U+2028 and U+2029. */
  private boolean skipMultiByte(int lead) {
    int length;
    int min;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return false;
    }
    if (position + length > json.length) return false;
    int code = lead & (0xff >> (length + 1));
    for (int i = 1; i < length; i++) {
      int next = json[position + i] & 0xff;
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code == 0x2028 || code == 0x2029) {
      return false;
    }
    position += length;
    return true;
  }

  /** The text of the valid string {@code json[start, end)}, quotes included, which {@code kind} describes. */
  private String decodeString(int start, int end, int kind) {
    int from = start + 1;
    int to = end - 1;
    // ASCII needs no decoding: its bytes are the string's (a copy, without the decoder's scan).
    if (kind == 0) return new String(json, from, to - from, StandardCharsets.ISO_8859_1);
    if ((kind & ESCAPED) == 0) return new String(json, from, to - from, StandardCharsets.UTF_8);
    int escape = indexOf('\\', from, to);
    StringBuilder text = new StringBuilder(to - from);
    while (escape >= 0) {
      text.append(new String(json, from, escape - from, StandardCharsets.UTF_8));
      byte escaped = json[escape + 1];
      switch (escaped) {
        case 'n': text.append('\n'); break;
        case 'r': text.append('\r'); break;
        case 't': text.append('\t'); break;
        case 'b': text.append('\b'); break;
        case 'f': text.append('\f'); break;
        case 'u':
          text.append((char) Integer.parseInt(new String(json, escape + 2, 4, StandardCharsets.ISO_8859_1), 16));
          from = escape + 6;
          escape = indexOf('\\', from, to);
          continue;
        default: text.append((char) escaped);
      }
      from = escape + 2;
      escape = indexOf('\\', from, to);
    }
    return text.append(new String(json, from, to - from, StandardCharsets.UTF_8)).toString();
  }

  private int indexOf(char c, int from, int to) {
    for (int i = from; i < to; i++) if (json[i] == c) return i;
    return -1;
  }
}
