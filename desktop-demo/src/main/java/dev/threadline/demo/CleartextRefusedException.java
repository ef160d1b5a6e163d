package dev.threadline.demo;

/**
 * The {@code --server} is plain http to another machine and {@code --allow-cleartext} was not given: the
 * token and the chats would cross the network readable by anyone on the way.
 */
public final class CleartextRefusedException extends RuntimeException {
  /** Refusal of cleartext to {@code host}; {@code cause} is the SDK's own refusal. */
  public CleartextRefusedException(String host, IllegalArgumentException cause) {
    super("refusing cleartext http to " + host + ": use an https:// --server, or add --allow-cleartext on a "
        + "trusted network", cause);
  }
}
