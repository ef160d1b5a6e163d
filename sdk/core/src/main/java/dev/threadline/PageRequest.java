package dev.threadline;

import dev.threadline.internal.wire.CanonicalJson;
import dev.threadline.internal.wire.RequestCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which page of the thread list to fetch: the backend's {@code pagination} parameter (page, page size,
 * sort fields, filters). Immutable; build with {@link #builder()}.
 */
public final class PageRequest {
  private final int page;
  private final int pageSize;
  private final List<Sort> sort;
  private final @Nullable String filtersJson;

  private PageRequest(Builder builder) {
    this.page = builder.page;
    this.pageSize = builder.pageSize;
    this.sort = Collections.unmodifiableList(new ArrayList<>(builder.sort));
    this.filtersJson = builder.filtersJson;
  }

  /** A builder for page 1 of 20 threads, most recently active first. */
  public static Builder builder() {
    return new Builder();
  }

  /** Page 1 of {@code pageSize} threads, most recently active first. */
  public static PageRequest firstPage(int pageSize) {
    return builder().pageSize(pageSize).build();
  }

  /** The page number, from 1. */
  public int page() {
    return page;
  }

  /** How many threads a page holds. */
  public int pageSize() {
    return pageSize;
  }

  /** The sort order, most significant first. Unmodifiable, never null. */
  public List<Sort> sort() {
    return sort;
  }

  /**
   * The {@code filters} JSON, or null for none.
   *
   * <p>The reference backend echoes {@code filters} in its reply but does <b>not apply</b> them: every thread
   * of the caller comes back, whatever the filters say. The SDK sends them unchanged (a backend may honour
   * them) and does not filter the page itself; filter {@link ThreadPage#threads()} in the app where the
   * backend does not.
   */
  public @Nullable String filtersJson() {
    return filtersJson;
  }

  /** This request for page {@code page}. */
  public PageRequest withPage(int page) {
    return newBuilder().page(page).build();
  }

  /** Returns a builder holding this request's values. */
  public Builder newBuilder() {
    Builder builder = new Builder();
    builder.page = page;
    builder.pageSize = pageSize;
    builder.sort.clear();
    builder.sort.addAll(sort);
    builder.filtersJson = filtersJson;
    return builder;
  }

  /** The {@code pagination} query parameter's JSON. */
  public String toJson() {
    return RequestCodec.pageRequest(this);
  }

  @Override public boolean equals(@Nullable Object o) {
    return o instanceof PageRequest && toJson().equals(((PageRequest) o).toJson());
  }

  @Override public int hashCode() {
    return toJson().hashCode();
  }

  @Override public String toString() {
    return "PageRequest" + toJson();
  }

  /** A sort direction. */
  public enum Direction {
    /** Smallest first. */
    ASC("asc"),
    /** Largest first. */
    DESC("desc");

    final String wire;

    Direction(String wire) {
      this.wire = wire;
    }
  }

  /** One sort key: a workflow field and a direction. Immutable. */
  public static final class Sort {
    private final String field;
    private final Direction direction;

    /** Sorts by {@code field} (a workflow field such as {@code lastActivity}) in {@code direction}. */
    public Sort(String field, Direction direction) {
      this.field = Objects.requireNonNull(field, "field");
      this.direction = Objects.requireNonNull(direction, "direction");
    }

    /** The workflow field. */
    public String field() {
      return field;
    }

    /** The direction. */
    public Direction direction() {
      return direction;
    }

    @Override public boolean equals(@Nullable Object o) {
      return o instanceof Sort && field.equals(((Sort) o).field) && direction == ((Sort) o).direction;
    }

    @Override public int hashCode() {
      return field.hashCode() * 31 + direction.hashCode();
    }

    @Override public String toString() {
      return field + " " + direction.wire;
    }
  }

  /** Builds a {@link PageRequest}. Not thread-safe. */
  public static final class Builder {
    private int page = 1;
    private int pageSize = 20;
    private final List<Sort> sort = new ArrayList<>(
        Collections.singletonList(new Sort("lastActivity", Direction.DESC)));
    private @Nullable String filtersJson;

    private Builder() {}

    /** The page number, from 1. */
    public Builder page(int page) {
      if (page < 1) throw new IllegalArgumentException("page < 1: " + page);
      this.page = page;
      return this;
    }

    /** How many threads a page holds, at least 1. */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) throw new IllegalArgumentException("pageSize < 1: " + pageSize);
      this.pageSize = pageSize;
      return this;
    }

    /** Replaces the sort order with {@code sort}, most significant first (may be empty). */
    public Builder sort(List<Sort> sort) {
      this.sort.clear();
      for (Sort s : sort) this.sort.add(Objects.requireNonNull(s, "sort"));
      return this;
    }

    /**
     * The backend's {@code filters} as JSON text, or null for none (the field is then left out).
     *
     * <p>The reference backend echoes {@code filters} in its reply but does <b>not apply</b> them: every thread
     * of the caller comes back, whatever the filters say. The SDK sends them unchanged (a backend may honour
     * them) and does not filter the page itself; filter {@link ThreadPage#threads()} in the app where the
     * backend does not.
     */
    public Builder filtersJson(@Nullable String filtersJson) {
      if (filtersJson != null) CanonicalJson.of(filtersJson); // refuses malformed JSON here, not at the read
      this.filtersJson = filtersJson;
      return this;
    }

    /** Builds the request. */
    public PageRequest build() {
      return new PageRequest(this);
    }
  }
}
