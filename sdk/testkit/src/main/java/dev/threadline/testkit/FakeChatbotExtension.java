package dev.threadline.testkit;

import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a {@link FakeChatbotServer} around JUnit Jupiter tests. Registered on an instance field, each test
 * gets a fresh server; on a static field, the test class shares one. Test methods may also take the server
 * as a parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * final FakeChatbotExtension fake = FakeChatbotExtension.create(b -> b.token("token-alice", "alice"));
 *
 * @Test void answers() {
 *   fake.server().script().nextRound(Round.reply("Hi!"));
 *   ...
 * }
 * }</pre>
 *
 * <p>Needs {@code junit-jupiter-api} on the test class path (the testkit declares it optional).
 */
public final class FakeChatbotExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final Consumer<FakeChatbotServer.Builder> configuration;
  private @Nullable FakeChatbotServer server;
  private boolean perClass;

  private FakeChatbotExtension(Consumer<FakeChatbotServer.Builder> configuration) {
    this.configuration = configuration;
  }

  /** An extension starting servers with the {@linkplain FakeChatbotServer#builder() defaults}. */
  public static FakeChatbotExtension create() {
    return create(builder -> { });
  }

  /** An extension starting servers configured by {@code configuration} (called for each server). */
  public static FakeChatbotExtension create(Consumer<FakeChatbotServer.Builder> configuration) {
    return new FakeChatbotExtension(Objects.requireNonNull(configuration, "configuration"));
  }

  /**
   * The running server.
   *
   * @throws IllegalStateException outside a test
   */
  public FakeChatbotServer server() {
    if (server == null) throw new IllegalStateException("the fake server runs only during tests");
    return server;
  }

  private void startServer() {
    FakeChatbotServer.Builder builder = FakeChatbotServer.builder();
    configuration.accept(builder);
    server = builder.start();
  }

  private void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Starts the class's shared server (static registration). */
  @Override public void beforeAll(ExtensionContext context) {
    perClass = true;
    startServer();
  }

  /** Closes the class's shared server. */
  @Override public void afterAll(ExtensionContext context) {
    stopServer();
  }

  /** Starts the test's own server (instance registration). */
  @Override public void beforeEach(ExtensionContext context) {
    if (!perClass) startServer();
  }

  /** Closes the test's own server. */
  @Override public void afterEach(ExtensionContext context) {
    if (!perClass) stopServer();
  }

  /** Supports parameters of type {@link FakeChatbotServer}. */
  @Override public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FakeChatbotServer.class;
  }

  /** The running server. */
  @Override public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server();
  }
}
