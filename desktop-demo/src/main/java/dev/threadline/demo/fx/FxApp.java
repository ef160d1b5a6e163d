package dev.threadline.demo.fx;

import dev.threadline.ChatbotEventListener;
import dev.threadline.demo.DemoSession;
import dev.threadline.demo.Options;
import dev.threadline.desktop.JavaFxExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Alert;

/** Starts the JavaFX window: starts the toolkit, opens the session off its thread, then shows the window. */
public final class FxApp {
  private FxApp() {}

  /**
   * Starts JavaFX, opens the session {@code options} describe and shows the window; {@code onExit} runs
   * after the user closed it (or when the session could not open). Call from the main thread.
   */
  public static void launch(Options options, Runnable onExit) {
    try {
      startToolkit();
    } catch (UnsupportedOperationException e) {
      System.err.println("error: " + e.getMessage() + ". The command line works without a window: try --help");
      System.exit(1);
    }
    DemoSession session;
    try {
      session = DemoSession.open(options, JavaFxExecutor.INSTANCE, ChatbotEventListener.NONE);
    } catch (RuntimeException e) {
      Platform.runLater(() -> {
        Alert alert = new Alert(Alert.AlertType.ERROR, "The demo could not start:\n" + e.getMessage());
        alert.setTitle("Threadline");
        alert.showAndWait();
        onExit.run();
      });
      return;
    }
    Platform.runLater(() -> new FxChatWindow(session, onExit).show());
  }

  /**
   * Starts the toolkit if needed, shows a window on {@code session} and returns once it is visible (for
   * tests). Call from a thread other than the application thread.
   */
  public static FxChatWindow open(DemoSession session) throws Exception {
    startToolkit();
    CompletableFuture<FxChatWindow> window = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        FxChatWindow created = new FxChatWindow(session, () -> { });
        created.show();
        window.complete(created);
      } catch (RuntimeException e) {
        window.completeExceptionally(e);
      }
    });
    return window.get(30, TimeUnit.SECONDS);
  }

  /**
   * Starts the JavaFX toolkit once per JVM; the last window closed does not end it (the session does).
   *
   * @throws UnsupportedOperationException if JavaFX cannot open windows here, saying what it needs
   */
  private static synchronized void startToolkit() {
    try {
      Platform.startup(() -> { });
    } catch (IllegalStateException alreadyRunning) {
      return;
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new UnsupportedOperationException("JavaFX cannot open a window here (" + e.getMessage() + "): it needs a"
          + " display (DISPLAY), GTK 3 and libXtst (on Debian: apt-get install libgtk-3-0 libxtst6)", e);
    }
    Platform.setImplicitExit(false);
  }
}
