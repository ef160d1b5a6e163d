package dev.threadline.internal;

import com.squareup.moshi.JsonReader;
import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.Workflow;
import org.jspecify.annotations.Nullable;

/** Local stand-ins the client shows until the server's own data arrives. */
final class Placeholders {
  private Placeholders() {}

  /** The echo of a prompt: a user message of {@code round} (null when unknown). */
  static ChatItem echo(String prompt, @Nullable Integer round, EpochSeconds at) {
    String json = Json.write(writer -> {
      writer.beginObject();
      writer.name("role").value("user");
      writer.name("message").value(prompt);
      if (round != null) writer.name("roundNumber").value(round);
      writer.endObject();
    });
    return ChatItem.of(ChatItem.TYPE_MESSAGE, at, json).asPending();
  }

  /**
   * {@code previous} as a new round starts: running again, in round {@code round} when that is known, its
   * other fields as they were, until the server's copy is read.
   */
  static Workflow nextRound(Workflow previous, @Nullable Integer round) {
    return Workflow.fromJson(Json.write(writer -> {
      JsonReader reader = Json.reader(previous.json());
      writer.beginObject();
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("status") || (round != null && name.equals("currentRound"))) {
          reader.skipValue();
          continue;
        }
        writer.name(name);
        Json.writeRaw(writer, Json.nextRaw(reader));
      }
      writer.name("status").value("running");
      if (round != null) writer.name("currentRound").value(round);
      writer.endObject();
    }));
  }

  /** A workflow known only by id, running since {@code at}, until the thread is read. */
  static Workflow runningWorkflow(String id, @Nullable String name, EpochSeconds at) {
    return Workflow.fromJson(Json.write(writer -> {
      writer.beginObject();
      writer.name("id").value(id);
      if (name != null) writer.name("name").value(name);
      writer.name("status").value("running");
      writer.name("lastActivity");
      Json.writeRaw(writer, at.toString());
      writer.endObject();
    }));
  }
}
