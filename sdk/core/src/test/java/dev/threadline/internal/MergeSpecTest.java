package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import dev.threadline.ChatItem;
import dev.threadline.ChatThread;
import dev.threadline.EpochSeconds;
import dev.threadline.Workflow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Runs the data-driven merge spec: every {@code merge-spec/*.json} case is a list of steps (stream events,
 * stream snapshots, full re-reads, sends, deletes) and the thread expected after each. A rule is added by
 * adding a case; the format is described in {@code merge-spec/README.md}.
 *
 * <p>Besides each case's own expectations, every step checks the invariants that hold for any input: no
 * identity twice, the pending echo last, merging the model's own items again changes nothing, a stream
 * batch gives the same thread whether merged at once (a snapshot) or item by item (live events), and a
 * re-read merged twice changes nothing the second time.
 */
class MergeSpecTest {
  private static final String SPEC_DIR = "merge-spec";
  private static final String DEFAULT_WORKFLOW = "{\"id\": \"wf_spec\", \"status\": \"running\", \"currentRound\": 1}";
  private static final String DEFAULT_SENT_AT = "1737331600.0";

  @TestFactory Stream<DynamicTest> mergeSpec() throws IOException {
    List<Path> files = dev.threadline.SpecFiles.in(SPEC_DIR);
    assertTrue(files.size() >= 30, "expected at least 30 merge spec cases, found " + files.size());
    return files.stream().map(file -> {
      Case spec = Case.read(file);
      return DynamicTest.dynamicTest(file.getFileName() + ": " + spec.description, file.toUri(), () -> run(spec));
    });
  }


  private static void run(Case spec) {
    if (spec.knownBug != null && !Boolean.getBoolean("mergeSpec.runKnownBugs")) {
      // The case states the intended behaviour; it is skipped (and shown as skipped) until the fix lands.
      Assumptions.abort("known merge bug, case kept for the fix: " + spec.knownBug);
    }
    ThreadModel model = ThreadModel.EMPTY;
    for (int i = 0; i < spec.steps.size(); i++) {
      Step step = spec.steps.get(i);
      String where = "step " + (i + 1) + " (" + step.op + ")";
      try {
        model = apply(model, step, where);
      } catch (AssertionFailedError e) {
        throw e;
      } catch (RuntimeException e) {
        throw new AssertionFailedError(where + " threw " + e, e);
      }
    }
  }

  private static ThreadModel apply(ThreadModel model, Step step, String where) {
    ThreadModel next;
    ThreadMerger.Result result = null;
    switch (step.op) {
      case "event":
      case "snapshot": {
        List<ChatItem> items = parseItems(step.items);
        result = step.op.equals("snapshot") ? ThreadMerger.merge(model, items) : mergeOneByOne(model, items);
        ThreadMerger.Result otherWay = step.op.equals("snapshot") ? mergeOneByOne(model, items)
            : ThreadMerger.merge(model, items);
        assertEquals(view(result.model), view(otherWay.model),
            where + ": the same items merged as a snapshot and as live events give different threads");
        assertEquals(result.duplicates, otherWay.duplicates,
            where + ": snapshot and live events count duplicates differently");
        assertTrue(result.removedKeys.isEmpty(), where + ": a stream merge removed " + result.removedKeys);
        next = result.model;
        break;
      }
      case "resync": {
        ChatThread thread = new ChatThread(Workflow.fromJson(step.workflow != null ? step.workflow : DEFAULT_WORKFLOW),
            parseItems(step.items));
        result = ThreadMerger.resync(model, thread);
        next = result.model;
        ThreadMerger.Result again = ThreadMerger.resync(next, thread);
        assertEquals(view(next), view(again.model), where + ": the same re-read merged twice changed the thread");
        assertTrue(again.removedKeys.isEmpty(), where + ": the same re-read merged twice removed " + again.removedKeys);
        // A list holding two versions of one item replays both each time; otherwise nothing may be written.
        boolean distinct = thread.items().stream().map(ChatItem::identityKey).distinct().count() == thread.items().size();
        if (distinct) {
          assertTrue(again.upserts.isEmpty(), where + ": the same re-read merged twice wrote " + again.upserts);
        }
        assertEquals(thread.workflow(), next.workflow(), where + ": the re-read's workflow was not taken");
        break;
      }
      case "send": {
        ChatItem echo = Placeholders.echo(step.prompt, step.round,
            EpochSeconds.parse(step.at != null ? step.at : DEFAULT_SENT_AT));
        next = ThreadMerger.withPending(model, echo, step.round);
        break;
      }
      case "unsend":
        next = ThreadMerger.withoutPending(model);
        break;
      case "drop":
        // A broken stream changes nothing by itself; what it missed comes with the next re-read.
        next = model;
        break;
      case "delete":
        next = ThreadModel.EMPTY;
        break;
      default:
        throw new AssertionFailedError(where + ": unknown op " + step.op);
    }
    checkInvariants(next, where);
    checkExpectation(next, result, step.expect, where);
    return next;
  }

  private static ThreadMerger.Result mergeOneByOne(ThreadModel model, List<ChatItem> items) {
    ThreadModel current = model;
    List<ChatItem> upserts = new ArrayList<>();
    int duplicates = 0;
    for (ChatItem item : items) {
      ThreadMerger.Result one = ThreadMerger.merge(current, Collections.singletonList(item));
      current = one.model;
      upserts.addAll(one.upserts);
      duplicates += one.duplicates;
    }
    return new ThreadMerger.Result(current, upserts, Collections.emptyList(), duplicates);
  }

  private static void checkInvariants(ThreadModel model, String where) {
    List<ChatItem> confirmed = confirmed(model);
    Set<String> keys = new HashSet<>();
    for (ChatItem item : confirmed) {
      assertTrue(keys.add(item.identityKey()), where + ": identity twice in the thread: " + item);
    }
    List<ChatItem> all = model.items();
    if (model.pending() != null) {
      assertEquals(model.pending(), all.get(all.size() - 1), where + ": the pending echo is not last");
      assertTrue(model.pending().isPending(), where + ": the pending echo is not marked pending");
    }
    ThreadMerger.Result again = ThreadMerger.merge(model, confirmed);
    assertFalse(again.itemsChanged(), where + ": merging the thread's own items again changed it: " + again.upserts);
    assertEquals(confirmed.size(), again.duplicates, where + ": merging the thread's own items again");
  }

  private static void checkExpectation(ThreadModel model, ThreadMerger.Result result, Expect expect, String where) {
    List<String> expected = parseItems(expect.items).stream().map(ChatItem::toJson).collect(Collectors.toList());
    List<String> actual = confirmed(model).stream().map(ChatItem::toJson).collect(Collectors.toList());
    if (!expected.equals(actual)) {
      throw new AssertionFailedError(where + ": items differ", String.join("\n", expected), String.join("\n", actual));
    }
    ChatItem pending = model.pending();
    assertEquals(expect.pending, pending == null ? null : pending.message(), where + ": pending echo");
    if (expect.duplicates != null) {
      assertNotNull(result, where + ": \"duplicates\" expected of a step that merges nothing");
      assertEquals(expect.duplicates.intValue(), result.duplicates, where + ": duplicates absorbed");
    }
    if (expect.upserts != null) {
      assertNotNull(result, where + ": \"upserts\" expected of a step that merges nothing");
      assertEquals(expect.upserts.intValue(), result.upserts.size(), where + ": upserts " + result.upserts);
    }
    if (expect.removed != null) {
      assertNotNull(result, where + ": \"removed\" expected of a step that merges nothing");
      List<String> removed = result.removedKeys.stream().map(k -> k.replace('\u001f', '/')).sorted()
          .collect(Collectors.toList());
      assertEquals(expect.removed.stream().sorted().collect(Collectors.toList()), removed, where + ": removed keys");
    }
  }

  /** The thread as an observer sees it: each item's exact JSON, the pending echo marked. */
  private static List<String> view(ThreadModel model) {
    return model.items().stream().map(i -> (i.isPending() ? "pending " : "") + i.toJson()).collect(Collectors.toList());
  }

  private static List<ChatItem> confirmed(ThreadModel model) {
    return model.items().stream().filter(i -> !i.isPending()).collect(Collectors.toList());
  }

  private static List<ChatItem> parseItems(List<String> raw) {
    return raw.stream().map(ChatItem::fromJson).collect(Collectors.toList());
  }

  /** One case file. */
  private static final class Case {
    String description;
    String knownBug;
    final List<Step> steps = new ArrayList<>();

    static Case read(Path file) {
      try {
        JsonReader reader = Json.reader(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        Case spec = new Case();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          switch (name) {
            case "description": spec.description = reader.nextString(); break;
            case "knownBug": spec.knownBug = reader.nextString(); break;
            case "steps":
              reader.beginArray();
              while (reader.hasNext()) spec.steps.add(Step.read(reader));
              reader.endArray();
              break;
            default: throw new IllegalArgumentException("unknown case field \"" + name + "\" in " + file);
          }
        }
        reader.endObject();
        if (spec.description == null || spec.steps.isEmpty()) {
          throw new IllegalArgumentException(file + " needs a description and steps");
        }
        return spec;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }

  /** One step and the thread expected after it. */
  private static final class Step {
    String op;
    List<String> items = Collections.emptyList();
    String workflow;
    String prompt;
    Integer round;
    String at;
    Expect expect;

    static Step read(JsonReader reader) throws IOException {
      Step step = new Step();
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        switch (name) {
          case "op": step.op = reader.nextString(); break;
          case "items": step.items = rawArray(reader); break;
          case "workflow": step.workflow = Json.nextRaw(reader); break;
          case "prompt": step.prompt = reader.nextString(); break;
          case "round": step.round = Json.nextIntOrNull(reader); break;
          case "at": step.at = Json.nextNumberLiteral(reader); break;
          case "expect": step.expect = Expect.read(reader); break;
          default: throw new IllegalArgumentException("unknown step field \"" + name + "\" at " + reader.getPath());
        }
      }
      reader.endObject();
      if (step.op == null) throw new IllegalArgumentException("step without \"op\" at " + reader.getPath());
      if (step.expect == null) throw new IllegalArgumentException("step without \"expect\" at " + reader.getPath());
      return step;
    }
  }

  /** What the thread must look like after a step. */
  private static final class Expect {
    List<String> items;
    String pending;
    Integer duplicates;
    Integer upserts;
    List<String> removed;

    static Expect read(JsonReader reader) throws IOException {
      Expect expect = new Expect();
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        switch (name) {
          case "items": expect.items = rawArray(reader); break;
          case "pending": expect.pending = Json.nextStringOrNull(reader); break;
          case "duplicates": expect.duplicates = reader.nextInt(); break;
          case "upserts": expect.upserts = reader.nextInt(); break;
          case "removed":
            expect.removed = new ArrayList<>();
            reader.beginArray();
            while (reader.hasNext()) expect.removed.add(reader.nextString());
            reader.endArray();
            break;
          default: throw new IllegalArgumentException("unknown expect field \"" + name + "\" at " + reader.getPath());
        }
      }
      reader.endObject();
      if (expect.items == null) throw new IllegalArgumentException("expect without \"items\" at " + reader.getPath());
      return expect;
    }
  }

  /** An array's elements as their exact JSON text: numbers keep every digit. */
  private static List<String> rawArray(JsonReader reader) throws IOException {
    List<String> raw = new ArrayList<>();
    reader.beginArray();
    while (reader.hasNext()) raw.add(Json.nextRaw(reader));
    reader.endArray();
    return raw;
  }
}
