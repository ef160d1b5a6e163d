package dev.threadline.demo.ui;

import dev.threadline.ListChanges;
import java.util.List;
import javax.swing.DefaultListModel;

/**
 * Applies {@link ListChanges} to a Swing {@link DefaultListModel}, so the list repaints, and keeps its
 * selection, row by row instead of being refilled. Swing event thread only.
 */
final class ListModelChanges {
  private ListModelChanges() {}

  /** Brings {@code model}, holding the previous rows, to {@code items}, as {@code changes} say. */
  static <T> void apply(DefaultListModel<T> model, ListChanges changes, List<T> items) {
    if (changes.isReset()) {
      model.clear();
      model.addAll(items);
      return;
    }
    for (ListChanges.Op op : changes.ops()) {
      switch (op.kind()) {
        case REMOVED -> model.remove(op.position());
        case INSERTED -> model.add(op.position(), items.get(op.position()));
        case CHANGED -> model.set(op.position(), items.get(op.position()));
      }
    }
  }
}
