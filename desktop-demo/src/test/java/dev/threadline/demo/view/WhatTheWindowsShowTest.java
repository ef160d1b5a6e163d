package dev.threadline.demo.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.threadline.ChatItem;
import dev.threadline.ConnectionState;
import dev.threadline.ThreadState;
import dev.threadline.Workflow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What both windows show: one block per message and one activity line per round, the header, the connection. */
class WhatTheWindowsShowTest {
  private static final String WF = "wf_1";

  @Test void aRoundIsItsPromptOneActivityLineAndTheAnswerWithItsStatistics() {
    ThreadState state = state("completed", ConnectionState.COMPLETED,
        message("m1", "user", "What is our refund policy?", 1, "1.1"),
        log("l1", 0.25, "running", 1, "1.2"),
        log("l2", 0.75, "running", 1, "1.3"),
        stat("s1", 1, "1.4"),
        message("m2", "assistant", "Refunds take 5 days.", 1, "1.5"));

    List<ConversationBlocks.Block> blocks = ConversationBlocks.of(state);

    assertEquals(3, blocks.size(), blocks.toString());
    ConversationBlocks.Message prompt = assertInstanceOf(ConversationBlocks.Message.class, blocks.get(0));
    assertEquals("What is our refund policy?", prompt.text());
    assertNull(prompt.footer());
    ConversationBlocks.Activity activity = assertInstanceOf(ConversationBlocks.Activity.class, blocks.get(1));
    assertEquals(2, activity.logs().size());
    assertEquals(new ActivitySummary("Activity · 2 steps", 100, false, ActivitySummary.Stage.DONE), activity.summary());
    ConversationBlocks.Message answer = assertInstanceOf(ConversationBlocks.Message.class, blocks.get(2));
    assertEquals("Answered in 2.5 s · 42 tokens", answer.footer());
  }

  @Test void aRunningRoundSaysWhatTheAssistantDoesWithTheLogsProgress() {
    ThreadState state = state("running", ConnectionState.STREAMING,
        message("m1", "user", "Summarise the report", 1, "1.1"),
        log("l1", 0.4, "running", 1, "1.2"));

    ConversationBlocks.Activity activity = (ConversationBlocks.Activity) ConversationBlocks.of(state).get(1);

    assertEquals(new ActivitySummary("Working · Analysing request...", 40, false, ActivitySummary.Stage.RUNNING),
        activity.summary());
  }

  @Test void aStoppedRoundAndAFailedOneSayWhatHappened() {
    ThreadState stopped = state("stopped", ConnectionState.STOPPED,
        message("m1", "user", "Draft the annual report", 1, "1.1"), log("l1", 0.13, "running", 1, "1.2"));
    assertEquals("Stopped · 1 step", ((ConversationBlocks.Activity) ConversationBlocks.of(stopped).get(1)).summary().text());

    ThreadState failed = state("error", ConnectionState.failed(null),
        message("m1", "user", "Break", 1, "1.1"), log("l1", 0.5, "error", 1, "1.2"));
    ActivitySummary summary = ((ConversationBlocks.Activity) ConversationBlocks.of(failed).get(1)).summary();
    assertEquals(new ActivitySummary("Failed · Analysing request...", 50, true, ActivitySummary.Stage.DONE), summary);
  }

  @Test void statisticsWithoutAnAnswerAndItemsOfUnknownTypesGetTheirOwnLines() {
    ThreadState state = state("completed", ConnectionState.COMPLETED,
        message("m1", "user", "Chart it", 1, "1.1"),
        "{\"type\": \"chart\", \"createdAt\": 1.2, \"item\": {\"id\": \"c1\", \"roundNumber\": 1}}",
        stat("s1", 1, "1.3"));

    List<ConversationBlocks.Block> blocks = ConversationBlocks.of(state);

    assertEquals("chart item (not shown by this version)",
        assertInstanceOf(ConversationBlocks.Unknown.class, blocks.get(1)).text());
    assertEquals("Answered in 2.5 s · 42 tokens", assertInstanceOf(ConversationBlocks.Stat.class, blocks.get(2)).text());
  }

  @Test void theHeaderOffersStopWhileARoundRunsAndNeitherButtonOffline() {
    ThreadState running = state("running", ConnectionState.STREAMING, message("m1", "user", "Hi", 1, "1.1"));
    assertEquals(new HeaderText("What is our refund policy?", "Running…", Tone.RUNNING, true, true),
        HeaderText.of(running, null, null, false));
    assertEquals(new HeaderText("What is our refund policy?", "Running…", Tone.RUNNING, false, false),
        HeaderText.of(running, null, null, true));
    ThreadState stopped = state("stopped", ConnectionState.STOPPED, message("m1", "user", "Hi", 1, "1.1"));
    assertEquals(new HeaderText("What is our refund policy?", "Stopped", Tone.WARNING, false, true),
        HeaderText.of(stopped, null, null, false));
  }

  @Test void theConnectionCountsDownToTheNextTry() {
    ConnectionState reconnecting = ConnectionState.reconnecting(2, Instant.ofEpochMilli(10_500), null);
    ConnectionText text = ConnectionText.of(reconnecting, false, false, Instant.ofEpochMilli(1_000));
    assertEquals("Reconnecting in 10 s", text.text());
    assertEquals(Tone.WARNING, text.tone());
    assertEquals(true, text.retryable());
    assertEquals(true, ConnectionText.countsDown(reconnecting, false));
    assertEquals("Offline · showing cached data", ConnectionText.of(reconnecting, false, true,
        Instant.ofEpochMilli(1_000)).text());
    assertEquals("Showing cached data", ConnectionText.of(ConnectionState.IDLE, true, false, Instant.EPOCH).text());
  }

  private static ThreadState state(String status, ConnectionState connection, String... items) {
    Workflow workflow = Workflow.fromJson("{\"id\": \"" + WF + "\", \"name\": \"What is our refund policy?\", "
        + "\"status\": \"" + status + "\", \"currentRound\": 1, \"lastActivity\": 1737331542.02}");
    return ThreadState.builder().workflowId(WF).workflow(workflow).connection(connection)
        .items(java.util.Arrays.stream(items).map(ChatItem::fromJson).collect(java.util.stream.Collectors.toList()))
        .build();
  }

  private static String message(String id, String role, String text, int round, String createdAt) {
    return "{\"type\": \"message\", \"createdAt\": " + createdAt + ", \"item\": {\"id\": \"" + id
        + "\", \"workflowId\": \"" + WF + "\", \"role\": \"" + role + "\", \"message\": \"" + text
        + "\", \"roundNumber\": " + round + "}}";
  }

  private static String log(String id, double progress, String status, int round, String createdAt) {
    return "{\"type\": \"log\", \"createdAt\": " + createdAt + ", \"item\": {\"id\": \"" + id
        + "\", \"workflowId\": \"" + WF + "\", \"message\": \"Analysing request...\", \"type\": \"info\", "
        + "\"status\": \"" + status + "\", \"progress\": " + progress + ", \"roundNumber\": " + round + "}}";
  }

  private static String stat(String id, int round, String createdAt) {
    return "{\"type\": \"stat\", \"createdAt\": " + createdAt + ", \"item\": {\"id\": \"" + id
        + "\", \"workflowId\": \"" + WF + "\", \"processingTime\": 2.5, \"tokenCount\": 42, \"roundNumber\": " + round
        + "}}";
  }
}
