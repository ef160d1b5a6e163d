package dev.threadline.testkit.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;

/** The backend's non-stream responses: JSON bodies as Starlette's {@code JSONResponse} writes them. */
final class Responses {
  private Responses() {}

  static MockResponse.Builder json(int code, Object tree) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("server", "uvicorn")
        .setHeader("content-type", "application/json")
        .body(JsonText.write(tree, JsonText.Style.COMPACT));
  }

  /** A FastAPI {@code HTTPException}: {@code {"detail": detail}}. */
  static MockResponse.Builder detail(int code, Object detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", detail);
    return json(code, body);
  }

  /** slowapi's answer when the limit is hit. */
  static MockResponse.Builder rateLimited(int perMinute, long retryAfterSeconds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "Rate limit exceeded: " + perMinute + " per 1 minute");
    MockResponse.Builder response = json(429, body);
    if (retryAfterSeconds >= 0) response.setHeader("Retry-After", retryAfterSeconds);
    return response;
  }

  static String reason(int code) {
    switch (code) {
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 409: return "Conflict";
      case 422: return "Unprocessable Entity";
      case 500: return "Internal Server Error";
      case 502: return "Bad Gateway";
      case 503: return "Service Unavailable";
      case 504: return "Gateway Timeout";
      default: return "Error";
    }
  }
}
