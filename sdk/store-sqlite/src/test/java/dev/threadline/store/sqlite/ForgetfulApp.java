package dev.threadline.store.sqlite;

import dev.threadline.ChatbotClient;
import dev.threadline.UserInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An app that never calls {@code close()}: it sends a prompt, waits until the answer's {@code items} items
 * are on screen, and returns from {@code main}. Its cache writes are held back (a batch of 10,000 items or
 * 60 s), so at that moment they are all still queued: only the flush at exit can write them.
 *
 * <p>Arguments: the cache directory, the server's base URL, the number of items to wait for.
 */
public final class ForgetfulApp {
  private ForgetfulApp() {}

  public static void main(String[] args) throws Exception {
    int items = Integer.parseInt(args[2]);
    ChatbotClient client = ChatbotClient.builder()
        .baseUrl(args[1])
        .store(SqliteThreadStore.open(Path.of(args[0]), "alice"))
        .storeBatching(10_000, Duration.ofSeconds(60))
        .build();
    CountDownLatch shown = new CountDownLatch(1);
    client.send(UserInput.of("Hi")).observe(state -> {
      if (state.items().size() == items && !state.items().get(0).isPending()) shown.countDown();
    });
    if (!shown.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the answer did not arrive");
    System.out.println("returning from main");
  }
}
