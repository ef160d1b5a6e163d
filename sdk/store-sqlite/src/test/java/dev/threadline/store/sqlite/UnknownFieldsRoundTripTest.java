package dev.threadline.store.sqlite;

import static dev.threadline.store.contract.StoreFixtures.upsert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.Workflow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fields the SDK does not know go into the cache and come back out equal, in value, to what the server sent. */
class UnknownFieldsRoundTripTest {
  @TempDir Path dir;

  @Test void anItemAndAWorkflowComeBackFromTheCacheAsTheyWereStreamed() {
    // As the stream spells them: Python's json.dumps, spaced, non-ASCII escaped.
    ChatItem streamed = ChatItem.fromJson("{\"type\": \"chart\", \"createdAt\": 1737331539.123456000, \"item\": "
        + "{\"id\": \"c_1\", \"workflowId\": \"wf_1\", \"series\": [1, 2.50, {\"label\": \"caf\\u00e9\", \"n\": null}], "
        + "\"roundNumber\": 1, \"future\": {\"nested\": {\"deep\": [true, false]}}, \"message\": \"\\ud83d\\ude00\"}}");
    Workflow workflow = Workflow.fromJson("{\"id\": \"wf_1\", \"status\": \"completed\", \"lastActivity\": 1737331540.5, "
        + "\"futureField\": {\"kept\": [1, 2]}}");

    try (SqliteThreadStore store = SqliteThreadStore.open(dir, "alice")) {
      store.apply(List.of(upsert(workflow, List.of(streamed))));
    }
    ChatThread loaded;
    try (SqliteThreadStore store = SqliteThreadStore.open(dir, "alice")) {
      loaded = store.loadThread("wf_1");
    }

    ChatItem cached = loaded.items().get(0);
    assertEquals(streamed, cached);
    assertEquals(streamed.toJson(), cached.toJson());
    assertEquals("[1,2.50,{\"label\":\"café\",\"n\":null}]", cached.rawField("series"));
    assertEquals("{\"nested\":{\"deep\":[true,false]}}", cached.rawField("future"));
    assertEquals("😀", cached.message());
    assertEquals("1737331539.123456000", cached.createdAt().toString());
    assertEquals(workflow, loaded.workflow());
    assertEquals("{\"id\":\"wf_1\",\"status\":\"completed\",\"lastActivity\":1737331540.5,\"futureField\":{\"kept\":[1,2]}}",
        loaded.workflow().json());
  }
}
