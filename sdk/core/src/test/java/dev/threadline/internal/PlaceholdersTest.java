package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import dev.threadline.Workflow;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stand-ins made from their values are what their JSON makes: the echo of a prompt the item its record
 * makes, a new thread's running workflow the workflow its object makes (the same fields, the same JSON).
 */
class PlaceholdersTest {
  private static final List<String> PROMPTS = Arrays.asList("What is our refund policy?", "",
      "quotes \" and \\ and / and\ttabs\nand lines", "控制 \u0001 \u2028 emoji \uD83D\uDE00",
      "an unpaired surrogate \uD83D here", "ends with one \uDE00");

  @Test void echoIsTheItemItsJsonRecordMakes() {
    EpochSeconds at = EpochSeconds.ofEpochMillis(1_737_331_539_123L);
    for (String prompt : PROMPTS) {
      for (Integer round : Arrays.asList(null, 1, 300)) {
        String record = Json.write(writer -> {
          writer.beginObject();
          writer.name("role").value("user");
          writer.name("message").value(prompt);
          if (round != null) writer.name("roundNumber").value(round);
          writer.endObject();
        });
        ChatItem fromJson = ChatItem.of(ChatItem.TYPE_MESSAGE, at, record).asPending();
        ChatItem echo = Placeholders.echo(prompt, round, at);
        assertEquals(fromJson, echo, prompt);
        assertEquals(fromJson.toJson(), echo.toJson(), prompt);
        assertEquals(fromJson.identityKey(), echo.identityKey(), prompt);
        assertEquals(fromJson.message(), echo.message(), prompt);
        assertEquals(round, echo.roundNumber());
        assertTrue(echo.isPending() && echo.isUserMessage());
      }
    }
  }

  @Test void runningWorkflowIsTheWorkflowItsJsonMakes() {
    for (String at : Arrays.asList("1737331539.123", "1737331539", "0.5")) {
      for (String name : PROMPTS) {
        for (String id : Arrays.asList("wf_1", "wf_\u00e9\"quoted\"", "wf_\uD83D")) {
          for (boolean named : new boolean[] {true, false}) {
            Workflow fromJson = Workflow.fromJson(Json.write(writer -> {
              writer.beginObject();
              writer.name("id").value(id);
              if (named) writer.name("name").value(name);
              writer.name("status").value("running");
              writer.name("lastActivity");
              Json.writeRaw(writer, at);
              writer.endObject();
            }));
            Workflow running = Placeholders.runningWorkflow(id, named ? name : null, EpochSeconds.parse(at));
            assertEquals(fromJson, running, name);
            assertEquals(fromJson.json(), running.json(), name);
            assertEquals(fromJson.id(), running.id());
            assertEquals(fromJson.name(), running.name());
            assertEquals(fromJson.status(), running.status());
            assertEquals(fromJson.lastActivity(), running.lastActivity());
            assertEquals(fromJson.lastActivity().toString(), running.lastActivity().toString());
          }
        }
      }
    }
  }
}
