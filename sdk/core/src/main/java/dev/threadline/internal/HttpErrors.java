package dev.threadline.internal;

import com.squareup.moshi.JsonReader;
import dev.threadline.ChatbotException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/** Turns an unsuccessful response into the exception type an app can act on. */
public final class HttpErrors {
  private static final long MAX_ERROR_BODY = 64 * 1024;
  /** {@code "404: …"} or {@code "(404, '…')"}: an HTTP error's text, wrapped into a 500 by the route. */
  private static final Pattern WRAPPED_STATUS = Pattern.compile("\\(?([1-5][0-9][0-9])(?::|, )");

  private HttpErrors() {}

  /** The exception for {@code response}, which is not successful; reads (and closes) its body. */
  public static ChatbotException forResponse(Response response) {
    int code = response.code();
    String detail = readDetail(response);
    Duration retryAfter = retryAfter(response, Instant.now());
    // Method and path only: the query may carry ids, and nothing from the request's headers is used.
    String message = "HTTP " + code + " for " + response.request().method() + " "
        + response.request().url().encodedPath() + (detail == null ? "" : ": " + detail);
    switch (classifiedStatus(code, detail)) {
      case 400:
      case 422: return SdkExceptions.get().badRequest(message, code, detail);
      case 401: return SdkExceptions.get().unauthorized(message, code, detail);
      case 403: return SdkExceptions.get().forbidden(message, code, detail);
      case 404: return SdkExceptions.get().notFound(message, code, detail);
      case 429: return SdkExceptions.get().rateLimited(message, detail, retryAfter);
      default:
        if (code >= 500) return SdkExceptions.get().server(message, code, detail, retryAfter);
        return SdkExceptions.get().otherStatus(message, code, detail);
    }
  }

  /**
   * The status that says what went wrong. The backend's {@code start/stream} and {@code stop} routes turn
   * every exception into a 500 whose detail is the exception's text, so a missing or foreign workflow
   * arrives as {@code 500 "404: Workflow with ID … not found"} (older Starlette spells it
   * {@code "(404, 'Workflow …')"}). Such a 500 is classified by the status it names, when that is a 4xx; the
   * exception still reports the real HTTP status.
   */
  static int classifiedStatus(int code, @Nullable String detail) {
    if (code != 500 || detail == null) return code;
    Matcher wrapped = WRAPPED_STATUS.matcher(detail);
    if (!wrapped.lookingAt()) return code;
    int inner = Integer.parseInt(wrapped.group(1));
    return inner >= 400 && inner < 500 ? inner : code;
  }

  /**
   * The {@code Retry-After} delay: delta-seconds, or an HTTP date counted from {@code now} (zero when past).
   * Null when absent or unreadable.
   */
  static @Nullable Duration retryAfter(Response response, Instant now) {
    String value = response.header("Retry-After");
    if (value == null) return null;
    value = value.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds <= 0 ? Duration.ZERO : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
      } catch (RuntimeException notDate) {
        return null;
      }
    }
  }

  /**
   * The server's explanation: FastAPI's {@code detail} (a string, or for 422 a list of errors whose
   * {@code msg}s are joined), or the rate limiter's {@code error}. Null when the body has neither.
   */
  static @Nullable String readDetail(Response response) {
    try (ResponseBody body = response.body()) {
      if (body == null) return null;
      String text = body.source().request(MAX_ERROR_BODY) ? null : body.string();
      if (text == null) return null;
      JsonReader reader = Json.reader(text);
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) return null;
      reader.beginObject();
      String detail = null;
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("detail")) {
          detail = readDetailValue(reader);
        } else if (name.equals("error") && detail == null) {
          detail = Json.nextStringOrNull(reader);
        } else {
          reader.skipValue();
        }
      }
      return detail;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static @Nullable String readDetailValue(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_ARRAY) return Json.nextStringOrNull(reader);
    List<String> messages = new ArrayList<>();
    reader.beginArray();
    while (reader.hasNext()) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        String text = Json.nextStringOrNull(reader);
        if (text != null) messages.add(text);
        continue;
      }
      reader.beginObject();
      String msg = null;
      String loc = null;
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("msg")) msg = Json.nextStringOrNull(reader);
        else if (name.equals("loc") && reader.peek() == JsonReader.Token.BEGIN_ARRAY) loc = readLoc(reader);
        else reader.skipValue();
      }
      reader.endObject();
      if (msg != null) messages.add(loc == null ? msg : loc + ": " + msg);
    }
    reader.endArray();
    return messages.isEmpty() ? null : String.join("; ", messages);
  }

  private static String readLoc(JsonReader reader) throws IOException {
    List<String> parts = new ArrayList<>();
    reader.beginArray();
    while (reader.hasNext()) {
      String part = Json.nextStringOrNull(reader);
      if (part != null) parts.add(part);
    }
    reader.endArray();
    return String.join(".", parts);
  }
}
