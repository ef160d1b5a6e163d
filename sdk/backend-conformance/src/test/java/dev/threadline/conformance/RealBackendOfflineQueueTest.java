package dev.threadline.conformance;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The offline queue end to end against the backend's own route code under FastAPI. */
class RealBackendOfflineQueueTest extends OfflineQueueScenario {
  @RegisterExtension static final RealBackendExtension real = RealBackendExtension.create(10);

  @BeforeEach void emptyBackend() {
    real.backend().reset();
  }

  @Override protected HttpUrl backendUrl() {
    return real.backend().baseUrl();
  }

  @Override protected String token() {
    return real.backend().token("alice");
  }
}
