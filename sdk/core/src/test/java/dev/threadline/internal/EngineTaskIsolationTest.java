package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.BackoffPolicy;
import dev.threadline.CallbackException;
import dev.threadline.ChatbotEventListener;
import dev.threadline.ChatbotException;
import dev.threadline.InMemoryThreadStore;
import dev.threadline.ThreadListObserver;
import dev.threadline.ThreadListState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** A task of the engine's own that throws (a bug) is reported, and the engine thread goes on. */
class EngineTaskIsolationTest {
  @Test void aThrowingTaskIsReportedToObserversAndTheListenerAndTheNextTaskRuns() throws Exception {
    List<CallbackException> heard = new CopyOnWriteArrayList<>();
    List<ChatbotException> observed = new CopyOnWriteArrayList<>();
    OkHttpClient http = new OkHttpClient();
    CallTracker calls = new CallTracker();
    // Nothing listens there: the list's refresh fails, which is not what this test looks at.
    BackendApi api = new BackendApi(PendingHttpClient.of(http), BaseUrl.of(HttpUrl.get("http://127.0.0.1:9/")),
        Runnable::run, calls, 1 << 20);
    StreamConnector streams = new StreamConnector(PendingHttpClient.of(http), java.time.Duration.ofSeconds(90),
        1 << 20, calls);
    ThreadEngine engine = new ThreadEngine(api, streams,
        onError -> new StoreWriter(new InMemoryThreadStore(), 10, 10, onError), Runnable::run,
        BackoffPolicy.defaults(), 10, new ChatbotEventListener() {
          @Override public void unexpectedError(dev.threadline.RoundRef round, CallbackException error) {
            heard.add(error);
          }
        }, new Counters(), calls, null, 30_000, null);
    try {
      CountDownLatch attached = new CountDownLatch(1);
      engine.observeThreads(dev.threadline.ReadPolicy.CACHE_THEN_NETWORK, new ThreadListObserver() {
        @Override public void onChanged(ThreadListState state) {
          attached.countDown();
        }

        @Override public void onError(ChatbotException error) {
          if (error instanceof CallbackException) observed.add(error);
        }
      });
      // Attached once it is shown the (empty) cached list: observers attach after the offline queue is read.
      assertTrue(attached.await(5, TimeUnit.SECONDS));

      IllegalStateException bug = new IllegalStateException("engine bug");
      engine.post(() -> {
        throw bug;
      });
      CountDownLatch next = new CountDownLatch(1);
      engine.post(next::countDown);

      assertTrue(next.await(5, TimeUnit.SECONDS), "the engine thread died with the task");
      assertEquals(1, heard.size());
      assertEquals(bug, heard.get(0).getCause());
      assertEquals(1, observed.size());
      assertEquals(bug, observed.get(0).getCause());
    } finally {
      engine.close(() -> { });
    }
  }
}
