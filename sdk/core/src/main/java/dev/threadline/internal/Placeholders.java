package dev.threadline.internal;

import com.squareup.moshi.JsonReader;
import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.Workflow;
import dev.threadline.internal.wire.ItemCodec;
import dev.threadline.internal.wire.WorkflowCodec;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Local stand-ins the client shows until the server's own data arrives. */
final class Placeholders {
  private Placeholders() {}

  /**
   * The echo of a prompt: a user message of {@code round} (null when unknown). Made from its values, not
   * written as JSON and parsed (a send's first step, on its way to the POST); its text is the prompt as the
   * request carries it, in UTF-8, where an unpaired surrogate becomes {@code ?}, as the server's copy will.
   */
  static ChatItem echo(String prompt, @Nullable Integer round, EpochSeconds at) {
    return ItemCodec.message(at, "user", asUtf8(prompt), round).asPending();
  }

  /** {@code text} as UTF-8 carries it: an unpaired surrogate becomes {@code ?}, as in the JSON it was made of. */
  private static String asUtf8(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
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

  /**
   * A workflow known only by id, running since {@code at}, until the thread is read. Made from its values (a
   * new thread's, as its first item arrives).
   */
  static Workflow runningWorkflow(String id, @Nullable String name, EpochSeconds at) {
    return WorkflowCodec.running(asUtf8(id), name == null ? null : asUtf8(name), at);
  }
}
