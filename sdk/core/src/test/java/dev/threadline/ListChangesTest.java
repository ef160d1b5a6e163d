package dev.threadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.ListChanges.Kind;
import dev.threadline.ListChanges.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The changes between two lists, as an adapter reads and applies them. */
class ListChangesTest {
  /** A row: its identity is the text before the colon, its content the whole text. */
  private static String key(String row) {
    int colon = row.indexOf(':');
    return colon < 0 ? row : row.substring(0, colon);
  }

  private static ListChanges between(List<String> previous, List<String> next) {
    return ListDiff.between(previous, next, ListChangesTest::key);
  }

  private static List<String> rows(String... rows) {
    return Arrays.asList(rows);
  }

  private static Op op(Kind kind, int position, String key) {
    return new Op(kind, position, key);
  }

  private static List<String> applied(List<String> previous, ListChanges changes, List<String> next) {
    List<String> shown = new ArrayList<>(previous);
    changes.applyTo(shown, next);
    return shown;
  }

  @Test void anAppendedItemIsOneInsertionAtTheEnd() {
    ListChanges changes = between(rows("a", "b"), rows("a", "b", "c"));

    assertEquals(List.of(op(Kind.INSERTED, 2, "c")), changes.ops());
    assertFalse(changes.isReset());
  }

  @Test void anItemWhoseContentChangedIsOneChangeAtItsPosition() {
    ListChanges changes = between(rows("a", "b:1", "c"), rows("a", "b:2", "c"));

    assertEquals(List.of(op(Kind.CHANGED, 1, "b")), changes.ops());
  }

  @Test void theSameListHasNoChanges() {
    ListChanges changes = between(rows("a", "b:1"), new ArrayList<>(rows("a", "b:1")));

    assertTrue(changes.isEmpty());
    assertEquals(rows("a", "b:1"), applied(rows("a", "b:1"), changes, rows("a", "b:1")));
  }

  @Test void removalsComeLastPositionFirstThenInsertionsThenChanges() {
    List<String> previous = rows("a", "b", "c:1", "d", "e");
    List<String> next = rows("x", "a", "c:2", "e", "y");

    ListChanges changes = between(previous, next);

    assertEquals(List.of(op(Kind.REMOVED, 3, "d"), op(Kind.REMOVED, 1, "b"), op(Kind.INSERTED, 0, "x"),
        op(Kind.INSERTED, 4, "y"), op(Kind.CHANGED, 2, "c")), changes.ops());
    assertEquals(next, applied(previous, changes, next));
  }

  @Test void aThreadMovedToTheTopIsOneRemovalAndOneInsertion() {
    ListChanges changes = between(rows("a", "b", "c", "d"), rows("d:new", "a", "b", "c"));

    assertEquals(List.of(op(Kind.REMOVED, 3, "d"), op(Kind.INSERTED, 0, "d")), changes.ops());
  }

  @Test void anItemMovedToTheBottomIsOneRemovalAndOneInsertion() {
    ListChanges changes = between(rows("a", "b", "c", "d"), rows("b", "c", "d", "a"));

    assertEquals(List.of(op(Kind.REMOVED, 0, "a"), op(Kind.INSERTED, 3, "a")), changes.ops());
  }

  @Test void thePendingEchoReplacedByTheServersMessageIsARemovalAndAnInsertion() {
    ListChanges changes = between(rows("q", "pending"), rows("q", "user", "answer"));

    assertEquals(List.of(op(Kind.REMOVED, 1, "pending"), op(Kind.INSERTED, 1, "user"),
        op(Kind.INSERTED, 2, "answer")), changes.ops());
  }

  @Test void aResetInsertsEveryItemAndApplyingItReplacesWhateverWasShown() {
    ListChanges changes = ListChanges.reset(rows("a", "b"), ListChangesTest::key);

    assertTrue(changes.isReset());
    assertEquals(List.of(op(Kind.INSERTED, 0, "a"), op(Kind.INSERTED, 1, "b")), changes.ops());
    assertEquals(rows("a", "b"), applied(rows("old", "rows", "here"), changes, rows("a", "b")));
  }

  @Test void applyingToAListOfAnotherSizeIsRefusedAndLeavesItAsItWas() {
    ListChanges changes = between(rows("a", "b"), rows("a", "b", "c"));
    List<String> shown = new ArrayList<>(rows("a"));

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> changes.applyTo(shown, rows("a", "b", "c")));

    assertEquals("the shown list has 1 items, these changes are for 2", error.getMessage());
    assertEquals(rows("a"), shown);
  }

  @Test void aStateMadeByTheBuilderCarriesAReset() {
    ChatItem item = ChatItem.fromJson(Fixtures.message("msg_1", "user", "Hi", 1, "1.5"));
    ThreadState state = ThreadState.builder().items(Collections.singletonList(item)).build();

    assertTrue(state.changes().isReset());
    assertEquals(List.of(op(Kind.INSERTED, 0, item.identityKey())), state.changes().ops());
  }

  @Test void aStateWithChangesSinceAnotherCarriesThemAndEqualsItselfWithout() {
    ChatItem hi = ChatItem.fromJson(Fixtures.message("msg_1", "user", "Hi", 1, "1.5"));
    ChatItem hello = ChatItem.fromJson(Fixtures.message("msg_2", "assistant", "Hello", 1, "2.5"));
    ThreadState before = ThreadState.builder().items(List.of(hi)).build();
    ThreadState after = ThreadState.builder().items(List.of(hi, hello)).build();

    ThreadState delivered = after.withChangesSince(before);

    assertEquals(List.of(op(Kind.INSERTED, 1, hello.identityKey())), delivered.changes().ops());
    assertEquals(after, delivered);
    assertTrue(after.withChangesSince(null).changes().isReset());
  }

  @Test void threadsAreIdentifiedByWorkflowId() {
    Workflow running = Workflow.fromJson("{\"id\": \"wf_1\", \"status\": \"running\"}");
    Workflow completed = Workflow.fromJson("{\"id\": \"wf_1\", \"status\": \"completed\"}");
    Workflow other = Workflow.fromJson("{\"id\": \"wf_2\", \"status\": \"running\"}");

    ThreadListState list = new ThreadListState(List.of(completed, other), false)
        .withChangesSince(new ThreadListState(List.of(running), true));

    assertEquals(List.of(op(Kind.INSERTED, 1, "wf_2"), op(Kind.CHANGED, 0, "wf_1")), list.changes().ops());
    assertTrue(new ThreadListState(List.of(other), false).changes().isReset());
  }
}
