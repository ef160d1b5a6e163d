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

  private Request withCredentials(Request request, boolean refresh) {
    Map<String, String> headers = credentials.headers(refresh);
    if (headers == null || headers.isEmpty()) return request;
    Request.Builder builder = request.newBuilder();
    for (Map.Entry<String, String> header : headers.entrySet()) builder.header(header.getKey(), header.getValue());
    return builder.build();
  }
}
