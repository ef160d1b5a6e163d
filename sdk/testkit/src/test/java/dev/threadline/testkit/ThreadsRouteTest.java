package dev.threadline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /threads}: lists, pagination metadata as the reference route builds it, single threads, users. */
class ThreadsRouteTest {
  final FakeChatbotServer server = FakeChatbotServer.builder()
      .token("token-alice", "alice").token("token-bob", "bob").seed(7).start();
  final TestHttp alice = new TestHttp(server, "token-alice");
  final TestHttp bob = new TestHttp(server, "token-bob");

  @AfterEach void close() {
    server.close();
  }

  private String list(TestHttp who, String pagination) throws Exception {
    String query = pagination == null ? "" : "?pagination=" + URLEncoder.encode(pagination, StandardCharsets.UTF_8);
    try (Response response = who.get("/api/chatbot/threads" + query)) {
      assertEquals(200, response.code(), "pagination " + pagination);
      return response.body().string();
    }
  }

  private static List<String> ids(String body) {
    List<String> ids = new ArrayList<>();
    Matcher matcher = Pattern.compile("\\{\"id\":\"(wf_[^\"]+)\"").matcher(body);
    while (matcher.find()) ids.add(matcher.group(1));
    return ids;
  }

  @Test void withoutPaginationAllThreadsComeInOnePageWithTheReferenceMetadata() throws Exception {
    String a = server.createThread("alice", "A", "a");
    String b = server.createThread("alice", "B", "b");
    String body = list(alice, null);
    assertEquals(List.of(a, b), ids(body));
    assertTrue(body.endsWith("],\"pagination\":{\"currentPage\":1,\"pageSize\":2,\"totalItems\":2,\"totalPages\":1,"
        + "\"sort\":[],\"filters\":null}}"), body);
    assertEquals(server.truth(a).workflow().json(), body.substring("{\"items\":[".length(), body.indexOf("},{") + 1));
  }

  @Test void emptyListStillHasOnePage() throws Exception {
    assertEquals("{\"items\":[],\"pagination\":{\"currentPage\":1,\"pageSize\":0,\"totalItems\":0,\"totalPages\":1,"
        + "\"sort\":[],\"filters\":null}}", list(alice, null));
    assertEquals("{\"items\":[],\"pagination\":{\"currentPage\":1,\"pageSize\":20,\"totalItems\":0,\"totalPages\":0,"
        + "\"sort\":[],\"filters\":null}}", list(alice, "{\"page\": 1, \"pageSize\": 20}"));
  }

  @Test void paginationSortsPagesAndEchoesSortAndFilters() throws Exception {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) created.add(server.createThread("alice", "Q" + i, "A" + i));
    String body = list(alice, "{\"page\": 2, \"pageSize\": 2, \"sort\": [{\"field\": \"lastActivity\", "
        + "\"direction\": \"desc\"}], \"filters\": {\"status\": \"completed\"}}");
    assertEquals(List.of(created.get(2), created.get(1)), ids(body));
    assertTrue(body.endsWith("\"pagination\":{\"currentPage\":2,\"pageSize\":2,\"totalItems\":5,\"totalPages\":3,"
        + "\"sort\":[{\"field\":\"lastActivity\",\"direction\":\"desc\"}],\"filters\":{\"status\":\"completed\"}}}"), body);
    assertEquals(List.of(created.get(4)), ids(list(alice, "{\"page\": 3, \"pageSize\": 2}")));
    assertEquals(List.of(), ids(list(alice, "{\"page\": 9, \"pageSize\": 2}")));
    assertEquals(List.of(created.get(0), created.get(1)),
        ids(list(alice, "{\"page\": 1, \"pageSize\": 2, \"sort\": [{\"field\": \"name\", \"direction\": \"asc\"}]}")));
    assertEquals(created, ids(list(alice, "{}")), "an empty object means no pagination");
  }

  @Test void badPaginationIs400WithAnInvalidPaginationDetail() throws Exception {
    for (String bad : new String[] {"{page: 1", "{\"page\": \"x\", \"pageSize\": 2}", "{\"page\": 1, \"pageSize\": 0}",
        "{\"pageSize\": 2}"}) {
      try (Response response = alice.get("/api/chatbot/threads?pagination="
          + URLEncoder.encode(bad, StandardCharsets.UTF_8))) {
        assertEquals(400, response.code(), bad);
        assertTrue(response.body().string().startsWith("{\"detail\":\"Invalid pagination parameter: "), bad);
      }
    }
  }

  @Test void oneThreadWithItsItemsOr404() throws Exception {
    String id = server.createThread("alice", "Q", "A");
    try (Response response = alice.get("/api/chatbot/threads?workflowId=" + id)) {
      String body = response.body().string();
      assertTrue(body.startsWith("{\"workflow\":{\"id\":\"" + id + "\""), body);
      assertTrue(body.contains("\"chatData\":{\"items\":[{\"type\":\"message\""), body);
    }
    try (Response response = alice.get("/api/chatbot/threads?workflowId=wf_nope")) {
      assertEquals(404, response.code());
      assertEquals("{\"detail\":\"Workflow with ID wf_nope not found\"}", response.body().string());
    }
  }

  @Test void usersSeeOnlyTheirOwnThreads() throws Exception {
    String alices = server.createThread("alice", "Mine", "yes");
    String bobs = server.createThread("bob", "His", "yes");
    assertEquals(List.of(alices), ids(list(alice, null)));
    assertEquals(List.of(bobs), ids(list(bob, null)));
    try (Response response = bob.get("/api/chatbot/threads?workflowId=" + alices)) {
      assertEquals(404, response.code());
    }
    assertEquals(1, server.threadsOf("bob").size());
  }

  @Test void nonChatbotWorkflowsAreLeftOutOfListsButReadable() throws Exception {
    String other = server.createNonChatbotWorkflow("alice", "Nightly import");
    assertEquals(List.of(), ids(list(alice, null)));
    try (Response response = alice.get("/api/chatbot/threads?workflowId=" + other)) {
      assertEquals(200, response.code());
      assertTrue(response.body().string().contains("\"workflowMode\":\"Automation\""));
    }
  }

  @Test void seededExamplesAreFinishedRealisticThreads() throws Exception {
    List<String> ids = server.seedExampleThreads();
    assertEquals(6, ids.size(), "three for each of the two users");
    assertEquals(3, ids(list(alice, null)).size());
    assertEquals(2, server.truth(ids.get(1)).workflow().currentRound());
    for (String id : ids) assertEquals("completed", server.truth(id).workflow().statusText());
  }
}
