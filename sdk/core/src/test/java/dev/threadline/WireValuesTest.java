package dev.threadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public values decoded from the wire: typed fields, fields the SDK does not know kept in value, and
 * one equality rule (the JSON value, whatever its spelling) for items and workflows alike.
 */
class WireValuesTest {
  /** A stream event as the backend writes it: Python's json.dumps, spaced, non-ASCII escaped. */
  private static final String STREAM = "{\"type\": \"log\", \"createdAt\": 1737331539.5, \"item\": {\"id\": \"log_1\", "
      + "\"workflowId\": \"wf_1\", \"message\": \"Gr\\u00fc\\u00dfe \\ud83d\\ude00 \\\"quoted\\\"\", \"type\": \"info\", "
      + "\"progress\": 0.35, \"roundNumber\": 2, \"status\": \"running\", \"meta\": {\"tags\": [\"a\", \"b\"], "
      + "\"score\": 1.0, \"none\": null, \"ok\": true}}}";
  /** The same item in a thread read: Starlette's compact UTF-8. */
  private static final String REST = "{\"type\":\"log\",\"createdAt\":1737331539.5,\"item\":{\"id\":\"log_1\","
      + "\"workflowId\":\"wf_1\",\"message\":\"Grüße 😀 \\\"quoted\\\"\",\"type\":\"info\",\"progress\":0.35,"
      + "\"roundNumber\":2,\"status\":\"running\",\"meta\":{\"tags\":[\"a\",\"b\"],\"score\":1.0,\"none\":null,"
      + "\"ok\":true}}}";

  @Test void theStreamAndRestSpellingsOfAnItemAreOneItem() {
    ChatItem streamed = ChatItem.fromJson(STREAM);
    ChatItem read = ChatItem.fromJson(REST);

    assertEquals(streamed, read);
    assertEquals(streamed.hashCode(), read.hashCode());
    assertEquals(streamed.toJson(), read.toJson(), "one spelling is kept, whichever arrived");
  }

  @Test void numbersCompareByValueWhateverTheirSpelling() {
    ChatItem one = item("{\"id\": \"s\", \"score\": 1, \"ratio\": 0.5, \"big\": 1200}");
    for (String same : new String[] {
        "{\"id\": \"s\", \"score\": 1.0, \"ratio\": 5e-1, \"big\": 1.2e3}",
        "{\"id\": \"s\", \"score\": 1e0, \"ratio\": 0.50, \"big\": 12E2}",
        "{\"id\": \"s\", \"score\": 10e-1, \"ratio\": 50.0e-2, \"big\": 1200.000}"}) {
      ChatItem other = item(same);
      assertEquals(one, other, same);
      assertEquals(one.hashCode(), other.hashCode(), same);
    }
    assertNotEquals(one, item("{\"id\": \"s\", \"score\": 1.5, \"ratio\": 0.5, \"big\": 1200}"));
    assertNotEquals(one, item("{\"id\": \"s\", \"score\": 1, \"ratio\": 0.5, \"big\": 120}"));
    assertNotEquals(one, item("{\"id\": \"s\", \"score\": -1, \"ratio\": 0.5, \"big\": 1200}"));
    assertEquals(item("{\"zero\": 0}"), item("{\"zero\": -0.0e5}"));
    assertEquals(item("{\"roundNumber\": 2, \"progress\": 0.5}"), item("{\"roundNumber\": 2.0, \"progress\": 5e-1}"));
    assertEquals(item("{\"roundNumber\": 2, \"progress\": 0}"), item("{\"roundNumber\": 20e-1, \"progress\": -0.0}"));
    assertEquals(item("{\"progress\": 0.12345678901234567890}"), item("{\"progress\": 1.2345678901234567890e-1}"));
    assertNotEquals(item("{\"progress\": 0.12345678901234567890}"), item("{\"progress\": 0.12345678901234567891}"),
        "a double could not tell these apart; the kept literal can");
    assertEquals(2, item("{\"roundNumber\": 2.0}").roundNumber());
    assertEquals("2.5", item("{\"roundNumber\": 2.5}").rawField("roundNumber"));
    assertEquals("1e999", item("{\"progress\": 1e999}").rawField("progress"));
  }

  @Test void fieldOrderDoesNotMatterAtAnyDepth() {
    ChatItem one = item("{\"id\": \"x\", \"role\": \"user\", \"a\": 1, \"b\": {\"c\": [1, {\"d\": 2, \"e\": 3}], \"f\": \"g\"}}");
    ChatItem reordered = item("{\"b\": {\"f\": \"g\", \"c\": [1, {\"e\": 3, \"d\": 2}]}, \"a\": 1, \"role\": \"user\", \"id\": \"x\"}");

    assertEquals(one, reordered);
    assertEquals(one.hashCode(), reordered.hashCode());
    assertNotEquals(one, item("{\"id\": \"x\", \"role\": \"user\", \"a\": 1, \"b\": {\"c\": [{\"d\": 2, \"e\": 3}, 1], \"f\": \"g\"}}"),
        "array order matters");
    assertNotEquals(one, item("{\"id\": \"x\", \"role\": \"user\", \"a\": 1, \"b\": {\"c\": [1, {\"d\": 2}], \"f\": \"g\"}}"));
    assertNotEquals(one, item("{\"id\": \"x\", \"role\": \"user\", \"a\": 1, \"a2\": 1, \"b\": {\"c\": [1, {\"d\": 2, \"e\": 3}], \"f\": \"g\"}}"));
  }

  @Test void stringsCompareByTheirCharactersWhateverTheirEscapes() {
    assertEquals(item("{\"note\": \"caf\\u00e9 \\u2028 \\/ \\t\"}"), item("{\"note\": \"café \u2028 / \\u0009\"}"));
    assertEquals(item("{\"note\": \"\\uD83D\\uDE00\"}"), item("{\"note\": \"😀\"}"));
    assertNotEquals(item("{\"note\": \"cafe\"}"), item("{\"note\": \"café\"}"));
    assertNotEquals(item("{\"note\": \"1\"}"), item("{\"note\": 1}"), "a string is not a number");
  }

  @Test void theKnownFieldsAreTypedAndParsedOnce() {
    ChatItem log = ChatItem.fromJson(STREAM);

    assertEquals("log", log.type());
    assertEquals("log_1", log.id());
    assertEquals("wf_1", log.workflowId());
    assertEquals(2, log.roundNumber());
    assertEquals("Grüße 😀 \"quoted\"", log.message());
    assertEquals("running", log.status());
    assertEquals(0.35, log.progress());
    assertNull(log.role());
    assertEquals(EpochSeconds.parse("1737331539.50"), log.createdAt());
    ChatItem user = ChatItem.of("message", EpochSeconds.parse("1"), "{\"id\": 42, \"role\": \"user\", \"message\": null}");
    assertTrue(user.isUserMessage());
    assertEquals("42", user.id(), "a number where an id was expected is still an id");
    assertNull(user.message());
    assertEquals("null", user.rawField("message"));
    assertEquals("42", user.rawField("id"));
  }

  @Test void fieldsTheSdkDoesNotKnowSurviveARoundTrip() {
    ChatItem streamed = ChatItem.fromJson(STREAM);
    ChatItem again = ChatItem.fromJson(streamed.toJson());
    ChatItem fromRecord = ChatItem.of(streamed.type(), streamed.createdAt(), streamed.itemJson());

    assertEquals(streamed, again);
    assertEquals(streamed, fromRecord);
    assertEquals("{\"tags\":[\"a\",\"b\"],\"score\":1.0,\"none\":null,\"ok\":true}", again.rawField("meta"));
    assertEquals("\"info\"", again.rawField("type"));
    assertEquals("0.35", again.rawField("progress"));
    assertEquals("\"Grüße 😀 \\\"quoted\\\"\"", again.rawField("message"));
    assertNull(again.rawField("absent"));
  }

  @Test void aPendingCopyIsNotTheConfirmedItem() {
    ChatItem item = item("{\"role\": \"user\", \"message\": \"hi\"}");

    assertNotEquals(item, item.asPending());
    assertEquals(item.asPending(), item.asPending());
    assertEquals(item.message(), item.asPending().message());
  }

  @Test void workflowsCompareByValueLikeItems() {
    Workflow rest = Workflow.fromJson("{\"id\":\"wf_1\",\"name\":\"Grüße\",\"status\":\"running\",\"currentRound\":2,"
        + "\"lastActivity\":1737331539.5,\"future\":{\"a\":[1,2]}}");
    Workflow python = Workflow.fromJson("{\"id\": \"wf_1\", \"name\": \"Gr\\u00fc\\u00dfe\", \"status\": \"running\", "
        + "\"currentRound\": 2, \"lastActivity\": 1737331539.50, \"future\": {\"a\": [1, 2.0]}}");
    Workflow reordered = Workflow.fromJson("{\"future\":{\"a\":[1,2]},\"status\":\"running\",\"id\":\"wf_1\","
        + "\"currentRound\":2,\"name\":\"Grüße\",\"lastActivity\":1737331539.5}");

    assertEquals(rest, python);
    assertEquals(rest.hashCode(), python.hashCode());
    assertEquals(rest, reordered);
    assertEquals(rest.hashCode(), reordered.hashCode());
    assertNotEquals(rest, Workflow.fromJson(rest.json().replace("running", "completed")));
    assertEquals(rest, Workflow.fromJson(python.json()));
    assertEquals("Grüße", python.name());
    assertEquals(WorkflowStatus.RUNNING, python.status());
    assertEquals(2, python.currentRound());
    assertEquals(EpochSeconds.parse("1737331539.5"), python.lastActivity());
    assertTrue(python.json().contains("\"future\":{\"a\":[1,2.0]}"), python.json());
  }

  @Test void malformedInputIsRefusedWithAClearMessage() {
    assertMessage("malformed chat item", () -> ChatItem.fromJson("{not json"));
    assertMessage("malformed chat item", () -> ChatItem.fromJson("{\"type\": \"log\", \"createdAt\": 1, \"item\": {\"a\": "));
    assertMessage("no \"createdAt\"", () -> ChatItem.fromJson("{\"type\": \"log\", \"item\": {}}"));
    assertMessage("no \"type\"", () -> ChatItem.fromJson("{\"createdAt\": 1, \"item\": {}}"));
    assertMessage("no \"item\"", () -> ChatItem.fromJson("{\"type\": \"log\", \"createdAt\": 1}"));
    assertMessage("\"item\" is not an object", () -> ChatItem.fromJson("{\"type\": \"log\", \"createdAt\": 1, \"item\": []}"));
    assertMessage("item must be a JSON object", () -> ChatItem.of("log", EpochSeconds.parse("1"), "[1]"));
    assertMessage("item has trailing data", () -> ChatItem.of("log", EpochSeconds.parse("1"), "{} {}"));
    assertMessage("item is malformed JSON", () -> ChatItem.of("log", EpochSeconds.parse("1"), "{\"a\": tru}"));
    assertMessage("workflow has no \"id\"", () -> Workflow.fromJson("{\"name\": \"x\"}"));
    assertMessage("malformed workflow", () -> Workflow.fromJson("{\"id\": \"x\"} trailing"));
    assertMessage("workflow is not an object", () -> Workflow.fromJson("[]"));
    assertMessage("malformed JSON", () -> UserInput.builder("hi").extraFieldJson("extra", "{\"a\":"));
    assertMessage("malformed JSON", () -> PageRequest.builder().filtersJson("{} []"));
  }

  @Test void aThreadRefusesANullItem() {
    Workflow workflow = Workflow.fromJson("{\"id\":\"wf_1\"}");
    List<ChatItem> items = Arrays.asList(item("{\"a\": 1}"), null);

    NullPointerException e = assertThrows(NullPointerException.class, () -> new ChatThread(workflow, items));

    assertTrue(e.getMessage().contains("items holds null"), e.getMessage());
    assertEquals(1, new ChatThread(workflow, items.subList(0, 1)).items().size());
  }

  private static ChatItem item(String record) {
    return ChatItem.of("stat", EpochSeconds.parse("1737331539.5"), record);
  }

  private static void assertMessage(String expected, Runnable parse) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
