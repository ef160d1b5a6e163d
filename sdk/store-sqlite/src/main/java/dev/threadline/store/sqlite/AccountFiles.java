package dev.threadline.store.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Where an account's database lives inside a cache directory. */
final class AccountFiles {
  private AccountFiles() {}

  /**
   * The database file of {@code account} in {@code directory}. The name is a hash of the account, so any
   * account string (an e-mail address, a path with {@code ../}, a very long id) gives a safe, fixed-length
   * name, and the file name does not reveal who the account is. The Android store names its databases the
   * same way.
   */
  static Path databaseFile(Path directory, String account) {
    return directory.resolve("threadline-" + sha256Hex(account) + ".db");
  }

  private static String sha256Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(digest.length * 2);
      for (byte b : digest) hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new AssertionError(e);
    }
  }
}
