package dev.threadline;

import com.squareup.moshi.JsonReader;
import dev.threadline.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A prompt written while the network was gone, kept in the {@link ThreadStore} until it is sent: what to
 * send, its place in the queue, and when it was written. The client queues only prompts that provably never
 * reached the server, and takes a prompt out of the store before it posts it, so a stored prompt is sent at
 * most once. Immutable.
 */
public final class QueuedPrompt {
  private final String id;
  private final long position;
  private final UserInput input;
  private final long queuedAtMillis;

  private QueuedPrompt(String id, long position, UserInput input, long queuedAtMillis) {
    this.id = Objects.requireNonNull(id, "id");
    this.position = position;
    this.input = Objects.requireNonNull(input, "input");
    this.queuedAtMillis = queuedAtMillis;
  }

  /**
   * A queued prompt.
   *
   * @param id unique among the store's queued prompts
   * @param position its place in the queue: prompts are sent in ascending position
   * @param input what to send; its {@link UserInput#workflowId()} is null for a new thread
   * @param queuedAtMillis when it was written, in epoch milliseconds
   */
  public static QueuedPrompt of(String id, long position, UserInput input, long queuedAtMillis) {
    return new QueuedPrompt(id, position, input, queuedAtMillis);
  }

  /**
   * A queued prompt as a store keeps it, with the input as {@link #inputJson()} wrote it.
   *
   * @throws StoreException if {@code inputJson} is not a request body this SDK wrote
   */
  public static QueuedPrompt fromStored(String id, long position, String inputJson, long queuedAtMillis) {
    return new QueuedPrompt(id, position, parseInput(inputJson), queuedAtMillis);
  }

  /** The prompt's id, unique among the queued prompts of its store. */
  public String id() {
    return id;
  }

  /** Its place in the queue: prompts are sent in ascending position. */
  public long position() {
    return position;
  }

  /** What to send. */
  public UserInput input() {
    return input;
  }

  /** When it was written, in epoch milliseconds. */
  public long queuedAtMillis() {
    return queuedAtMillis;
  }

  /** The input as the store keeps it: the request body, {@link UserInput#toJson()}. */
  public String inputJson() {
    return input.toJson();
  }

  @Override public boolean equals(Object o) {
    if (!(o instanceof QueuedPrompt)) return false;
    QueuedPrompt that = (QueuedPrompt) o;
    return id.equals(that.id) && position == that.position && queuedAtMillis == that.queuedAtMillis
        && input.equals(that.input);
  }

  @Override public int hashCode() {
    return Objects.hash(id, position, input, queuedAtMillis);
  }

  /** The id and position; not the prompt's text, which may be private. */
  @Override public String toString() {
    return "QueuedPrompt(" + id + ", position " + position + ")";
  }

  /** The one reading of a stored request body, the inverse of {@link UserInput#toJson()}. */
  private static UserInput parseInput(String json) {
    try {
      JsonReader reader = Json.reader(json);
      String prompt = null;
      List<String> fileIds = new ArrayList<>();
      String language = null;
      String workflowId = null;
      List<String[]> extras = new ArrayList<>();
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        switch (name) {
          case "prompt": prompt = reader.nextString(); break;
          case "listFileId":
            reader.beginArray();
            while (reader.hasNext()) fileIds.add(reader.nextString());
            reader.endArray();
            break;
          case "userLanguage": language = reader.nextString(); break;
          case "workflowId": workflowId = reader.nextString(); break;
          default: extras.add(new String[] {name, Json.nextRaw(reader)});
        }
      }
      reader.endObject();
      if (prompt == null) throw new IOException("no prompt");
      UserInput.Builder builder = UserInput.builder(prompt).fileIds(fileIds).language(language).workflowId(workflowId);
      for (String[] extra : extras) builder.extraFieldJson(extra[0], extra[1]);
      return builder.build();
    } catch (IOException | RuntimeException e) {
      throw new StoreException("a queued prompt's stored input is unreadable: " + e.getMessage(), e);
    }
  }
}
