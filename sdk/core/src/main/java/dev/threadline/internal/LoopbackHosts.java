package dev.threadline.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which hosts are this machine itself, where plain http never crosses a network. */
public final class LoopbackHosts {
  private LoopbackHosts() {}

  /** Whether {@code host} (a URL's host) is {@code localhost} or a literal loopback address. */
  public static boolean isLoopback(String host) {
    if (host.equals("localhost") || host.endsWith(".localhost")) return true;
    // Only literal addresses: resolving a name here would do network I/O on the caller's thread.
    if (!host.matches("[0-9.]+") && !host.contains(":")) return false;
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
