package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.InMemoryThreadStore;
import dev.threadline.ReadPolicy;
import dev.threadline.ThreadListState;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The thread list keeps its order as threads come, change and go (each put in its place rather than the list
 * sorted again): after every change its observer sees exactly the threads held, in the list's order, whatever
 * the activity times (equal, missing, spelled differently).
 */
class ThreadListOrderTest {
  private static final String[] TIMES = {null, "1737331539", "1737331539.0", "1737331539.5", "1737331540", "12",
      "1e3", "1000"};

  @Test void everyStateHoldsTheThreadsInTheListsOrder() throws Exception {
    Random random = new Random(15);
    for (int run = 0; run < 200; run++) {
      StoreWriter store = new StoreWriter(new InMemoryThreadStore(), 100, 1, error -> { });
      BackendApi api = new BackendApi(PendingHttpClient.of(new OkHttpClient()), BaseUrl.of(HttpUrl.get("http://localhost/")),
          Runnable::run, new CallTracker(), 1 << 20);
      ThreadListController list = new ThreadListController(api, store, 50, Runnable::run, id -> false);
      AtomicReference<ThreadListState> shown = new AtomicReference<>();
      CountDownLatch cacheShown = new CountDownLatch(1);
      Delivery<ThreadListState> observer = new Delivery<>(Runnable::run, state -> {
        shown.set(state);
        cacheShown.countDown();
      }, error -> { }, closed -> { }, thrown -> { });
      list.attach(observer, ReadPolicy.CACHE_ONLY);
      assertTrue(cacheShown.await(10, TimeUnit.SECONDS));
      Map<String, Workflow> held = new HashMap<>();
      for (int step = 0; step < 60; step++) {
        String id = "wf_" + random.nextInt(12);
        int what = random.nextInt(5);
        if (what == 0) {
          list.remove(id);
          held.remove(id);
        } else if (what == 1) {
          List<Workflow> page = new ArrayList<>();
          for (int i = random.nextInt(4); i > 0; i--) page.add(workflow("wf_" + random.nextInt(12), random));
          list.merge(page);
          for (Workflow workflow : page) held.put(workflow.id(), workflow);
        } else {
          Workflow workflow = workflow(id, random);
          list.update(workflow);
          held.put(id, workflow);
        }
        List<Workflow> expected = new ArrayList<>(held.values());
        expected.sort(WorkflowOrder.BY_RECENT_ACTIVITY);
        assertEquals(expected, list.state().threads(), "run " + run + " step " + step);
        if (!held.isEmpty()) assertEquals(expected, shown.get().threads(), "run " + run + " step " + step);
      }
      store.close();
    }
  }

  private static Workflow workflow(String id, Random random) {
    String time = TIMES[random.nextInt(TIMES.length)];
    return Workflow.fromJson("{\"id\": \"" + id + "\", \"status\": \"running\", \"name\": \"n" + random.nextInt(3)
        + "\"" + (time == null ? "" : ", \"lastActivity\": " + time) + "}");
  }
}
