package dev.threadline;

import dev.threadline.internal.wire.CanonicalJson;
import dev.threadline.internal.wire.RequestCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the user sends: the backend's {@code UserInputRequest} (prompt, file ids, language, and the
 * workflow to continue, if any), plus any extra fields the app needs to send that this SDK does not know;
 * those are written into the request body unchanged. Immutable; build with {@link #builder(String)}.
 */
public final class UserInput {
  private final String prompt;
  private final List<String> fileIds;
  private final @Nullable String language;
  private final @Nullable String workflowId;
  private final Map<String, String> extraFieldsJson;

  private UserInput(Builder builder) {
    this.prompt = builder.prompt;
    this.fileIds = Collections.unmodifiableList(new ArrayList<>(builder.fileIds));
    this.language = builder.language;
    this.workflowId = builder.workflowId;
    this.extraFieldsJson = Collections.unmodifiableMap(new LinkedHashMap<>(builder.extraFieldsJson));
  }

  /** Starts a request that sends {@code prompt}. */
  public static Builder builder(String prompt) {
    return new Builder(prompt);
  }

  /** A request that sends {@code prompt} in a new thread, with no files and no language. */
  public static UserInput of(String prompt) {
    return builder(prompt).build();
  }

  /** The prompt text. Never null. */
  public String prompt() {
    return prompt;
  }

  /** The ids of uploaded files sent with the prompt ({@code listFileId}). Unmodifiable, never null. */
  public List<String> fileIds() {
    return fileIds;
  }

  /**
   * The user's language ({@code userLanguage}), or null: then the field is left out of the request and the
   * backend's default ({@code "en"}) applies.
   */
  public @Nullable String language() {
    return language;
  }

  /** The workflow this input continues, or null to start a new thread. */
  public @Nullable String workflowId() {
    return workflowId;
  }

  /** Extra fields by name, each as its JSON text. Unmodifiable, never null. */
  public Map<String, String> extraFieldsJson() {
    return extraFieldsJson;
  }

  /** Returns a builder holding this request's values. */
  public Builder newBuilder() {
    Builder builder = new Builder(prompt);
    builder.fileIds.addAll(fileIds);
    builder.language = language;
    builder.workflowId = workflowId;
    builder.extraFieldsJson.putAll(extraFieldsJson);
    return builder;
  }

  /** The request body as the backend expects it. */
  public String toJson() {
    return RequestCodec.userInput(this);
  }

  @Override public boolean equals(@Nullable Object o) {
    return o instanceof UserInput && toJson().equals(((UserInput) o).toJson());
  }

  @Override public int hashCode() {
    return toJson().hashCode();
  }

  @Override public String toString() {
    return "UserInput" + toJson();
  }

  /** Builds a {@link UserInput}. Not thread-safe. */
  public static final class Builder {
    private static final java.util.Set<String> KNOWN =
        new java.util.HashSet<>(java.util.Arrays.asList("prompt", "listFileId", "userLanguage", "workflowId"));

    private final String prompt;
    private final List<String> fileIds = new ArrayList<>();
    private @Nullable String language;
    private @Nullable String workflowId;
    private final Map<String, String> extraFieldsJson = new LinkedHashMap<>();

    private Builder(String prompt) {
      this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    /** Adds the ids of uploaded files to send with the prompt. */
    public Builder fileIds(List<String> fileIds) {
      for (String fileId : fileIds) this.fileIds.add(Objects.requireNonNull(fileId, "fileId"));
      return this;
    }

    /** Sets the user's language, e.g. {@code "en"}; null for none. */
    public Builder language(@Nullable String language) {
      this.language = language;
      return this;
    }

    /** Continues the thread {@code workflowId}; null starts a new thread. */
    public Builder workflowId(@Nullable String workflowId) {
      this.workflowId = workflowId;
      return this;
    }

    /**
     * Adds a field this SDK does not know, with {@code json} as its value (any JSON text). A later call with
     * the same name replaces the earlier one.
     *
     * @throws IllegalArgumentException if {@code name} is one of the known fields or {@code json} is
     *     malformed
     */
    public Builder extraFieldJson(String name, String json) {
      if (KNOWN.contains(name)) throw new IllegalArgumentException(name + " is a known field; use its setter");
      CanonicalJson.of(Objects.requireNonNull(json, "json")); // refuses malformed JSON here, not at send time
      extraFieldsJson.put(name, json);
      return this;
    }

    /**
     * Adds a field this SDK does not know, with a JSON-compatible value: a String, Number, Boolean, null, or
     * a List or Map of those.
     */
    public Builder extraField(String name, @Nullable Object value) {
      return extraFieldJson(name, RequestCodec.valueJson(value));
    }

    /** Builds the request. */
    public UserInput build() {
      return new UserInput(this);
    }
  }
}
