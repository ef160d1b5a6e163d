package dev.threadline.testkit.internal;

import dev.threadline.testkit.Round;
import dev.threadline.testkit.internal.JsonText.Num;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The simulated assistant: starts and continues workflows, and plays each {@link Round} as a paced series
 * of steps (logs, stat, answer, end) on a scheduler, writing each item to the repository, which streams it.
 * A round whose workflow was stopped, continued again or deleted in the meantime quietly stops. Thread-safe.
 */
public final class AssistantSimulator {
  private static final List<String> LOG_MESSAGES = Arrays.asList(
      "Analysing request...", "Searching knowledge base...", "Reading matching documents...",
      "Composing answer...", "Checking answer...");

  private static final long RELEASE_FALLBACK_MILLIS = 2000;

  private final ThreadRepository repository;
  private final FakeClock clock;
  private final SeededRandom random;
  private final ScheduledExecutorService scheduler;
  private final Duration pacing;
  private final String mandateId;

  /** A simulator writing to {@code repository}, pacing its steps by {@code pacing} plus seeded jitter. */
  public AssistantSimulator(ThreadRepository repository, FakeClock clock, SeededRandom random,
      ScheduledExecutorService scheduler, Duration pacing, String mandateId) {
    this.repository = repository;
    this.clock = clock;
    this.random = random;
    this.scheduler = scheduler;
    this.pacing = pacing;
    this.mandateId = mandateId;
  }

  /** The mandate every workflow of this server belongs to. */
  public String mandateId() {
    return mandateId;
  }

  /**
   * A new thread (not stored yet) with its own random source and clock, forked from the server's by its
   * id, so its item ids and times do not depend on how other threads' rounds interleave with it.
   */
  StoredThread newThread(String id, String user, String mode, String name) {
    SeededRandom threadRandom = random.fork(id);
    return new StoredThread(id, user, mandateId, mode, name, threadRandom, clock.fork(threadRandom));
  }

  /** A new, empty workflow id {@code wf_<uuid>}. */
  public String newWorkflowId() {
    return "wf_" + random.uuid();
  }

  /**
   * The result of starting a round: the workflow, the stream's subscription (made before any item), and
   * the release of the round's later steps, which wait until the stream has read its snapshot (so exactly
   * the items created before that read, the user message, arrive twice: deterministic, as tests need).
   */
  public static final class Started {
    final StoredThread thread;
    final Subscription subscription;
    final Runnable release;

    Started(StoredThread thread, Subscription subscription, Runnable release) {
      this.thread = thread;
      this.subscription = subscription;
      this.release = release;
    }
  }

  /**
   * Starts a new workflow of {@code user} for {@code prompt} and plays {@code round} on it.
   *
   * @param resumable whether the stream replays the event log (resumable variants) instead of a snapshot
   */
  public Started startThread(String user, String prompt, Round round, boolean resumable) {
    StoredThread thread = repository.create(newThread(newWorkflowId(), user, "Chatbot", prompt));
    return repository.with(thread, t -> begin(t, prompt, round, resumable));
  }

  /** Continues {@code thread} with the next round for {@code prompt}. */
  public Started continueThread(StoredThread thread, String prompt, Round round, boolean resumable) {
    return repository.with(thread, t -> {
      t.currentRound++;
      t.status = "running";
      t.generation++;
      t.roundStartIndex = t.eventLog.size();
      return begin(t, prompt, round, resumable);
    });
  }

  // Runs under the repository lock. As in the backend, the stream's queue exists before the user message
  // is created, so that message (and whatever comes before the snapshot is read) arrives twice.
  private Started begin(StoredThread thread, String prompt, Round round, boolean resumable) {
    Subscription live = resumable ? null : repository.subscribeLive(thread);
    Map<String, Object> fields = itemHeader("msg_", thread);
    fields.put("role", "user");
    fields.put("message", prompt);
    fields.put("roundNumber", thread.currentRound);
    fields.put("sequenceNr", ++thread.messageCount);
    fields.put("status", thread.currentRound == 1 ? "first" : "step");
    putItem(thread, "message", thread.clock.next(0), fields);
    Subscription subscription = resumable ? repository.subscribeAfter(thread, -1) : live;
    RoundRun run = new RoundRun(thread, thread.generation, plan(thread, round));
    try {
      // Should the stream never start (the client hung up before the headers), the round runs anyway.
      scheduler.schedule(run::release, RELEASE_FALLBACK_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The server is closing.
    }
    return new Started(thread, subscription, run::release);
  }

  /** Stops {@code thread}: a running workflow becomes {@code stopped}; open streams end either way. */
  public void stop(StoredThread thread) {
    repository.with(thread, t -> {
      t.generation++;
      if (t.status.equals("running")) {
        t.status = "stopped";
        t.lastActivity = t.clock.next(0);
      }
      t.publish(StreamEvent.end("stopped"));
      return null;
    });
  }

  /**
   * Creates an item of the unknown type {@code chart} in {@code thread} (a fault, see
   * {@code Fault.unknownType}), one microsecond after {@code after}, and returns its event, already
   * published to every open stream. Its id is derived from the workflow, round and {@code position}, and it
   * draws nothing from the thread's random source or clock, so the rest of the round stays the same
   * whenever the fault lands.
   */
  public StreamEvent addUnknownItem(StoredThread thread, Num after, int position) {
    return repository.with(thread, t -> {
      Map<String, Object> fields = new LinkedHashMap<>();
      String key = t.id + "/" + t.currentRound + "/" + position;
      fields.put("id", "chart_" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)));
      fields.put("workflowId", t.id);
      fields.put("roundNumber", t.currentRound);
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("kind", "bar");
      spec.put("values", Arrays.asList(3, 1, 4));
      fields.put("spec", spec);
      Num createdAt = Num.pyFloat(new BigDecimal(after.toString()).add(new BigDecimal("0.000001")));
      t.put(new StoredItem("chart", createdAt, fields));
      return t.eventLog.get(t.eventLog.size() - 1);
    });
  }

  /** Stores a finished one-round thread (for seeding): prompt, logs, stat, answer, status completed. */
  public String seedThread(String user, String prompt, String answer, int rounds) {
    StoredThread thread = repository.create(newThread(newWorkflowId(), user, "Chatbot", prompt));
    repository.with(thread, t -> {
      for (int round = 1; round <= rounds; round++) {
        if (round > 1) t.currentRound++;
        t.roundStartIndex = t.eventLog.size();
        String text = round == 1 ? prompt : "Can you tell me more?";
        Map<String, Object> user0 = itemHeader("msg_", t);
        user0.put("role", "user");
        user0.put("message", text);
        user0.put("roundNumber", t.currentRound);
        user0.put("sequenceNr", ++t.messageCount);
        user0.put("status", t.currentRound == 1 ? "first" : "step");
        putItem(t, "message", t.clock.next(simulatedWork(t)), user0);
        for (Consumer<StoredThread> step : steps(Round.reply(round == 1 ? answer : "Certainly. " + answer), 0)) {
          step.accept(t);
        }
      }
      return null;
    });
    return thread.id;
  }

  /** Stores a workflow that is not in Chatbot mode (DELETE answers 400; lists leave it out). */
  public String seedOtherModeWorkflow(String user, String name) {
    StoredThread thread = newThread(newWorkflowId(), user, "Automation", name);
    thread.status = "completed";
    repository.create(thread);
    return thread.id;
  }

  private Map<String, Object> itemHeader(String prefix, StoredThread thread) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", prefix + thread.random.uuid());
    fields.put("workflowId", thread.id);
    return fields;
  }

  private static void putItem(StoredThread thread, String type, Num createdAt, Map<String, Object> fields) {
    thread.put(new StoredItem(type, createdAt, fields));
    thread.lastActivity = createdAt;
  }

  private long simulatedWork(StoredThread thread) {
    return pacing.isZero() ? 150_000 + thread.random.nextLong(750_000) : pacing.toNanos() / 1000;
  }

  private long stepDelayNanos(StoredThread thread) {
    if (pacing.isZero()) return 0;
    return pacing.toNanos() + thread.random.nextLong(pacing.toNanos() / 2 + 1);
  }

  private static final class Step {
    final long delayNanos;
    final Consumer<StoredThread> action;

    Step(long delayNanos, Consumer<StoredThread> action) {
      this.delayNanos = delayNanos;
      this.action = action;
    }
  }

  private List<Step> plan(StoredThread thread, Round round) {
    List<Consumer<StoredThread>> actions = steps(round, round.thinkingTime().toNanos() / 1000);
    List<Step> plan = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      long delay = stepDelayNanos(thread);
      if (i == 1) delay += round.thinkingTime().toNanos();
      plan.add(new Step(delay, actions.get(i)));
    }
    return plan;
  }

  /** The round's steps after the user message; each runs under the repository lock. */
  private List<Consumer<StoredThread>> steps(Round round, long thinkingMicros) {
    List<Consumer<StoredThread>> steps = new ArrayList<>();
    int logs = round.logCount();
    String[] firstLogId = new String[1];
    Num[] roundStart = new Num[1];
    for (int i = 1; i <= logs; i++) {
      int index = i;
      steps.add(t -> {
        if (index == 1) roundStart[0] = t.lastActivity;
        Num at = t.clock.next(simulatedWork(t) + (index == 2 ? thinkingMicros : 0));
        Map<String, Object> fields = itemHeader("log_", t);
        if (index == 1) firstLogId[0] = (String) fields.get("id");
        fields.put("message", LOG_MESSAGES.get((index - 1) % LOG_MESSAGES.size()));
        fields.put("type", "info");
        fields.put("timestamp", at);
        fields.put("status", "running");
        fields.put("progress", progress(index == 1 && round.updatesLog() ? 0.5 : index, logs));
        fields.put("roundNumber", t.currentRound);
        putItem(t, "log", at, fields);
      });
      if (i == 1 && round.updatesLog()) {
        steps.add(t -> {
          StoredItem first = t.find(firstLogId[0]);
          if (first == null) return;
          t.put(first.with("progress", progress(1, logs)));
          t.lastActivity = t.clock.next(simulatedWork(t));
        });
      }
    }
    if (round.isFailure()) {
      steps.add(t -> {
        Num at = t.clock.next(simulatedWork(t));
        Map<String, Object> fields = itemHeader("log_", t);
        fields.put("message", round.failureMessage());
        fields.put("type", "error");
        fields.put("timestamp", at);
        fields.put("status", "error");
        fields.put("progress", Num.pyFloat(BigDecimal.ONE));
        fields.put("roundNumber", t.currentRound);
        putItem(t, "log", at, fields);
        finish(t, "error");
      });
      return steps;
    }
    steps.add(t -> {
      Num start = roundStart[0] != null ? roundStart[0] : t.lastActivity;
      Num at = t.clock.next(simulatedWork(t));
      Map<String, Object> fields = itemHeader("stat_", t);
      fields.put("roundNumber", t.currentRound);
      BigDecimal seconds = new BigDecimal(at.toString()).subtract(new BigDecimal(start.toString()))
          .setScale(3, RoundingMode.HALF_UP);
      fields.put("processingTime", Num.pyFloat(seconds.max(new BigDecimal("0.001"))));
      fields.put("tokenCount", 40 + round.text().length() / 3 + (int) t.random.nextLong(400));
      putItem(t, "stat", at, fields);
    });
    steps.add(t -> {
      Map<String, Object> fields = itemHeader("msg_", t);
      fields.put("role", "assistant");
      fields.put("message", round.text());
      fields.put("roundNumber", t.currentRound);
      fields.put("sequenceNr", ++t.messageCount);
      fields.put("status", "last");
      putItem(t, "message", t.clock.next(simulatedWork(t)), fields);
      finish(t, "completed");
    });
    return steps;
  }

  private static Num progress(double step, int of) {
    BigDecimal value = BigDecimal.valueOf(step / (of + 1)).setScale(2, RoundingMode.HALF_UP);
    return Num.pyFloat(value);
  }

  private static void finish(StoredThread thread, String status) {
    thread.status = status;
    thread.publish(StreamEvent.end(status));
  }

  /** One round being played: runs its steps one after another, each after its delay. */
  private final class RoundRun {
    private final StoredThread thread;
    private final long generation;
    private final List<Step> steps;
    private final AtomicBoolean released = new AtomicBoolean();
    private int next;

    RoundRun(StoredThread thread, long generation, List<Step> steps) {
      this.thread = thread;
      this.generation = generation;
      this.steps = steps;
    }

    /** Starts the steps; later calls do nothing. */
    void release() {
      if (released.compareAndSet(false, true)) scheduleNext();
    }

    private void scheduleNext() {
      if (next >= steps.size()) return;
      Step step = steps.get(next++);
      try {
        scheduler.schedule(() -> {
          if (repository.change(thread, generation, step.action)) scheduleNext();
        }, step.delayNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // The server is closing: the round ends with it.
      }
    }
  }
}
