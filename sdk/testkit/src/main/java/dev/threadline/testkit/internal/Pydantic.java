package dev.threadline.testkit.internal;

import dev.threadline.testkit.internal.JsonText.Num;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The backend's request models, validated the way pydantic 1.10 (FastAPI 0.92) validates them: a missing
 * field takes its default or is "field required", {@code null} only where the field is {@code Optional},
 * lax coercion (a number is a fine {@code str}, {@code "2"} and {@code 2.7} are fine {@code int}s), every
 * error collected in field order, with pydantic 1's messages and types.
 */
final class Pydantic {
  /** One validation error: where, pydantic's message and type, and its context (or null). */
  static final class Error {
    final List<Object> loc;
    final String msg;
    final String type;
    final Map<String, Object> ctx;

    Error(List<Object> loc, String msg, String type, Map<String, Object> ctx) {
      this.loc = loc;
      this.msg = msg;
      this.type = type;
      this.ctx = ctx;
    }

    /** The entry of FastAPI's 422 {@code detail} list, its location under {@code prefix}. */
    Map<String, Object> detail(String prefix) {
      List<Object> where = new ArrayList<>();
      if (prefix != null) where.add(prefix);
      where.addAll(loc);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("loc", where);
      entry.put("msg", msg);
      entry.put("type", type);
      if (ctx != null) entry.put("ctx", ctx);
      return entry;
    }
  }

  /** A model's input that failed validation. */
  static final class Invalid extends Exception {
    final List<Error> errors;

    Invalid(List<Error> errors) {
      super(null, null, false, false);
      this.errors = errors;
    }

    /** FastAPI's 422 {@code detail}: the errors with locations under {@code body}. */
    List<Object> bodyDetail() {
      List<Object> detail = new ArrayList<>();
      for (Error error : errors) detail.add(error.detail("body"));
      return detail;
    }

    /** {@code str(ValidationError)}: {@code "1 validation error for Model\nloc -> loc\n  msg (type=…; k=v)"}. */
    String describe(String model) {
      StringBuilder text = new StringBuilder().append(errors.size())
          .append(errors.size() == 1 ? " validation error for " : " validation errors for ").append(model);
      for (Error error : errors) {
        text.append('\n');
        for (int i = 0; i < error.loc.size(); i++) text.append(i == 0 ? "" : " -> ").append(error.loc.get(i));
        text.append("\n  ").append(error.msg).append(" (type=").append(error.type);
        if (error.ctx != null) {
          for (Map.Entry<String, Object> entry : error.ctx.entrySet()) {
            text.append("; ").append(entry.getKey()).append('=').append(pythonStr(entry.getValue(), true));
          }
        }
        text.append(')');
      }
      return text.toString();
    }
  }

  /** The input a body parameter gets when the request has no body, or {@code null} JSON. */
  static final Object ABSENT = new Object();
  /** The input a body parameter gets when the body's content type is not JSON (its raw bytes). */
  static final Object RAW_BYTES = new Object();

  /** A valid {@code UserInputRequest}. */
  static final class UserInput {
    final String prompt;
    final String workflowId;

    UserInput(String prompt, String workflowId) {
      this.prompt = prompt;
      this.workflowId = workflowId;
    }
  }

  /** A valid {@code PaginationParams}; {@code sort} entries are {@code {field, direction}}. */
  static final class Pagination {
    final long page;
    final long pageSize;
    final List<Map<String, Object>> sort;
    final Map<?, ?> filters;

    Pagination(long page, long pageSize, List<Map<String, Object>> sort, Map<?, ?> filters) {
      this.page = page;
      this.pageSize = pageSize;
      this.sort = sort;
      this.filters = filters;
    }
  }

  private static final Pattern PYTHON_INT = Pattern.compile("[+-]?\\d+(_\\d+)*");
  private static final Object MISSING = new Object();

  private final List<Error> errors = new ArrayList<>();

  private Pydantic() {}

  /** {@code UserInputRequest}: prompt (str, required), listFileId (List[str]), userLanguage (str), workflowId (Optional[str]). */
  static UserInput userInput(Object body) throws Invalid {
    Pydantic check = new Pydantic();
    if (body == ABSENT) throw new Invalid(List.of(new Error(List.of(), "field required", "value_error.missing", null)));
    Map<?, ?> fields = body == RAW_BYTES ? null : asDict(body);
    if (fields == null) throw new Invalid(List.of(new Error(List.of(), "value is not a valid dict", "type_error.dict", null)));
    String prompt = check.str(List.of("prompt"), fields.containsKey("prompt") ? fields.get("prompt") : MISSING, false);
    check.strList(List.of("listFileId"), fields.containsKey("listFileId") ? fields.get("listFileId") : List.of());
    check.str(List.of("userLanguage"), fields.containsKey("userLanguage") ? fields.get("userLanguage") : "en", false);
    String workflowId = check.str(List.of("workflowId"), fields.get("workflowId"), true);
    check.throwIfInvalid();
    return new UserInput(prompt, workflowId);
  }

  /** {@code PaginationParams(**params)}: page and pageSize (int ≥ 1, required), sort (List[SortField]), filters (Optional[Dict]). */
  static Pagination pagination(Map<?, ?> params) throws Invalid {
    Pydantic check = new Pydantic();
    Long page = check.positiveInt("page", params.containsKey("page") ? params.get("page") : MISSING);
    Long pageSize = check.positiveInt("pageSize", params.containsKey("pageSize") ? params.get("pageSize") : MISSING);
    List<Map<String, Object>> sort = check.sortFields(params.containsKey("sort") ? params.get("sort") : List.of());
    Map<?, ?> filters = null;
    Object rawFilters = params.get("filters");
    if (rawFilters != null) {
      filters = asDict(rawFilters);
      if (filters == null) check.error(List.of("filters"), "value is not a valid dict", "type_error.dict", null);
    }
    check.throwIfInvalid();
    return new Pagination(page, pageSize, sort, filters);
  }

  private void throwIfInvalid() throws Invalid {
    if (!errors.isEmpty()) throw new Invalid(errors);
  }

  private void error(List<Object> loc, String msg, String type, Map<String, Object> ctx) {
    errors.add(new Error(loc, msg, type, ctx));
  }

  /** Whether {@code value} passes the required and not-None checks; records the error otherwise. */
  private boolean present(List<Object> loc, Object value, boolean optional) {
    if (value == MISSING) {
      error(loc, "field required", "value_error.missing", null);
      return false;
    }
    if (value == null) {
      if (!optional) error(loc, "none is not an allowed value", "type_error.none.not_allowed", null);
      return false;
    }
    return true;
  }

  private String str(List<Object> loc, Object value, boolean optional) {
    if (!present(loc, value, optional)) return null;
    if (value instanceof String) return (String) value;
    if (value instanceof Num || value instanceof Boolean) return pythonRepr(value);
    error(loc, "str type expected", "type_error.str", null);
    return null;
  }

  private void strList(List<Object> loc, Object value) {
    if (!present(loc, value, false)) return;
    if (!(value instanceof List)) {
      error(loc, "value is not a valid list", "type_error.list", null);
      return;
    }
    List<?> list = (List<?>) value;
    for (int i = 0; i < list.size(); i++) str(append(loc, i), list.get(i), false);
  }

  private Long positiveInt(String field, Object value) {
    List<Object> loc = List.of(field);
    if (!present(loc, value, false)) return null;
    BigInteger number = pythonInt(value);
    if (number == null) {
      error(loc, "value is not a valid integer", "type_error.integer", null);
      return null;
    }
    if (number.signum() < 1) {
      error(loc, "ensure this value is greater than or equal to 1", "value_error.number.not_ge",
          Collections.singletonMap("limit_value", 1));
      return null;
    }
    return number.bitLength() < 63 ? number.longValue() : Long.MAX_VALUE;
  }

  private List<Map<String, Object>> sortFields(Object value) {
    List<Object> loc = List.of("sort");
    List<Map<String, Object>> fields = new ArrayList<>();
    if (!present(loc, value, false)) return fields;
    if (!(value instanceof List)) {
      error(loc, "value is not a valid list", "type_error.list", null);
      return fields;
    }
    List<?> list = (List<?>) value;
    for (int i = 0; i < list.size(); i++) {
      Map<?, ?> sortField = asDict(list.get(i));
      if (sortField == null) {
        error(append(loc, i), "value is not a valid dict", "type_error.dict", null);
        continue;
      }
      String name = str(append(append(loc, i), "field"), sortField.containsKey("field") ? sortField.get("field") : MISSING, false);
      Object direction = sortField.containsKey("direction") ? sortField.get("direction") : "asc";
      List<Object> directionLoc = append(append(loc, i), "direction");
      if (present(directionLoc, direction, false) && !"asc".equals(direction) && !"desc".equals(direction)) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("given", direction);
        ctx.put("permitted", Arrays.asList("asc", "desc"));
        error(directionLoc, "unexpected value; permitted: 'asc', 'desc'", "value_error.const", ctx);
        direction = null;
      }
      if (name != null && direction != null) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("field", name);
        field.put("direction", direction);
        fields.add(field);
      }
    }
    return fields;
  }

  private static List<Object> append(List<Object> loc, Object step) {
    List<Object> longer = new ArrayList<>(loc);
    longer.add(step);
    return longer;
  }

  /**
   * Python's {@code dict(value)} on JSON, as pydantic's dict validation applies it: a map, a list of pairs
   * (or of two-character strings), or "" (empty); null when Python would raise.
   */
  static Map<?, ?> asDict(Object value) {
    if (value instanceof Map) return (Map<?, ?>) value;
    if ("".equals(value)) return Collections.emptyMap();
    if (!(value instanceof List)) return null;
    Map<Object, Object> pairs = new LinkedHashMap<>();
    for (Object element : (List<?>) value) {
      if (element instanceof List && ((List<?>) element).size() == 2) {
        Object key = ((List<?>) element).get(0);
        // Dict[str, Any] takes numbers and booleans as keys by their text; other keys are left unsupported.
        if (key instanceof Num || key instanceof Boolean) key = pythonRepr(key);
        if (!(key instanceof String)) return null;
        pairs.put(key, ((List<?>) element).get(1));
      } else if (element instanceof String && ((String) element).length() == 2) {
        pairs.put(((String) element).substring(0, 1), ((String) element).substring(1));
      } else {
        return null;
      }
    }
    return pairs;
  }

  /** Python's {@code int(value)} for pydantic's int: ints, bools, floats (truncated) and integer strings. */
  private static BigInteger pythonInt(Object value) {
    if (value instanceof Boolean) return ((Boolean) value) ? BigInteger.ONE : BigInteger.ZERO;
    if (value instanceof String) {
      String text = ((String) value).strip();
      return PYTHON_INT.matcher(text).matches() ? new BigInteger(text.replace("_", "").replace("+", "")) : null;
    }
    if (value instanceof Num) return new BigDecimal(value.toString()).toBigInteger();
    return null;
  }

  /**
   * Python's {@code str(value)} of a JSON value: a string as it is, anything else as its {@code repr}, a list
   * as a tuple with {@code listAsTuple} (pydantic's {@code permitted} context is a tuple).
   */
  private static String pythonStr(Object value, boolean listAsTuple) {
    if (value instanceof String) return (String) value;
    if (value instanceof List && listAsTuple) {
      String list = pythonRepr(value);
      return "(" + list.substring(1, list.length() - 1) + ")";
    }
    return pythonRepr(value);
  }

  /** Python's {@code repr} of a JSON value: {@code None}, {@code True}, {@code 'text'}, floats as Python prints them. */
  private static String pythonRepr(Object value) {
    if (value == null) return "None";
    if (value instanceof Boolean) return ((Boolean) value) ? "True" : "False";
    if (value instanceof String) return "'" + value + "'";
    if (value instanceof List) {
      StringBuilder text = new StringBuilder("[");
      String separator = "";
      for (Object element : (List<?>) value) {
        text.append(separator).append(pythonRepr(element));
        separator = ", ";
      }
      return text.append(']').toString();
    }
    if (value instanceof Map) {
      StringBuilder text = new StringBuilder("{");
      String separator = "";
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        text.append(separator).append(pythonRepr(entry.getKey())).append(": ").append(pythonRepr(entry.getValue()));
        separator = ", ";
      }
      return text.append('}').toString();
    }
    return pythonNumber(value.toString());
  }

  private static String pythonNumber(String literal) {
    if (!literal.contains(".") && !literal.contains("e") && !literal.contains("E")) {
      return new BigInteger(literal).toString();
    }
    BigDecimal number = new BigDecimal(Double.toString(Double.parseDouble(literal))).stripTrailingZeros();
    int exponent = number.precision() - number.scale() - 1;
    if (exponent >= -4 && exponent < 16) {
      String plain = number.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String digits = number.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (number.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
        + String.format("%02d", Math.abs(exponent));
  }
}
