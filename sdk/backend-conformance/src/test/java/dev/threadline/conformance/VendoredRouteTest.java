package dev.threadline.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The vendored route module stays byte for byte the backend's: never edit {@code server/routeFeatureChatbot.py};
 * where it behaves oddly, the SDK copes.
 */
class VendoredRouteTest {
  /** SHA-256 of {@code ../shared/reference/server-routes.py}, the restored route module. */
  private static final String REFERENCE_SHA256 = "edc23dfad149db9cb446b6d8f895eb2f2aea4477d736e22b29af14558f2dcfce";

  private static final Path VENDORED =
      Paths.get(System.getProperty("threadline.backendDir", "server"), "routeFeatureChatbot.py");

  @Test void vendoredRouteModuleHasTheReferenceHash() throws Exception {
    assertEquals(REFERENCE_SHA256, sha256(VENDORED), VENDORED + " was changed");
  }

  @Test void vendoredRouteModuleIsTheSharedReferenceWhereThatIsAvailable() throws Exception {
    // Beside the repository's clone (or one level up, for a worktree) on the team's machines; on other
    // machines the constant above decides.
    Path repositoryRoot = VENDORED.toAbsolutePath().normalize().getParent().getParent().getParent().getParent();
    Path reference = Stream.of("shared", "../shared")
        .map(dir -> repositoryRoot.getParent().resolve(dir).resolve("reference/server-routes.py").normalize())
        .filter(Files::exists)
        .findFirst()
        .orElse(null);
    assumeTrue(reference != null, "no shared/reference/server-routes.py beside the repository");
    assertEquals(sha256(reference), sha256(VENDORED), VENDORED + " differs from " + reference);
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    StringBuilder hex = new StringBuilder();
    for (byte b : digest) hex.append(String.format("%02x", b));
    return hex.toString();
  }
}
