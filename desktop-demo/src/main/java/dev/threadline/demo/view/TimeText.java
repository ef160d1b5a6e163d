package dev.threadline.demo.view;

import dev.threadline.EpochSeconds;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as a chat list shows them: "just now", "5 min ago", "3 h ago", "yesterday", "12 Mar". */
public final class TimeText {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
  private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

  private TimeText() {}

  /** {@code time} relative to {@code now}, in the system's time zone; empty for null. */
  public static String relative(EpochSeconds time, Instant now) {
    if (time == null) return "";
    Instant instant = time.toInstant();
    Duration ago = Duration.between(instant, now);
    if (ago.toSeconds() < 60) return "just now";
    if (ago.toMinutes() < 60) return ago.toMinutes() + " min ago";
    if (ago.toHours() < 24) return ago.toHours() + " h ago";
    ZoneId zone = ZoneId.systemDefault();
    if (ago.toDays() < 2) return "yesterday";
    if (instant.atZone(zone).getYear() == now.atZone(zone).getYear()) return DAY.format(instant.atZone(zone));
    return FULL.format(instant.atZone(zone));
  }
}
