package dev.threadline.internal;

import dev.threadline.CredentialsProvider;
import java.io.IOException;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds the app's credentials to every request, and after a 401 asks the provider once more (with
 * {@code refresh}) and repeats the request once. Repeating is safe even for a send: a 401 means the server
 * refused the request before running it.
 */
public final class CredentialsInterceptor implements Interceptor {
  private final CredentialsProvider credentials;

  public CredentialsInterceptor(CredentialsProvider credentials) {
    this.credentials = credentials;
  }

  @Override public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Response response = chain.proceed(withCredentials(request, false));
    if (response.code() != 401) return response;
    response.close();
    return chain.proceed(withCredentials(request, true));
  }

  /**
   * The request with the provider's headers. A provider that throws, or gives a header OkHttp refuses,
   * fails this call with an {@link IOException}: nothing may escape onto OkHttp's dispatcher thread, where it
   * would leave the call without an answer.
   */
  private Request withCredentials(Request request, boolean refresh) throws IOException {
    Map<String, String> headers;
    try {
      headers = credentials.headers(refresh);
    } catch (RuntimeException e) {
      throw new IOException("the credentials provider failed: " + e, e);
    }
    if (headers == null || headers.isEmpty()) return request;
    Request.Builder builder = request.newBuilder();
    try {
      for (Map.Entry<String, String> header : headers.entrySet()) builder.header(header.getKey(), header.getValue());
    } catch (RuntimeException e) {
      // Without OkHttp's message: it may quote the refused value, a credential.
      throw new IOException("the credentials provider gave a header HTTP cannot carry");
    }
    return builder.build();
  }
}
