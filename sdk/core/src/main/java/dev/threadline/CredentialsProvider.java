package dev.threadline;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Supplies the headers that authenticate a request: a bearer token, a cookie, or any others. The client
 * asks for them before every request, and once more with {@code refresh} true after the server answered
 * 401, so a provider can fetch a new token; if the retried request is refused again the call fails with
 * {@link UnauthorizedException}. Called on network threads; it may block briefly. Header values are never
 * logged or put into exceptions.
 */
public interface CredentialsProvider {
  /** Sends no credentials. */
  CredentialsProvider NONE = refresh -> Collections.emptyMap();

  /**
   * Returns the headers to add to the next request.
   *
   * @param refresh true when the previous credentials were just rejected with 401
   */
  Map<String, String> headers(boolean refresh);

  /** Sends {@code Authorization: Bearer <token>} with a fixed token. */
  static CredentialsProvider bearer(String token) {
    Objects.requireNonNull(token, "token");
    return bearer(() -> token);
  }

  /** Sends {@code Authorization: Bearer <token>}, asking {@code tokens} for the token on every request. */
  static CredentialsProvider bearer(Supplier<String> tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return refresh -> Collections.singletonMap("Authorization", "Bearer " + tokens.get());
  }
}
