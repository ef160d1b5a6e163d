package dev.threadline.sample;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.content.Intent;
import android.os.Looper;
import android.view.View;
import dev.threadline.ChatItem;
import dev.threadline.ConnectionState;
import dev.threadline.Workflow;
import dev.threadline.testkit.FakeChatbotServer;
import dev.threadline.testkit.Round;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.robolectric.annotation.SQLiteMode;

/**
 * The sample app driven like a user under Robolectric, against the testkit's fake backend and a real Room
 * cache: one class, so the sandbox starts once.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34, application = FakeBackendApplication.class)
@SQLiteMode(SQLiteMode.Mode.NATIVE)
@GraphicsMode(GraphicsMode.Mode.LEGACY)
public class SampleAppTest {
  private FakeChatbotServer server;

  @Before public void startBackend() {
    server = FakeChatbotServer.builder().token("token-alice", "alice").pacing(Duration.ofMillis(30)).start();
    FakeBackendApplication.baseUrl = server.url().toString();
  }

  @After public void stop() {
    app().closeClient();
    server.close();
  }

  @Test public void threadsShowFromTheServerThenFromRoomAfterProcessDeathOffline() throws Exception {
    String first = server.createThread("alice", "Refund policy", "Refunds take 5 days.");
    String second = server.createThread("alice", "Opening hours", "9 to 5.");
    ActivityController<ThreadListActivity> list = Robolectric.buildActivity(ThreadListActivity.class).setup();
    idleUntil(() -> list.get().shownThreads().size() == 2 && list.get().banner().getVisibility() == View.GONE);
    assertEquals(List.of(second, first), ids(list.get().shownThreads()));
    ActivityController<ConversationActivity> conversation = open(first);
    idleUntil(() -> conversation.get().shownLines().contains("assistant: Refunds take 5 days."));
    assertTrue(app().client().flushCache(Duration.ofSeconds(10)));
    conversation.pause().stop().destroy();
    list.pause().stop().destroy();

    // The process dies; the app comes back without a network (the backend is gone).
    app().closeClient();
    server.close();
    ActivityController<ThreadListActivity> again = Robolectric.buildActivity(ThreadListActivity.class).setup();
    idleUntil(() -> again.get().shownThreads().size() == 2);
    assertEquals(List.of(second, first), ids(again.get().shownThreads()));
    // Saved threads, and (once the refresh has failed, before or after the cache showed) why they are not fresh.
    String banner = again.get().banner().getText().toString();
    assertTrue(banner, banner.startsWith("Showing saved threads"));
    ActivityController<ConversationActivity> offline = open(first);
    idleUntil(() -> offline.get().shownLines().contains("assistant: Refunds take 5 days."));
    assertTrue(offline.get().shownState().isFromCache());
    assertEquals(View.VISIBLE, offline.get().banner().getVisibility());
  }

  @Test public void sendStreamsInSurvivesRotationThenContinueStopAndDelete() throws Exception {
    // The assistant thinks for 2 s after its first log: the screen is rotated while the stream is open.
    server.script().nextRound(Round.reply("Refunds take 5 days.").logs(8).thinking(Duration.ofSeconds(2)));
    ActivityController<ThreadListActivity> list = Robolectric.buildActivity(ThreadListActivity.class).setup();
    list.get().prompt().setText("What is our refund policy?");
    list.get().sendButton().performClick();
    Intent opened = shadowOf(list.get()).getNextStartedActivity();
    ActivityController<ConversationActivity> conversation =
        Robolectric.buildActivity(ConversationActivity.class, opened).setup();
    // The prompt shows as soon as the client's engine has taken the send: on a client just built, after its
    // first cache read (the offline queue it restores), so it is waited for here, not asserted at once.
    idleUntil(() -> conversation.get().shownLines().stream()
        .anyMatch(line -> line.startsWith("user: What is our refund policy?")));
    idleUntil(() -> conversation.get().shownState() != null
        && conversation.get().shownState().connection().kind() == ConnectionState.Kind.STREAMING
        && conversation.get().shownLines().size() >= 2);

    conversation.recreate();                                   // rotation mid-stream
    assertTrue("the recreated screen shows the thread at once", conversation.get().shownLines().size() >= 2);
    idleUntil(() -> conversation.get().shownState() != null
        && conversation.get().shownState().connection().kind() == ConnectionState.Kind.COMPLETED);
    String workflowId = conversation.get().workflowId();
    server.awaitRoundFinished(workflowId);
    assertEquals(server.truth(workflowId).items(), conversation.get().shownState().items());  // nothing lost
    List<String> lines = conversation.get().shownLines();
    List<ChatItem> items = conversation.get().shownState().items();
    assertEquals("nothing twice", items.size(), items.stream().map(ChatItem::identityKey).distinct().count());
    assertEquals("user: What is our refund policy?", lines.get(0));
    assertEquals("assistant: Refunds take 5 days.", lines.get(lines.size() - 1));
    assertEquals("one stream, despite the rotation", 1, server.countRequests("POST", "/api/chatbot/start/stream"));

    // Continue with a long round, then stop it.
    server.script().nextRound(Round.longRun(Duration.ofSeconds(30)));
    conversation.get().prompt().setText("And for digital goods?");
    conversation.get().sendButton().performClick();
    idleUntil(() -> conversation.get().stopButton().isEnabled()
        && conversation.get().shownState().items().stream().anyMatch(i -> "log".equals(i.type())
            && Integer.valueOf(2).equals(i.roundNumber())));
    conversation.get().stopButton().performClick();
    idleUntil(() -> conversation.get().shownState().connection().kind() == ConnectionState.Kind.STOPPED);
    assertEquals("stopped", server.truth(workflowId).workflow().statusText());
    assertEquals(2, server.countRequests("POST", "/api/chatbot/start/stream"));

    // Delete: the screen closes, the server and the list forget the thread.
    conversation.get().deleteButton().performClick();
    idleUntil(() -> conversation.get().isFinishing());
    assertFalse(server.hasThread(workflowId));
    idleUntil(() -> list.get().shownThreads().stream().noneMatch(w -> w.id().equals(workflowId)));
    // The conversation's own state arrives apart from the list's: waited for, not read at the list's moment.
    idleUntil(() -> conversation.get().shownState().items().isEmpty());   // the deleted thread's items are gone
  }

  private static ActivityController<ConversationActivity> open(String workflowId) {
    Intent intent = new Intent(RuntimeEnvironment.getApplication(), ConversationActivity.class)
        .putExtra(ConversationActivity.EXTRA_WORKFLOW_ID, workflowId);
    return Robolectric.buildActivity(ConversationActivity.class, intent).setup();
  }

  private static SampleApplication app() {
    return SampleApplication.from(RuntimeEnvironment.getApplication());
  }

  private static List<String> ids(List<Workflow> threads) {
    return threads.stream().map(Workflow::id).collect(Collectors.toList());
  }

  private static void idleUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      shadowOf(Looper.getMainLooper()).idle();
      if (condition.getAsBoolean()) return;
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30 s");
      Thread.sleep(5);
    }
  }
}
