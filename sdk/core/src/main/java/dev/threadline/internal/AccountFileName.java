package dev.threadline.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The name of an account's cache database, the same for every store (the desktop SQLite store and Android's
 * Room store): {@code threadline-}, the SHA-256 of the account id in hex, {@code .db}. Any account string (an
 * e-mail address, a path with {@code ../}, a very long id) gives a safe, fixed-length name, and the name
 * does not reveal who the account is.
 */
public final class AccountFileName {
  private AccountFileName() {}

  /** The database file name of {@code account}. */
  public static String of(String account) {
    Objects.requireNonNull(account, "account");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(account.getBytes(StandardCharsets.UTF_8));
      StringBuilder name = new StringBuilder("threadline-");
      for (byte b : digest) name.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      return name.append(".db").toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }
}
