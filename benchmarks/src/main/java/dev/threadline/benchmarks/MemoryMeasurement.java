package dev.threadline.benchmarks;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.EpochSeconds;
import dev.threadline.InMemoryThreadStore;
import dev.threadline.ThreadChange;
import dev.threadline.internal.ThreadMerger;
import dev.threadline.internal.ThreadModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;

/**
 * Benchmark 6, memory: the heap retained per item of a cached thread, by a JOL heap walk
 * ({@link GraphLayout}: every object reachable, each counted once), against the item's JSON size (the
 * chat data item as the backend writes it, {@link ChatItem#toJson()}, UTF-8 bytes).
 *
 * <p>Walked: the engine's {@link ThreadModel} of the thread (what an observed thread holds: items, order
 * vector, identity index) after loading it from a cache; the default {@link InMemoryThreadStore} holding
 * it; and both together, sharing their {@link ChatItem}s, as in a running client.
 */
public final class MemoryMeasurement {
  /** Bytes per item of each structure, and the JSON bytes per item. */
  public static final class Result {
    public final int items;
    public final double jsonBytesPerItem;
    public final double modelBytesPerItem;
    public final double storeBytesPerItem;
    public final double clientBytesPerItem;

    Result(int items, double json, double model, double store, double client) {
      this.items = items;
      this.jsonBytesPerItem = json;
      this.modelBytesPerItem = model;
      this.storeBytesPerItem = store;
      this.clientBytesPerItem = client;
    }
  }

  private MemoryMeasurement() {}

  public static Result run(int itemCount) {
    ChatThread source = Fixtures.thread(itemCount, 5);
    // As read back from a cache: fresh objects, nothing shared with the generator's strings.
    List<ChatItem> loaded = new ArrayList<>(itemCount);
    long jsonBytes = 0;
    for (ChatItem item : source.items()) {
      String json = item.toJson();
      jsonBytes += json.getBytes(StandardCharsets.UTF_8).length;
      loaded.add(ChatItem.of(item.type(), EpochSeconds.parse(item.createdAt().toString()),
          new String(item.itemJson().toCharArray())));
    }
    ChatThread thread = new ChatThread(source.workflow(), loaded);
    ThreadModel model = ThreadMerger.resync(ThreadModel.EMPTY, thread).model;
    InMemoryThreadStore store = new InMemoryThreadStore();
    store.apply(Collections.singletonList(new ThreadChange(thread.workflow(), thread.items(),
        Collections.emptyList())));

    long empty = GraphLayout.parseInstance(ThreadModel.EMPTY.withWorkflow(thread.workflow())).totalSize();
    long modelBytes = GraphLayout.parseInstance(model).totalSize() - empty;
    InMemoryThreadStore emptyStore = new InMemoryThreadStore();
    emptyStore.apply(Collections.singletonList(ThreadChange.workflowOnly(thread.workflow())));
    long storeBytes = GraphLayout.parseInstance(store).totalSize() - GraphLayout.parseInstance(emptyStore).totalSize();
    long bothBytes = GraphLayout.parseInstance(model, store).totalSize() - empty
        - GraphLayout.parseInstance(emptyStore).totalSize();
    double n = itemCount;
    return new Result(itemCount, jsonBytes / n, modelBytes / n, storeBytes / n, bothBytes / n);
  }
}
