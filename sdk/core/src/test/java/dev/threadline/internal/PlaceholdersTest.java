package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ChatItem;
import dev.threadline.EpochSeconds;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The echo of a prompt, made from its values, is the item its JSON record makes: the same fields, the same
 * JSON, equal, and confirmed by the same server copies.
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
}
