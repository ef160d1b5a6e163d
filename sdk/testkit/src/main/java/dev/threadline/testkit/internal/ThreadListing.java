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

  private ThreadListing() {}

  /** The response tree for {@code workflows} (Chatbot mode, creation order) and the raw parameter. */
  static Map<String, Object> list(List<Map<String, Object>> workflows, String pagination) throws Rejected {
    Pydantic.Pagination params = parse(pagination);
    List<Map<String, Object>> all = new ArrayList<>(workflows);
    List<Map<String, Object>> page;
    int totalPages;
    if (params != null) {
      sort(all, params.sort);
      totalPages = all.isEmpty() ? 0 : (int) ((all.size() + params.pageSize - 1) / params.pageSize);
      int from = (int) Math.min(startIndex(params), all.size());
      int to = (int) Math.min(all.size(), from + Math.min(params.pageSize, all.size()));
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

  private static long startIndex(Pydantic.Pagination params) {
    try {
      return Math.multiplyExact(params.page - 1, params.pageSize);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static Pydantic.Pagination parse(String pagination) throws Rejected {
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
      throw new Rejected(500, "Error getting chatbot threads: modules.datamodels.datamodelPagination."
          + "PaginationParams() argument after ** must be a mapping, not " + pythonType(tree));
    }
    try {
      return Pydantic.pagination((Map<?, ?>) tree);
    } catch (Pydantic.Invalid e) {
      // pydantic's ValidationError is a ValueError: the route answers 400 with its text.
      throw new Rejected(400, "Invalid pagination parameter: " + e.describe("PaginationParams"));
    }
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
