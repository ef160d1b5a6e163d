package dev.threadline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** A base URL checked without HttpUrl is the URL HttpUrl parses; any other is HttpUrl's to parse or refuse. */
class BaseUrlTest {
  @Test void plainUrlsAreWhatHttpUrlMakesOfThem() {
    for (String url : new String[] {
        "http://127.0.0.1:8080/", "http://127.0.0.1:8080", "https://chat.example.com", "https://chat.example.com/",
        "https://chat.example.com/backend/", "https://chat.example.com/backend", "http://localhost:1/a/b-c/d.e_f~g/",
        "https://a-b.c-d.example:65535/x", "http://999.1.1.1/", "http://1.2.3/", "https://x/", "https://0/",
        "https://" + "a".repeat(63) + ".example/", "http://example.com/v1.2/"}) {
      BaseUrl plain = BaseUrl.plain(url);
      assertNotNull(plain, url);
      HttpUrl parsed = HttpUrl.get(url);
      assertEquals(parsed.toString(), plain.toString(), url);
      assertEquals(parsed.host(), plain.host(), url);
      assertEquals(parsed.isHttps(), plain.isHttps(), url);
      assertEquals(parsed, plain.httpUrl(), url);
      assertEquals(parsed, BaseUrl.parse(url).httpUrl(), url);
    }
  }

  @Test void otherUrlsAreParsedByHttpUrlAtOnce() {
    for (String url : new String[] {
        "HTTP://example.com/", "http://Example.com/", "http://example.com:80/", "https://example.com:443/",
        "http://example.com:08080/", "http://example.com/a/../b", "http://example.com/./b", "http://example.com//b",
        "http://example.com/a%20b", "http://example.com/?q=1", "http://example.com/#f", "http://user@example.com/",
        "http://[::1]:8080/", "http://xn--caf-dma.example/", "http://café.example/", "http://a--b.example/",
        "http://-a.example/", "http://a-.example/", "http://example.com./"}) {
      assertNull(BaseUrl.plain(url), url);
      HttpUrl parsed = HttpUrl.get(url);
      BaseUrl base = BaseUrl.parse(url);
      assertEquals(parsed.toString(), base.toString(), url);
      assertEquals(parsed.host(), base.host(), url);
      assertEquals(parsed, base.httpUrl(), url);
    }
  }

  @Test void malformedUrlsAreRefusedAsHttpUrlRefusesThem() {
    for (String url : new String[] {"", "example.com", "ftp://example.com/", "http://", "http://:80/",
        "http://example.com:0/", "http://example.com:65536/", "http://example.com:x/", "http://exa mple.com/",
        "http://a..b/", "https://" + "a".repeat(64) + ".example/"}) {
      IllegalArgumentException expected = assertThrows(IllegalArgumentException.class, () -> HttpUrl.get(url), url);
      IllegalArgumentException actual = assertThrows(IllegalArgumentException.class, () -> BaseUrl.parse(url), url);
      assertEquals(expected.getMessage(), actual.getMessage(), url);
    }
  }
}
