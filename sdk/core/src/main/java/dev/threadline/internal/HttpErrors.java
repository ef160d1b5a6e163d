package dev.threadline.internal;

import com.squareup.moshi.JsonReader;
import dev.threadline.BadRequestException;
import dev.threadline.ChatbotException;
import dev.threadline.ForbiddenException;
import dev.threadline.NotFoundException;
import dev.threadline.RateLimitedException;
import dev.threadline.ServerException;
import dev.threadline.UnauthorizedException;
import java.io.IOException;
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
    long retryAfter = retryAfterMillis(response, System.currentTimeMillis());
    // Method and path only: the query may carry ids, and nothing from the request's headers is used.
    String message = "HTTP " + code + " for " + response.request().method() + " "
        + response.request().url().encodedPath() + (detail == null ? "" : ": " + detail);
    switch (classifiedStatus(code, detail)) {
      case 400:
      case 422: return new BadRequestException(message, code, detail, null);
      case 401: return new UnauthorizedException(message, code, detail, null);
      case 403: return new ForbiddenException(message, code, detail, null);
      case 404: return new NotFoundException(message, code, detail, null);
      case 429: return new RateLimitedException(message, detail, retryAfter, null);
      default:
        if (code >= 500) return new ServerException(message, code, detail, retryAfter, null);
        return new ChatbotException(message, code, detail, null);
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
   * The {@code Retry-After} delay in milliseconds (delta-seconds or an HTTP date, relative to
   * {@code nowMillis}), or -1 when absent or unreadable.
   */
  public static long retryAfterMillis(Response response, long nowMillis) {
    String value = response.header("Retry-After");
    if (value == null) return -1;
    value = value.trim();
    try {
      return Math.max(0, Long.parseLong(value) * 1000);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Math.max(0, at.toEpochMilli() - nowMillis);
      } catch (RuntimeException notDate) {
        return -1;
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
