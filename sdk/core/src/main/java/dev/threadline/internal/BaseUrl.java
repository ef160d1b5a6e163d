package dev.threadline.internal;

import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A client's base URL, checked when the client is built and made an {@link HttpUrl} when first used.
 *
 * <p>{@link HttpUrl}'s parse loads OkHttp's and Kotlin's text classes, OkHttp's IDN mapping table and the JDK's
 * Unicode normaliser, even for a plain ASCII host: tens of milliseconds in a fresh process, on the thread
 * that builds the client (Android's main thread), before a cached thread can show (benchmark 3). So a URL in
 * the plain form most apps use (http or https, a lower-case ASCII host, an optional port, a path of
 * unreserved characters) is checked here, which is the same as {@link HttpUrl#get}'s check for it and gives
 * the text {@link HttpUrl#toString} would; any other text is parsed by {@link HttpUrl#get} at once, with its
 * errors.
 */
public final class BaseUrl {
  private final String text;
  private final String host;
  private final boolean https;
  private volatile @Nullable HttpUrl parsed;

  private BaseUrl(String text, String host, boolean https, @Nullable HttpUrl parsed) {
    this.text = text;
    this.host = host;
    this.https = https;
    this.parsed = parsed;
  }

  /** {@code url} as a base URL. */
  public static BaseUrl of(HttpUrl url) {
    return new BaseUrl(url.toString(), url.host(), url.isHttps(), url);
  }

  /**
   * The base URL {@code url} spells.
   *
   * @throws IllegalArgumentException if it is not a well-formed http or https URL (as {@link HttpUrl#get})
   */
  public static BaseUrl parse(String url) {
    BaseUrl plain = plain(url);
    return plain != null ? plain : of(HttpUrl.get(url));
  }

  /** The URL as an {@link HttpUrl}, parsed on first use. */
  public HttpUrl httpUrl() {
    HttpUrl url = parsed;
    if (url == null) {
      // Racing threads at worst parse it twice, to equal values.
      url = HttpUrl.get(text);
      parsed = url;
    }
    return url;
  }

  /** The host, as {@link HttpUrl#host()}. */
  public String host() {
    return host;
  }

  /** Whether the scheme is https. */
  public boolean isHttps() {
    return https;
  }

  /** The URL's text, as {@link HttpUrl#toString()}. */
  @Override public String toString() {
    return text;
  }

  /** {@code url} if it is in the plain form (see the class comment), in {@link HttpUrl#toString}'s spelling; else null. */
  static @Nullable BaseUrl plain(String url) {
    boolean https = url.startsWith("https://");
    if (!https && !url.startsWith("http://")) return null;
    int hostStart = https ? 8 : 7;
    int hostEnd = hostStart;
    while (hostEnd < url.length() && url.charAt(hostEnd) != ':' && url.charAt(hostEnd) != '/') hostEnd++;
    String host = url.substring(hostStart, hostEnd);
    if (!isPlainHost(host)) return null;
    int pathStart = hostEnd;
    if (pathStart < url.length() && url.charAt(pathStart) == ':') {
      pathStart++;
      while (pathStart < url.length() && url.charAt(pathStart) != '/') pathStart++;
      if (!isPlainPort(url.substring(hostEnd + 1, pathStart), https)) return null;
    }
    String path = url.substring(pathStart);
    if (path.isEmpty()) {
      path = "/";
    } else if (!isPlainPath(path)) {
      return null;
    }
    return new BaseUrl(url.substring(0, pathStart) + path, host, https, null);
  }

  /** Labels of lower-case letters and digits, with single hyphens inside: no IDN, nothing to normalise. */
  private static boolean isPlainHost(String host) {
    if (host.isEmpty() || host.length() > 253) return false;
    int labelStart = 0;
    for (int i = 0; i <= host.length(); i++) {
      if (i < host.length() && host.charAt(i) != '.') {
        char c = host.charAt(i);
        boolean hyphen = c == '-';
        if (!hyphen && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) return false;
        // No leading, trailing or double hyphen (which would make an IDN label, "xn--").
        if (hyphen && (i == labelStart || i + 1 == host.length() || host.charAt(i + 1) == '.'
            || host.charAt(i + 1) == '-')) {
          return false;
        }
        continue;
      }
      int length = i - labelStart;
      if (length == 0 || length > 63) return false;
      labelStart = i + 1;
    }
    return true;
  }

  /** A port written as {@link HttpUrl#toString} writes it: no leading zero, and not the scheme's default. */
  private static boolean isPlainPort(String digits, boolean https) {
    if (digits.isEmpty() || digits.length() > 5 || digits.charAt(0) == '0') return false;
    int port = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') return false;
      port = port * 10 + (c - '0');
    }
    return port <= 65535 && port != (https ? 443 : 80);
  }

  /** Segments of unreserved characters, none empty but the last, none a dot segment. */
  private static boolean isPlainPath(String path) {
    int segmentStart = 1;
    if (path.charAt(0) != '/') return false;
    for (int i = 1; i <= path.length(); i++) {
      if (i < path.length() && path.charAt(i) != '/') {
        char c = path.charAt(i);
        if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')
            && c != '-' && c != '.' && c != '_' && c != '~') {
          return false;
        }
        continue;
      }
      String segment = path.substring(segmentStart, i);
      boolean last = i == path.length();
      if ((segment.isEmpty() && !last) || segment.equals(".") || segment.equals("..")) return false;
      segmentStart = i + 1;
    }
    return true;
  }
}
