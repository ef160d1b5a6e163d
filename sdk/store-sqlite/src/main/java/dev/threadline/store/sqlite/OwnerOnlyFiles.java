package dev.threadline.store.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Creates the cache's directory and database file readable by their owner only, where the file system has
 * POSIX permissions. Elsewhere (Windows) files inherit the access list of their folder, which for an app's
 * per-user data folder already excludes other users.
 */
final class OwnerOnlyFiles {
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  /** Creates {@code directory} and missing parents (the new ones owner-only); an existing one is left as is. */
  static void createDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) return;
    if (supportsPosix(directory)) {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
    } else {
      Files.createDirectories(directory);
    }
  }

  /**
   * Creates {@code file} empty and owner-only unless it exists; an existing file is made owner-only. SQLite
   * gives its {@code -wal} and {@code -shm} files the database file's permissions, so they follow.
   */
  static void createFile(Path file) throws IOException {
    // Without POSIX permissions there is nothing to set; SQLite creates the file.
    if (!supportsPosix(file.toAbsolutePath().getParent())) return;
    try {
      // Created with its final permissions, so there is no moment at which others could open it.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    } catch (FileAlreadyExistsException e) {
      removeOthersAccess(file);
    }
  }

  /**
   * Takes group and other permissions away from a file made earlier (by a copy, a backup restore, an older
   * version). Owner permissions stay as they are: a file the user made read-only stays read-only.
   */
  private static void removeOthersAccess(Path file) throws IOException {
    Set<PosixFilePermission> current = Files.getPosixFilePermissions(file);
    Set<PosixFilePermission> ownerOnly = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission permission : current) {
      if (permission.name().startsWith("OWNER_")) ownerOnly.add(permission);
    }
    if (!ownerOnly.equals(current)) Files.setPosixFilePermissions(file, ownerOnly);
  }

  private static boolean supportsPosix(@Nullable Path existingOrParent) {
    Path probe = existingOrParent;
    while (probe != null && !Files.exists(probe)) probe = probe.getParent();
    return probe != null && Files.getFileAttributeView(probe, PosixFileAttributeView.class) != null;
  }
}
