package dev.threadline.sample;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.Test;

/** Checks the signed debug APK the package phase built, with the Android build tools. */
public class ApkIT {
  private final Path apk = Path.of(System.getProperty("threadline.apk", "target/threadline-sample-debug.apk"));

  @Test public void apksignerVerifiesTheSignature() throws Exception {
    String out = run("apksigner", "verify", "--verbose", apk.toString());
    assertTrue(out, out.startsWith("Verifies"));
  }

  @Test public void aaptDescribesPackageLaunchableActivityAndMinSdk() throws Exception {
    String badging = run("aapt", "dump", "badging", apk.toString());
    assertTrue(badging, badging.contains("package: name='dev.threadline.sample'"));
    assertTrue(badging, badging.contains("launchable-activity: name='dev.threadline.sample.ThreadListActivity'"));
    assertTrue(badging, badging.contains("sdkVersion:'23'"));
    assertTrue(badging, badging.contains("targetSdkVersion:'34'"));
    assertTrue(badging, badging.contains("uses-permission: name='android.permission.ACCESS_NETWORK_STATE'"));
  }

  @Test public void theDexHoldsTheSdkRoomAndTheAppAndReportsItsSize() throws Exception {
    List<byte[]> dexes = new ArrayList<>();
    try (ZipFile zip = new ZipFile(apk.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (entry.getName().matches("classes\\d*\\.dex")) {
          try (InputStream in = zip.getInputStream(entry)) {
            dexes.add(in.readAllBytes());
          }
        }
      }
    }
    assertTrue("no classes.dex", !dexes.isEmpty());
    String[] required = {
        "Ldev/threadline/ChatbotClient;", "Ldev/threadline/internal/ThreadMerger;",
        "Ldev/threadline/store/room/RoomThreadStore;", "Ldev/threadline/store/room/ThreadDatabase_Impl;",
        "Ldev/threadline/android/MainThreadExecutor;", "Ldev/threadline/android/NetworkMonitor;",
        "Ldev/threadline/sample/ConversationActivity;", "Lokhttp3/OkHttpClient;", "Landroidx/room/RoomDatabase;"};
    for (String type : required) {
      assertTrue(type + " is not in the dex", dexes.stream().anyMatch(dex -> contains(dex, type)));
    }
    long methods = 0;
    for (byte[] dex : dexes) {
      methods += ByteBuffer.wrap(dex).order(ByteOrder.LITTLE_ENDIAN).getInt(0x58);   // method_ids_size
    }
    System.out.printf("APK %s: %d bytes, %d dex file(s), %d method references%n",
        apk.getFileName(), Files.size(apk), dexes.size(), methods);
    assertTrue(methods > 0);
  }

  private static boolean contains(byte[] haystack, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i <= haystack.length - n.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (haystack[i + j] != n[j]) continue outer;
      }
      return true;
    }
    return false;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    int exit = process.waitFor();
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(String.join(" ", command) + ":\n" + text, 0, exit);
    return text;
  }
}
