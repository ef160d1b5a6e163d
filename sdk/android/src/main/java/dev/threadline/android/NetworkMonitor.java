package dev.threadline.android;

import android.content.Context;
import android.net.ConnectivityManager;
import android.net.Network;
import android.net.NetworkCapabilities;
import android.net.NetworkInfo;
import android.net.NetworkRequest;
import dev.threadline.ChatbotClient;
import dev.threadline.Subscription;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Tells a {@link ChatbotClient} when connectivity comes and goes, from {@link ConnectivityManager}: when
 * the last network with internet access is lost it calls {@link ChatbotClient#networkLost()} (waiting
 * recoveries pause, threads show {@code OFFLINE} with their cached items), and when one is available again
 * {@link ChatbotClient#networkAvailable()} (they retry at once). Only changes are reported, each once.
 *
 * <pre>{@code
 * Subscription network = NetworkMonitor.start(context, client);   // e.g. with the client, in Application
 * ...
 * network.close();                                                // before client.close()
 * }</pre>
 *
 * <p>Needs the {@code android.permission.ACCESS_NETWORK_STATE} permission in the app's manifest. Works from
 * API 23. The client's methods are called on the connectivity service's callback thread; they only post
 * to the client's engine.
 */
public final class NetworkMonitor implements Subscription {
  private final ConnectivityManager connectivity;
  private final ChatbotClient client;
  private final Set<Network> networks = new HashSet<>();
  private final ConnectivityManager.NetworkCallback callback = new ConnectivityManager.NetworkCallback() {
    @Override public void onAvailable(Network network) {
      changed(network, true);
    }

    @Override public void onLost(Network network) {
      changed(network, false);
    }
  };
  private Boolean reported;
  private boolean closed;

  private NetworkMonitor(ConnectivityManager connectivity, ChatbotClient client) {
    this.connectivity = connectivity;
    this.client = client;
  }

  /**
   * Starts reporting connectivity changes of {@code context}'s device to {@code client}. If the device has
   * no connected network now, reports {@link ChatbotClient#networkLost()} at once. Close the returned
   * monitor to stop; closing does not tell the client anything.
   *
   * @throws SecurityException if the app lacks {@code ACCESS_NETWORK_STATE}
   */
  public static NetworkMonitor start(Context context, ChatbotClient client) {
    ConnectivityManager connectivity = Objects.requireNonNull(
        context.getSystemService(ConnectivityManager.class), "no ConnectivityManager");
    NetworkMonitor monitor = new NetworkMonitor(connectivity, Objects.requireNonNull(client, "client"));
    monitor.begin();
    return monitor;
  }

  @SuppressWarnings("deprecation")  // getActiveNetworkInfo: the one connectivity check that works from API 23
  private void begin() {
    NetworkInfo active = connectivity.getActiveNetworkInfo();
    if (active == null || !active.isConnected()) report(false);
    NetworkRequest internet = new NetworkRequest.Builder()
        .addCapability(NetworkCapabilities.NET_CAPABILITY_INTERNET)
        .build();
    connectivity.registerNetworkCallback(internet, callback);
  }

  private synchronized void changed(Network network, boolean available) {
    if (closed) return;
    if (available) {
      networks.add(network);
    } else {
      networks.remove(network);
    }
    report(!networks.isEmpty());
  }

  private synchronized void report(boolean available) {
    if (Boolean.valueOf(available).equals(reported)) return;
    reported = available;
    if (available) {
      client.networkAvailable();
    } else {
      client.networkLost();
    }
  }

  /** Stops reporting and unregisters from {@link ConnectivityManager}. Idempotent. */
  @Override public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    connectivity.unregisterNetworkCallback(callback);
  }
}
