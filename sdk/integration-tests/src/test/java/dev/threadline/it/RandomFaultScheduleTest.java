package dev.threadline.it;

import static dev.threadline.it.Harness.START;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.SendCall;
import dev.threadline.ThreadState;
import dev.threadline.UserInput;
import dev.threadline.testkit.Fault;
import dev.threadline.testkit.Round;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded random fault schedules across multi-round threads: resets, clean closes, stalls, duplicates,
 * garbage lines, unknown types, 503/429 bursts, slow first bytes and stream time limits. Every schedule
 * ends with the client's thread equal to the server's, nothing lost, nothing twice, each prompt accepted
 * once. A failure names its seed; {@code -Dthreadline.faultSeed=S} replays that schedule alone, and
 * {@code -Dthreadline.faultSchedules=N} runs more.
 */
class RandomFaultScheduleTest {
  private static final long BASE_SEED = 20_261_121L;
  private static final AtomicLong schedulesRun = new AtomicLong();
  private static final AtomicLong roundsRun = new AtomicLong();
  private static final AtomicLong itemsChecked = new AtomicLong();
  private static final AtomicLong faultsInjected = new AtomicLong();
  private static final AtomicLong itemsLost = new AtomicLong();
  private static final AtomicLong itemsDuplicated = new AtomicLong();

  @TestFactory Stream<DynamicTest> randomFaultSchedules() {
    String replay = System.getProperty("threadline.faultSeed", "");
    if (!replay.isEmpty()) {
      long seed = Long.parseLong(replay);
      return Stream.of(DynamicTest.dynamicTest("seed " + seed, () -> runSchedule(seed)));
    }
    int count = Integer.parseInt(System.getProperty("threadline.faultSchedules", "200").isEmpty()
        ? "200" : System.getProperty("threadline.faultSchedules", "200"));
    return IntStream.range(0, count).mapToObj(i -> BASE_SEED + i)
        .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> runSchedule(seed)));
  }

  @AfterAll static void report() {
    System.out.println("fault schedules: " + schedulesRun + " schedules, " + roundsRun + " rounds, "
        + faultsInjected + " faults, " + itemsChecked + " items checked, lost " + itemsLost + ", duplicated "
        + itemsDuplicated);
    assertEquals(0, itemsLost.get() + itemsDuplicated.get(), "items lost or duplicated across all schedules");
  }

  private static void runSchedule(long seed) throws Exception {
    Random random = new Random(seed);
    Duration pacing = Duration.ofMillis(random.nextInt(3) == 0 ? 0 : 2 + random.nextInt(6));
    try (Harness harness = new Harness(Harness.fakeServer(seed).pacing(pacing),
        Harness.fastClient().livenessTimeout(Duration.ofMillis(400)))) {
      int rounds = 1 + random.nextInt(3);
      String workflowId = null;
      for (int round = 1; round <= rounds; round++) {
        harness.server.script().nextRound(Round.reply("Answer " + round + " of " + seed).logs(1 + random.nextInt(4)));
        planFaults(harness, random);
        UserInput input = UserInput.builder("Prompt " + round + " of " + seed).workflowId(workflowId).build();
        SendCall call = harness.client.send(input);
        ThreadState done;
        try {
          done = call.result().get(60, TimeUnit.SECONDS);
          workflowId = call.workflowId().get(1, TimeUnit.SECONDS);
          harness.server.awaitRoundFinished(workflowId);
          ChatThread truth = harness.server.truth(workflowId);
          itemsLost.addAndGet(lost(truth, done));
          itemsDuplicated.addAndGet(duplicated(truth, done) + Math.max(0, harness.acceptedPrompts() - round));
          harness.assertMatchesServer(workflowId, done);
          assertEquals(round, harness.acceptedPrompts(), "prompts accepted");
        } catch (Throwable failure) {
          throw new AssertionError("fault schedule failed: seed " + seed + ", round " + round
              + " (replay: -Dthreadline.faultSeed=" + seed + ")", failure);
        }
        itemsChecked.addAndGet(done.items().size());
        roundsRun.incrementAndGet();
      }
      assertNoDuplicates(harness.server.truth(workflowId));
    }
    schedulesRun.incrementAndGet();
  }

  private static void planFaults(Harness harness, Random random) {
    int kind = random.nextInt(12);
    Fault fault;
    switch (kind) {
      case 0: fault = Fault.resetAtRandomEvent(1 + random.nextInt(6)); break;
      case 1: fault = Fault.resetAfterEvents(random.nextInt(3)); break;
      case 2: fault = Fault.cleanCloseAfterEvents(1 + random.nextInt(4)); break;
      case 3: fault = Fault.stallAfterEvents(1 + random.nextInt(3)); break;
      case 4: fault = Fault.duplicateEvents(); break;
      case 5: fault = Fault.malformedLine(random.nextInt(4)); break;
      case 6: fault = Fault.unknownType(random.nextInt(3)); break;
      case 7: fault = Fault.timeLimitAfter(Duration.ofMillis(5 + random.nextInt(40))); break;
      case 8: fault = Fault.slowFirstByte(Duration.ofMillis(5 + random.nextInt(40))); break;
      case 9:
        harness.server.faults().nextRequests("POST", START, 1 + random.nextInt(2),
            Fault.status(random.nextBoolean() ? 503 : 429, 0));
        faultsInjected.incrementAndGet();
        return;
      default: return;
    }
    List<Fault> faults = new ArrayList<>();
    faults.add(fault);
    if (random.nextInt(4) == 0 && kind != 4) faults.add(Fault.duplicateEvents());
    harness.server.faults().nextStreams(1, faults.toArray(new Fault[0]));
    faultsInjected.addAndGet(faults.size());
  }

  /** The server's items the client does not show as the server has them (missing, or an older copy). */
  private static long lost(ChatThread truth, ThreadState shown) {
    Set<ChatItem> seen = new HashSet<>(shown.items());
    return truth.items().stream().filter(item -> !seen.contains(item)).count();
  }

  /** Items the client shows, or the server holds, more than once (by identity). */
  private static long duplicated(ChatThread truth, ThreadState shown) {
    return repeats(shown.items()) + repeats(truth.items());
  }

  private static long repeats(List<ChatItem> items) {
    return items.size() - items.stream().map(ChatItem::identityKey).distinct().count();
  }

  private static void assertNoDuplicates(ChatThread truth) {
    Set<String> keys = new HashSet<>();
    for (ChatItem item : truth.items()) {
      if (!keys.add(item.identityKey())) throw new AssertionError("server truth holds a duplicate: " + item);
    }
  }
}
