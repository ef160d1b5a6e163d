package dev.threadline.internal;

import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.Workflow;

/** Local stand-ins the client shows until the server's own data arrives. */
final class Placeholders {
  private Placeholders() {}

  /** The echo of a prompt: a user message of {@code round} (null when unknown). */
  static ChatItem echo(String prompt, Integer round, EpochSeconds at) {
    String json = Json.write(writer -> {
      writer.beginObject();
      writer.name("role").value("user");
      writer.name("message").value(prompt);
      if (round != null) writer.name("roundNumber").value(round);
      writer.endObject();
    });
    return ChatItem.of(ChatItem.TYPE_MESSAGE, at, json).asPending();
  }

  /** A workflow known only by id, running since {@code at}, until the thread is read. */
  static Workflow runningWorkflow(String id, String name, EpochSeconds at) {
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
