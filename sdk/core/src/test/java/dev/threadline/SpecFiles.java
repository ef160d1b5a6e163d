package dev.threadline;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The case files of a data-driven spec (the merge spec, the recovery spec): a test-classpath folder's JSON files. */
public final class SpecFiles {
  private SpecFiles() {}

  /** The {@code .json} files in test-classpath folder {@code dir}, sorted by name. */
  public static List<Path> in(String dir) throws IOException {
    URL url = SpecFiles.class.getClassLoader().getResource(dir);
    assertNotNull(url, dir + " is not on the test classpath");
    try (Stream<Path> listing = Files.list(Paths.get(url.toURI()))) {
      return listing.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
