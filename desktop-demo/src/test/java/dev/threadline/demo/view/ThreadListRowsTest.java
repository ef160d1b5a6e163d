package dev.threadline.demo.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadline.PageRequest;
import dev.threadline.ThreadListState;
import dev.threadline.ThreadPage;
import dev.threadline.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The changes a window applies to its thread rows: the client's own, or those from the rows shown before. */
class ThreadListRowsTest {
  private final ThreadList threads = new ThreadList();
  private final List<Workflow> shown = new ArrayList<>();
  private ThreadListState delivered;

  private static Workflow thread(String id, String status, int lastActivity) {
    return Workflow.fromJson("{\"id\": \"" + id + "\", \"name\": \"" + id + "\", \"status\": \"" + status
        + "\", \"lastActivity\": " + lastActivity + "}");
  }

  /** The client delivers {@code list}: it carries the changes since the list delivered before. */
  private void deliver(Workflow... list) {
    delivered = new ThreadListState(List.of(list), false).withChangesSince(delivered);
    threads.showFirstPage(delivered);
  }

  /** The window rebuilds: it applies the rows' changes to what it shows. */
  private ThreadListState rebuild() {
    ThreadListState rows = threads.rows();
    rows.changes().applyTo(shown, rows.threads());
    assertEquals(threads.threads(), shown);
    return rows;
  }

  @Test void whileTheRowsAreTheFirstPageTheyCarryTheClientsChanges() {
    deliver(thread("wf_b", "completed", 20), thread("wf_a", "completed", 10));
    assertTrue(rebuild().changes().isReset());

    deliver(thread("wf_a", "running", 30), thread("wf_b", "completed", 20));

    assertSame(delivered, rebuild());
  }

  @Test void rowsMergedWithALaterPageCarryTheChangesFromTheRowsShownBefore() {
    deliver(thread("wf_c", "completed", 30), thread("wf_b", "completed", 20));
    rebuild();
    threads.addPage(new ThreadPage(List.of(thread("wf_a", "completed", 10)), 2, 2, 3, 2,
        PageRequest.firstPage(2).withPage(2)));

    assertEquals("[INSERTED(2, wf_a)]", rebuild().changes().ops().toString());

    deliver(thread("wf_a", "running", 40), thread("wf_c", "completed", 30), thread("wf_b", "completed", 20));
    assertEquals("[REMOVED(2, wf_a), INSERTED(0, wf_a)]", rebuild().changes().ops().toString());
    assertEquals(List.of("wf_a", "wf_c", "wf_b"), shown.stream().map(Workflow::id).toList());
  }

  @Test void twoListsArrivingBeforeOneRebuildStillLeadFromTheRowsShown() {
    deliver(thread("wf_b", "completed", 20), thread("wf_a", "completed", 10));
    rebuild();

    deliver(thread("wf_c", "running", 30), thread("wf_b", "completed", 20), thread("wf_a", "completed", 10));
    deliver(thread("wf_c", "completed", 30), thread("wf_a", "completed", 10));

    assertEquals("[REMOVED(0, wf_b), INSERTED(0, wf_c)]", rebuild().changes().ops().toString());
  }
}
