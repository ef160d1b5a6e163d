package dev.threadline.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.app.Activity;
import android.content.Context;
import android.net.ConnectivityManager;
import android.net.Network;
import android.os.Looper;
import dev.threadline.ChatItem;
import dev.threadline.ChatbotClient;
import dev.threadline.ChatbotEventListener;
import dev.threadline.ConnectionState;
import dev.threadline.CredentialsProvider;
import dev.threadline.SendCall;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.testkit.FakeChatbotServer;
import dev.threadline.testkit.Round;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.robolectric.shadows.ShadowNetwork;

/**
 * The Android helpers under Robolectric (one class: the sandbox starts once): the main-thread executor,
 * the connectivity monitor against Robolectric's ConnectivityManager, and activity-bound observers against
 * the testkit's fake backend. Robolectric runs the test on the main thread with a paused main looper, so
 * the tests idle the looper while they wait.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
@GraphicsMode(GraphicsMode.Mode.LEGACY)   // native graphics costs about a minute of start-up for nothing drawn here
public class AndroidHelpersTest {
  private final Context context = RuntimeEnvironment.getApplication();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @After public void closeAll() throws Exception {
    for (AutoCloseable closeable : toClose) closeable.close();
  }

  // ---------------------------------------------------------------- main thread

  @Test public void mainThreadExecutorRunsTasksOnTheMainThreadInOrderAndNeverInline() throws Exception {
    MainThreadExecutor executor = new MainThreadExecutor();
    List<String> ran = new CopyOnWriteArrayList<>();
    Thread background = new Thread(() -> {
      executor.execute(() -> ran.add("first " + Looper.myLooper().equals(Looper.getMainLooper())));
      executor.execute(() -> ran.add("second " + Looper.myLooper().equals(Looper.getMainLooper())));
    });
    background.start();
    background.join();
    executor.execute(() -> ran.add("from main"));
    assertTrue("posted, not run inline", ran.isEmpty());

    shadowOf(Looper.getMainLooper()).idle();

    assertEquals(List.of("first true", "second true", "from main"), ran);
  }

  // ---------------------------------------------------------------- connectivity

  @Test public void networkMonitorReportsEachChangeOnceAndUnregistersOnClose() {
    List<Boolean> reported = new CopyOnWriteArrayList<>();
    ChatbotClient client = offlineClient(reported);
    ConnectivityManager connectivity = context.getSystemService(ConnectivityManager.class);
    Network wifi = ShadowNetwork.newInstance(1);
    Network cellular = ShadowNetwork.newInstance(2);

    NetworkMonitor monitor = NetworkMonitor.start(context, client);
    assertEquals(1, shadowOf(connectivity).getNetworkCallbacks().size());
    ConnectivityManager.NetworkCallback callback = shadowOf(connectivity).getNetworkCallbacks().iterator().next();
    callback.onAvailable(wifi);
    callback.onAvailable(cellular);
    callback.onLost(wifi);                       // cellular still carries the traffic: nothing to report
    callback.onLost(cellular);
    callback.onAvailable(wifi);
    monitor.close();
    callback.onLost(wifi);                       // after close: ignored

    // The client starts online and hears only changes: lost, then back.
    assertEquals(List.of(false, true), awaitReports(reported, 2));
    assertTrue(shadowOf(connectivity).getNetworkCallbacks().isEmpty());
  }

  @Test public void networkMonitorStartingWithoutANetworkReportsOfflineAtOnce() {
    List<Boolean> reported = new CopyOnWriteArrayList<>();
    ChatbotClient client = offlineClient(reported);
    shadowOf(context.getSystemService(ConnectivityManager.class)).setActiveNetworkInfo(null);

    toClose.add(NetworkMonitor.start(context, client));

    assertEquals(List.of(false), awaitReports(reported, 1));
  }

  // ---------------------------------------------------------------- activity binding

  @Test public void aBoundObserverPausesWhileStoppedAndClosesOnDestroy() throws Exception {
    FakeChatbotServer server = FakeChatbotServer.builder().token("token-alice", "alice")
        .pacing(Duration.ofMillis(20)).start();
    toClose.add(server);
    String workflowId = server.createThread("alice", "First question", "First answer.");
    ChatbotClient client = client(server);
    ActivityController<Activity> controller = Robolectric.buildActivity(Activity.class).setup();
    List<ThreadState> shown = new ArrayList<>();

    ActivityBinding.observeThread(controller.get(), client, workflowId, shown::add,
        ActivityBinding.WhileStopped.PAUSE);
    idleUntil(() -> !shown.isEmpty() && !shown.get(shown.size() - 1).isFromCache());
    assertEquals(server.truth(workflowId).items(), last(shown).items());

    controller.pause().stop();
    int shownWhenStopped = shown.size();
    SendCall call = client.send(UserInput.builder("Second question").workflowId(workflowId).build());
    // Each result() call is a new future completed on the callback executor: keep one.
    CompletableFuture<ThreadState> result = call.result();
    idleUntil(result::isDone);
    assertEquals("nothing delivered while stopped", shownWhenStopped, shown.size());

    controller.start();
    assertEquals("only the latest state, once, on start", shownWhenStopped + 1, shown.size());
    assertEquals(ConnectionState.Kind.COMPLETED, last(shown).connection().kind());
    assertEquals(server.truth(workflowId).items(), last(shown).items());
    List<ChatItem> applied = new ArrayList<>();
    for (ThreadState state : shown) state.changes().applyTo(applied, state.items());
    assertEquals("the held state carries the changes since the state shown before the stop",
        last(shown).items(), applied);

    controller.resume().pause().stop().destroy();
    int shownWhenDestroyed = shown.size();
    CompletableFuture<ThreadState> third =
        client.send(UserInput.builder("Third question").workflowId(workflowId).build()).result();
    idleUntil(third::isDone);
    assertEquals("nothing delivered after destroy", shownWhenDestroyed, shown.size());
  }

  @Test public void aBoundListObserverDeliversWhileStoppedWhenAskedTo() throws Exception {
    FakeChatbotServer server = FakeChatbotServer.builder().token("token-alice", "alice").start();
    toClose.add(server);
    server.createThread("alice", "One", "Answer.");
    ChatbotClient client = client(server);
    ActivityController<Activity> controller = Robolectric.buildActivity(Activity.class).setup();
    List<ThreadListState> shown = new ArrayList<>();

    ActivityBinding.observeThreads(controller.get(), client, shown::add, ActivityBinding.WhileStopped.DELIVER);
    idleUntil(() -> !shown.isEmpty() && last(shown).threads().size() == 1);
    controller.pause().stop();
    server.createThread("alice", "Two", "Answer.");
    client.refreshThreads();
    idleUntil(() -> last(shown).threads().size() == 2);

    controller.destroy();
    int shownWhenDestroyed = shown.size();
    server.createThread("alice", "Three", "Answer.");
    client.refreshThreads();
    idleFor(300);
    assertEquals(shownWhenDestroyed, shown.size());
    assertNotEquals(0, shownWhenDestroyed);
    assertFalse(controller.get().isChangingConfigurations());
  }

  // ---------------------------------------------------------------- helpers

  private ChatbotClient client(FakeChatbotServer server) {
    ChatbotClient client = ChatbotClient.builder().baseUrl(server.url())
        .credentials(CredentialsProvider.bearer("token-alice"))
        .callbackExecutor(new MainThreadExecutor())
        .build();
    toClose.add(client);
    return client;
  }

  /** A client that only records what it is told about the network. */
  private ChatbotClient offlineClient(List<Boolean> reported) {
    ChatbotClient client = ChatbotClient.builder().baseUrl("http://127.0.0.1:9/")
        .eventListener(new ChatbotEventListener() {
          @Override public void networkChanged(boolean available) {
            reported.add(available);
          }
        })
        .build();
    toClose.add(client);
    return client;
  }

  private static List<Boolean> awaitReports(List<Boolean> reported, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (reported.size() < count && System.nanoTime() < deadline) Thread.onSpinWait();
    idleFor(100);
    return List.copyOf(reported);
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

  private static void idleFor(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      shadowOf(Looper.getMainLooper()).idle();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }
}
