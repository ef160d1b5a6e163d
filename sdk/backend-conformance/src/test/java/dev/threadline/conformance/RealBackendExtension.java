package dev.threadline.conformance;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link RealBackend} for a whole test class: register it on a static field.
 *
 * <pre>{@code
 * @RegisterExtension static final RealBackendExtension real = RealBackendExtension.create(60);
 *
 * @BeforeEach void clean() { real.backend().reset(); }
 * @Test void answers(RealBackend backend) { ... backend.baseUrl() ... backend.token("alice") ... }
 * }</pre>
 */
public final class RealBackendExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private final double timeScale;
  private RealBackend backend;

  private RealBackendExtension(double timeScale) {
    this.timeScale = timeScale;
  }

  /** An extension starting a server on real time. */
  public static RealBackendExtension create() {
    return create(1.0);
  }

  /** An extension starting a server whose clock runs {@code timeScale} times faster than real time. */
  public static RealBackendExtension create(double timeScale) {
    return new RealBackendExtension(timeScale);
  }

  /**
   * The running server.
   *
   * @throws IllegalStateException outside the class's tests (or when registered on an instance field)
   */
  public RealBackend backend() {
    if (backend == null) throw new IllegalStateException("the backend runs during the tests of a class that "
        + "registers this extension on a static field");
    return backend;
  }

  /** Starts the server. */
  @Override public void beforeAll(ExtensionContext context) {
    backend = RealBackend.start(timeScale);
  }

  /** Stops the server. */
  @Override public void afterAll(ExtensionContext context) {
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }

  /** Supports parameters of type {@link RealBackend}. */
  @Override public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealBackend.class;
  }

  /** The running server. */
  @Override public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return backend();
  }
}
