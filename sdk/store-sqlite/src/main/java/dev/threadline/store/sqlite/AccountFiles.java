package dev.threadline.store.sqlite;

import dev.threadline.internal.AccountFileName;
import java.nio.file.Path;

/** Where an account's database lives inside a cache directory. */
final class AccountFiles {
  private AccountFiles() {}

  /** The database file of {@code account} in {@code directory}, named as every store names it. */
  static Path databaseFile(Path directory, String account) {
    return directory.resolve(AccountFileName.of(account));
  }
}
