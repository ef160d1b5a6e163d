package dev.threadline.internal.wire;

import com.squareup.moshi.JsonReader;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.PageRequest;
import dev.threadline.ThreadPage;
import dev.threadline.Workflow;
import dev.threadline.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/** Reads the thread routes' answers: a thread list page, and a whole thread. */
public final class ThreadCodec {
  private ThreadCodec() {}

  /** Reads a thread list page; {@code request} is the page asked for, or null. */
  public static ThreadPage readThreadPage(JsonReader reader, @Nullable PageRequest request) throws IOException {
    List<Workflow> threads = new ArrayList<>();
    int currentPage = 1;
    int pageSize = 0;
    int totalItems = 0;
    int totalPages = 0;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "items":
          reader.beginArray();
          while (reader.hasNext()) threads.add(WorkflowCodec.read(detached(reader)));
          reader.endArray();
          break;
        case "pagination":
          if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
            reader.skipValue();
            break;
          }
          reader.beginObject();
          while (reader.hasNext()) {
            switch (reader.nextName()) {
              case "currentPage": currentPage = intOr(reader, currentPage); break;
              case "pageSize": pageSize = intOr(reader, pageSize); break;
              case "totalItems": totalItems = intOr(reader, totalItems); break;
              case "totalPages": totalPages = intOr(reader, totalPages); break;
              default: reader.skipValue();
            }
          }
          reader.endObject();
          break;
        default: reader.skipValue();
      }
    }
    reader.endObject();
    return new ThreadPage(threads, currentPage, pageSize, totalItems, totalPages, request);
  }

  /** Reads {@code {"workflow": …, "chatData": {"items": […]}}}. */
  public static ChatThread readThread(JsonReader reader) throws IOException {
    Workflow workflow = null;
    List<ChatItem> items = new ArrayList<>();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "workflow": workflow = WorkflowCodec.read(detached(reader)); break;
        case "chatData":
          reader.beginObject();
          while (reader.hasNext()) {
            if (reader.nextName().equals("items") && reader.peek() == JsonReader.Token.BEGIN_ARRAY) {
              reader.beginArray();
              while (reader.hasNext()) items.add(ItemCodec.read(detached(reader)));
              reader.endArray();
            } else {
              reader.skipValue();
            }
          }
          reader.endObject();
          break;
        default: reader.skipValue();
      }
    }
    reader.endObject();
    if (workflow == null) throw new IllegalArgumentException("thread has no \"workflow\"");
    return new ChatThread(workflow, items);
  }

  /**
   * A reader of the next value alone. Moshi reads 255 levels deep: a value read where it lies in the answer
   * would have fewer levels left than the same value on the stream, and an item the stream delivered could
   * make its thread unreadable.
   */
  private static JsonReader detached(JsonReader reader) throws IOException {
    Buffer value = new Buffer();
    try (BufferedSource source = reader.nextSource()) {
      value.writeAll(source);
    }
    return JsonReader.of(value);
  }

  private static int intOr(JsonReader reader, int fallback) throws IOException {
    Integer value = Json.nextIntOrNull(reader);
    return value == null ? fallback : value;
  }
}
