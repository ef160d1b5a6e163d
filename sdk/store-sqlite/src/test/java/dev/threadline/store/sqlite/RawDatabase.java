package dev.threadline.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain SQL on a database file, beside the store: to build old files and to inspect what was written. */
final class RawDatabase implements AutoCloseable {
  private final Connection connection;

  private RawDatabase(Connection connection) {
    this.connection = connection;
  }

  static RawDatabase open(Path file) throws SQLException {
    return new RawDatabase(DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()));
  }

  void execute(String... statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) statement.execute(sql);
    }
  }

  /** Each row of {@code sql}'s result as its columns joined by "|" (null as "null"). */
  List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= columns; c++) row.append(c > 1 ? "|" : "").append(result.getString(c));
        rows.add(row.toString());
      }
    }
    return rows;
  }

  String single(String sql) throws SQLException {
    List<String> rows = rows(sql);
    if (rows.size() != 1) throw new AssertionError(sql + " gave " + rows);
    return rows.get(0);
  }

  @Override public void close() throws SQLException {
    connection.close();
  }
}
