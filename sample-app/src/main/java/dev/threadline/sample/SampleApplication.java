package dev.threadline.sample;

import android.app.Application;
import android.content.Context;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageManager;
import android.os.Bundle;
import dev.threadline.ChatbotClient;
import dev.threadline.CredentialsProvider;
import dev.threadline.SendCall;
import dev.threadline.android.MainThreadExecutor;
import dev.threadline.android.NetworkMonitor;
import dev.threadline.store.room.RoomThreadStore;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Holds the app's one {@link ChatbotClient}: built on first use from the manifest's meta-data (base URL,
 * token, account), with the Room cache, the main-thread executor and the network monitor, as the README
 * tells apps to. It outlives activities, so a rotation keeps the client, its streams and its memory.
 */
public class SampleApplication extends Application {
  private ChatbotClient client;
  private NetworkMonitor network;
  /** Sends of new threads whose screen may be recreated before the id is known, by a key kept in the state. */
  private final Map<String, SendCall> newThreadSends = new HashMap<>();

  /** The application of {@code context}. */
  public static SampleApplication from(Context context) {
    return (SampleApplication) context.getApplicationContext();
  }

  /** The client, built on first use. Main thread. */
  public ChatbotClient client() {
    if (client == null) {
      Bundle meta = settings();
      String account = meta.getString("dev.threadline.sample.ACCOUNT", "demo");
      String token = meta.getString("dev.threadline.sample.TOKEN", "demo-token");
      client = ChatbotClient.builder()
          .baseUrl(meta.getString("dev.threadline.sample.BASE_URL", "http://10.0.2.2:8080/"))
          .allowCleartext(true)
          .credentials(CredentialsProvider.bearer(token))
          .store(RoomThreadStore.open(this, account))
          .callbackExecutor(new MainThreadExecutor())
          .build();
      network = NetworkMonitor.start(this, client);
    }
    return client;
  }

  /** Keeps {@code call} across screen recreations; returns its key. */
  public String keepSend(SendCall call) {
    String key = UUID.randomUUID().toString();
    newThreadSends.put(key, call);
    return key;
  }

  /** The send kept under {@code key}, or null. */
  public SendCall keptSend(String key) {
    return key == null ? null : newThreadSends.get(key);
  }

  /** Closes the client (as the process ending would), so the next {@link #client()} starts afresh. */
  public void closeClient() {
    if (network != null) network.close();
    if (client != null) client.close();
    network = null;
    client = null;
    newThreadSends.clear();
  }

  /**
   * Where the backend is: the manifest's meta-data {@code dev.threadline.sample.BASE_URL}, {@code TOKEN} and
   * {@code ACCOUNT}. Tests override this to point at the testkit's fake backend.
   */
  protected Bundle settings() {
    try {
      ApplicationInfo info = getPackageManager().getApplicationInfo(getPackageName(), PackageManager.GET_META_DATA);
      return info.metaData != null ? info.metaData : new Bundle();
    } catch (PackageManager.NameNotFoundException e) {
      return new Bundle();
    }
  }
}
