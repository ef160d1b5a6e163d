package dev.threadline.internal.wire;

import dev.threadline.PageRequest;
import dev.threadline.UserInput;
import dev.threadline.internal.Json;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes the request bodies and parameters the SDK sends. */
public final class RequestCodec {
  private RequestCodec() {}

  /** The {@code POST /start/stream} body: the backend's {@code UserInputRequest}. */
  public static String userInput(UserInput input) {
    return Json.write(writer -> {
      writer.beginObject();
      writer.name("prompt").value(input.prompt());
      writer.name("listFileId").beginArray();
      for (String fileId : input.fileIds()) writer.value(fileId);
      writer.endArray();
      // The backend's model gives both a default and refuses null for the language: a field without a
      // value is left out, never sent as null, so the model's default applies.
      if (input.language() != null) writer.name("userLanguage").value(input.language());
      if (input.workflowId() != null) writer.name("workflowId").value(input.workflowId());
      for (Map.Entry<String, String> extra : input.extraFieldsJson().entrySet()) {
        writer.name(extra.getKey());
        Json.writeRaw(writer, extra.getValue());
      }
      writer.endObject();
    });
  }

  /** The {@code pagination} query parameter's JSON. */
  public static String pageRequest(PageRequest page) {
    return Json.write(writer -> {
      writer.beginObject();
      writer.name("page").value(page.page());
      writer.name("pageSize").value(page.pageSize());
      writer.name("sort").beginArray();
      for (PageRequest.Sort s : page.sort()) {
        writer.beginObject();
        writer.name("field").value(s.field());
        writer.name("direction").value(s.direction().name().toLowerCase(Locale.ROOT));
        writer.endObject();
      }
      writer.endArray();
      // Optional in the backend's model: without filters the field is left out rather than sent as null.
      if (page.filtersJson() != null) {
        writer.name("filters");
        Json.writeRaw(writer, page.filtersJson());
      }
      writer.endObject();
    });
  }

  /** The JSON text of a JSON-compatible Java value (Map, List, String, Number, Boolean, null). */
  public static String valueJson(@Nullable Object value) {
    return Json.toJson(value);
  }
}
