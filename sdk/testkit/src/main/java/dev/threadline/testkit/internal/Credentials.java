package dev.threadline.testkit.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import okhttp3.Headers;

/**
 * The configured tokens and the users they belong to. A request authenticates with
 * {@code Authorization: Bearer <token>} or a cookie {@code session=<token>}. Immutable.
 */
public final class Credentials {
  private final Map<String, String> userByToken;

  /** Credentials for {@code userByToken} (copied). */
  public Credentials(Map<String, String> userByToken) {
    this.userByToken = Collections.unmodifiableMap(new LinkedHashMap<>(userByToken));
  }

  /** The user of the request's credentials, or null if they are missing or unknown. */
  public String user(Headers headers) {
    String authorization = headers.get("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String user = userByToken.get(authorization.substring(7).trim());
      if (user != null) return user;
    }
    for (String cookieHeader : headers.values("Cookie")) {
      for (String cookie : cookieHeader.split(";")) {
        String trimmed = cookie.trim();
        if (trimmed.startsWith("session=")) {
          String user = userByToken.get(trimmed.substring("session=".length()));
          if (user != null) return user;
        }
      }
    }
    return null;
  }

  /** The distinct users, in configuration order. */
  public Collection<String> users() {
    return new LinkedHashSet<>(userByToken.values());
  }
}
