package dev.threadline.benchmarks;

import dev.threadline.ChatThread;
import dev.threadline.ChatbotClient;
import dev.threadline.Subscription;
import dev.threadline.ThreadChange;
import dev.threadline.ThreadState;
import dev.threadline.store.sqlite.SqliteThreadStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Benchmark 3, cold start: an existing desktop cache (an SQLite file holding a thread of {@code items}
 * items) and a backend that accepts the connection but does not answer yet (as over a slow network).
 *
 * <ul>
 *   <li>{@link #ours}: {@link SqliteThreadStore#open}, build a {@link ChatbotClient} on it (direct callback
 *       executor), {@code observeThread}, until the observer gets the first state: the cached one, all
 *       {@code items} items. Then the client is closed.
 *   <li>{@link #baseline}: plain sqlite-jdbc opens the same file and reads the thread's rows
 *       ({@code type, created_at, item_json ORDER BY seq}) into strings.
 * </ul>
 * The runner runs it twice: warmed up (average time per start in a running app), and as the first call in
 * fresh JVMs (single shot, one per fork: class loading and interpretation included).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@BenchmarkMode(Mode.AverageTime)
public class ColdStartBenchmark {
  @Param({"10000"})
  public int items;
  static final String ACCOUNT = "bench-account";

  private Path directory;
  private Path file;
  private ServerSocket silentBackend;
  private final List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());

  @Setup(Level.Trial)
  public void createCache() throws IOException {
    directory = Files.createTempDirectory("threadline-bench-cold");
    ChatThread thread = Fixtures.thread(items, 3);
    try (SqliteThreadStore store = SqliteThreadStore.open(directory, ACCOUNT)) {
      store.apply(Collections.singletonList(new ThreadChange(thread.workflow(), thread.items(),
          Collections.emptyList())));
      file = store.file();
    }
    silentBackend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!silentBackend.isClosed()) {
        try {
          accepted.add(silentBackend.accept());
        } catch (IOException e) {
          return;
        }
      }
    }, "silent-backend");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @TearDown(Level.Trial)
  public void deleteCache() throws IOException {
    silentBackend.close();
    synchronized (accepted) {
      for (Socket socket : accepted) socket.close();
    }
    try (var files = Files.list(directory)) {
      for (Path path : (Iterable<Path>) files::iterator) Files.deleteIfExists(path);
    }
    Files.deleteIfExists(directory);
  }

  @Benchmark
  public ThreadState ours() throws Exception {
    SqliteThreadStore store = SqliteThreadStore.open(directory, ACCOUNT);
    CompletableFuture<ThreadState> first = new CompletableFuture<>();
    ChatbotClient client = ChatbotClient.builder()
        .baseUrl("http://127.0.0.1:" + silentBackend.getLocalPort() + "/")
        .store(store)
        .callbackExecutor(Runnable::run)
        .build();
    try {
      Subscription subscription = client.observeThread(Fixtures.WORKFLOW_ID, first::complete);
      ThreadState state = first.get(30, TimeUnit.SECONDS);
      subscription.close();
      if (!state.isFromCache() || state.items().size() != items) {
        throw new IllegalStateException("first state is not the cached thread: " + state);
      }
      return state;
    } finally {
      client.close();
    }
  }

  @Benchmark
  public List<String> baseline() throws SQLException {
    List<String> rows = new ArrayList<>(items * 3);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        PreparedStatement select = connection.prepareStatement(
            "SELECT type, created_at, item_json FROM items WHERE workflow_id = ? ORDER BY seq")) {
      select.setString(1, Fixtures.WORKFLOW_ID);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(result.getString(1));
          rows.add(result.getString(2));
          rows.add(result.getString(3));
        }
      }
    }
    if (rows.size() != items * 3) throw new IllegalStateException(rows.size() / 3 + " rows");
    return rows;
  }
}
