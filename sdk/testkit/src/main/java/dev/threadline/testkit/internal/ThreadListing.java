package dev.threadline.testkit.internal;

import dev.threadline.testkit.internal.JsonText.Num;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /threads} without {@code workflowId}: the caller's Chatbot-mode workflows, sorted and paged
 * by the optional {@code pagination} JSON, with the metadata exactly as the reference route builds it
 * (without pagination: {@code currentPage=1}, {@code pageSize=len(items)}, {@code totalPages=1},
 * {@code sort=[]}, {@code filters=null}). Filters are echoed, not applied, as in the reference code.
 */
final class ThreadListing {
  /** A request the route rejects: the HTTP status and the {@code detail}. */
  static final class Rejected extends Exception {
    final int status;
    final String detail;

    Rejected(int status, String detail) {
      super(detail, null, false, false);
      this.status = status;
      this.detail = detail;
    }
  }

  private static final class Params {
    int page = 1;
    int pageSize = 20;
    List<Map<String, Object>> sort = new ArrayList<>();
    Object filters;
  }

  private ThreadListing() {}

  /** The response tree for {@code workflows} (Chatbot mode, creation order) and the raw parameter. */
  static Map<String, Object> list(List<Map<String, Object>> workflows, String pagination) throws Rejected {
    Params params = parse(pagination);
    List<Map<String, Object>> all = new ArrayList<>(workflows);
    List<Map<String, Object>> page;
    int totalPages;
    if (params != null) {
      sort(all, params.sort);
      totalPages = all.isEmpty() ? 0 : (all.size() + params.pageSize - 1) / params.pageSize;
      long start = (long) (params.page - 1) * params.pageSize;
      int from = (int) Math.min(start, all.size());
      int to = (int) Math.min(start + params.pageSize, all.size());
      page = all.subList(from, to);
    } else {
      page = all;
      totalPages = 1;
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("currentPage", params != null ? params.page : 1);
    metadata.put("pageSize", params != null ? params.pageSize : page.size());
    metadata.put("totalItems", all.size());
    metadata.put("totalPages", totalPages);
    metadata.put("sort", params != null ? params.sort : Collections.emptyList());
    metadata.put("filters", params != null ? params.filters : null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", new ArrayList<>(page));
    body.put("pagination", metadata);
    return body;
  }

  private static Params parse(String pagination) throws Rejected {
    if (pagination == null || pagination.isEmpty()) return null;
    Object tree;
    try {
      tree = JsonText.parse(pagination);
    } catch (IllegalArgumentException e) {
      throw new Rejected(400, "Invalid pagination parameter: " + e.getMessage());
    }
    if (isFalsy(tree)) return null;
    if (!(tree instanceof Map)) {
      // PaginationParams(**value) raises a TypeError, which the route turns into a 500.
      throw new Rejected(500, "Error getting chatbot threads: "
          + "PaginationParams() argument after ** must be a mapping, not " + pythonType(tree));
    }
    Map<?, ?> map = (Map<?, ?>) tree;
    Params params = new Params();
    if (map.containsKey("page")) params.page = positiveInt(map.get("page"), "page");
    if (map.containsKey("pageSize")) params.pageSize = positiveInt(map.get("pageSize"), "pageSize");
    if (map.containsKey("sort") && map.get("sort") != null) params.sort = sortFields(map.get("sort"));
    params.filters = map.get("filters");
    return params;
  }

  private static boolean isFalsy(Object tree) {
    if (tree == null || Boolean.FALSE.equals(tree)) return true;
    if (tree instanceof Map) return ((Map<?, ?>) tree).isEmpty();
    if (tree instanceof List) return ((List<?>) tree).isEmpty();
    if (tree instanceof String) return ((String) tree).isEmpty();
    if (tree instanceof Num) return new BigDecimal(tree.toString()).signum() == 0;
    return false;
  }

  private static String pythonType(Object tree) {
    if (tree instanceof List) return "list";
    if (tree instanceof String) return "str";
    if (tree instanceof Boolean) return "bool";
    return tree.toString().contains(".") ? "float" : "int";
  }

  private static Rejected invalid(String field, String message) {
    return new Rejected(400, "Invalid pagination parameter: 1 validation error for PaginationParams\n"
        + field + "\n  " + message);
  }

  private static int positiveInt(Object value, String field) throws Rejected {
    if (!(value instanceof Num)) throw invalid(field, "Input should be a valid integer");
    BigDecimal number = new BigDecimal(value.toString());
    int result;
    try {
      result = number.intValueExact();
    } catch (ArithmeticException e) {
      throw invalid(field, "Input should be a valid integer");
    }
    if (result < 1) throw invalid(field, "Input should be greater than or equal to 1");
    return result;
  }

  private static List<Map<String, Object>> sortFields(Object value) throws Rejected {
    if (!(value instanceof List)) throw invalid("sort", "Input should be a valid list");
    List<Map<String, Object>> fields = new ArrayList<>();
    int index = 0;
    for (Object element : (List<?>) value) {
      if (!(element instanceof Map) || !(((Map<?, ?>) element).get("field") instanceof String)) {
        throw invalid("sort." + index + ".field", "Field required");
      }
      Object direction = ((Map<?, ?>) element).get("direction");
      if (direction == null) direction = "asc";
      if (!"asc".equals(direction) && !"desc".equals(direction)) {
        throw invalid("sort." + index + ".direction", "Input should be 'asc' or 'desc'");
      }
      Map<String, Object> field = new LinkedHashMap<>();
      field.put("field", ((Map<?, ?>) element).get("field"));
      field.put("direction", direction);
      fields.add(field);
      index++;
    }
    return fields;
  }

  private static void sort(List<Map<String, Object>> workflows, List<Map<String, Object>> sort) {
    Comparator<Map<String, Object>> order = null;
    for (Map<String, Object> field : sort) {
      String name = (String) field.get("field");
      Comparator<Map<String, Object>> byField = (a, b) -> compareValues(a.get(name), b.get(name));
      if ("desc".equals(field.get("direction"))) byField = byField.reversed();
      order = order == null ? byField : order.thenComparing(byField);
    }
    if (order != null) workflows.sort(order);
  }

  private static int compareValues(Object a, Object b) {
    if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
    if (a instanceof Num || a instanceof Integer) {
      if (b instanceof Num || b instanceof Integer) {
        return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
      }
    }
    return a.toString().compareTo(b.toString());
  }
}
