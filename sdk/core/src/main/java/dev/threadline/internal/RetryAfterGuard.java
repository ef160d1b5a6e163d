package dev.threadline.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Rewrites a {@code Retry-After} of more digits than an {@code int} holds before OkHttp's own follow-up
 * logic reads it: OkHttp parses any all-digit value as an {@code int} and throws
 * {@code NumberFormatException} on its dispatcher thread (the call then never completes). The value is
 * clamped to {@code maxSeconds}, which is as much as the SDK would wait anyway; every shorter or
 * non-numeric value (an HTTP date) passes unchanged. Installed as a network interceptor, so it sees each response before the follow-up does.
 */
public final class RetryAfterGuard implements Interceptor {
  private final long maxSeconds;

  /** @param maxSeconds the longest wait worth keeping (the backoff policy's Retry-After cap) */
  public RetryAfterGuard(long maxSeconds) {
    this.maxSeconds = Math.min(Math.max(0, maxSeconds), Integer.MAX_VALUE);
  }

  @Override public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    String value = response.header("Retry-After");
    if (value == null || !isLongDigits(value)) return response;
    return response.newBuilder().header("Retry-After", Long.toString(maxSeconds)).build();
  }

  /** Only digits, and more of them than an int surely holds (a shorter value needs no rewriting). */
  private static boolean isLongDigits(String value) {
    if (value.length() <= 9) return false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
}
