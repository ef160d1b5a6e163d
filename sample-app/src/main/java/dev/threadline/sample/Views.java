package dev.threadline.sample;

import android.content.Context;
import android.graphics.Color;
import android.view.View;
import android.widget.Button;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.TextView;
import dev.threadline.ConnectionState;

/** Small builders for the screens' plain framework views (no layouts, no AndroidX). */
final class Views {
  private Views() {}

  static LinearLayout column(Context context) {
    LinearLayout layout = new LinearLayout(context);
    layout.setOrientation(LinearLayout.VERTICAL);
    layout.setPadding(16, 16, 16, 16);
    return layout;
  }

  static LinearLayout row(Context context, View... children) {
    LinearLayout row = new LinearLayout(context);
    row.setOrientation(LinearLayout.HORIZONTAL);
    for (View child : children) {
      row.addView(child, new LinearLayout.LayoutParams(0, LinearLayout.LayoutParams.WRAP_CONTENT,
          child instanceof EditText ? 3 : 1));
    }
    return row;
  }

  static Button button(Context context, String text, View.OnClickListener onClick) {
    Button button = new Button(context);
    button.setText(text);
    button.setOnClickListener(onClick);
    return button;
  }

  static EditText input(Context context, String hint) {
    EditText input = new EditText(context);
    input.setHint(hint);
    input.setSingleLine(true);
    return input;
  }

  static TextView banner(Context context) {
    TextView banner = new TextView(context);
    banner.setPadding(8, 8, 8, 8);
    banner.setVisibility(View.GONE);
    return banner;
  }

  /** Shows what a thread's connection needs the user to know, or hides the banner. */
  static void showConnection(TextView banner, ConnectionState connection, boolean fromCache) {
    String text;
    switch (connection.kind()) {
      case OFFLINE: text = "Offline: showing saved messages"; break;
      case RECONNECTING: text = "Connection lost: retrying (attempt " + connection.attempt() + ")"; break;
      case RESYNCING: text = "Catching up…"; break;
      case GAVE_UP: text = "Could not reach the server"; break;
      case FAILED: text = "Failed: " + connection.cause(); break;
      default: text = fromCache ? "Showing saved messages" : null;
    }
    banner.setText(text == null ? "" : text);
    banner.setBackgroundColor(text == null ? Color.TRANSPARENT : Color.rgb(255, 236, 179));
    banner.setVisibility(text == null ? View.GONE : View.VISIBLE);
  }
}
