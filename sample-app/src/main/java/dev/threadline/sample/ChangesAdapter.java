package dev.threadline.sample;

import android.content.Context;
import android.view.View;
import android.view.ViewGroup;
import android.widget.ArrayAdapter;
import android.widget.TextView;
import dev.threadline.ListChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A ListView adapter whose rows are kept by applying each state's {@link ListChanges} to the rows shown,
 * never by rebuilding or diffing them: one row per element, its text made when the row is drawn. Main
 * thread only.
 *
 * <p>An {@link ArrayAdapter} over a list this class changes itself: ArrayAdapter's own add/remove have no
 * remove-at or set-at.
 */
final class ChangesAdapter<T> extends ArrayAdapter<T> {
  private final Function<T, String> text;
  private final List<T> shown;

  ChangesAdapter(Context context, Function<T, String> text) {
    this(context, text, new ArrayList<>());
  }

  private ChangesAdapter(Context context, Function<T, String> text, List<T> shown) {
    super(context, android.R.layout.simple_list_item_1, shown);
    this.text = text;
    this.shown = shown;
  }

  /** Brings the rows from the previous list to {@code items}, as {@code changes} say. */
  void apply(ListChanges changes, List<T> items) {
    if (changes.isEmpty() && !changes.isReset()) return;
    changes.applyTo(shown, items);
    notifyDataSetChanged();
  }

  /** The text of row {@code position}. */
  String text(int position) {
    return text.apply(shown.get(position));
  }

  @Override public View getView(int position, View convertView, ViewGroup parent) {
    TextView row = (TextView) super.getView(position, convertView, parent);
    row.setText(text(position));
    return row;
  }
}
