package dev.threadline.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a set of classes occupies in an APK's dex files (the {@code classes*.dex} entries, read as the sample
 * app's {@code ApkIT} reads them), from the dex format's own tables. A class is charged what only it uses:
 * its {@code class_def}, its {@code class_data}, its methods' code (with their try/catch tables) and debug
 * info, and the {@code type_id}, {@code method_id}s and {@code field_id}s naming it and its members, with the
 * string of its type descriptor. What classes share (the other strings, the method prototypes, annotations)
 * is charged to nobody; {@link Figures#dexBytes} says how large the files are in all.
 */
final class DexSizes {
  /** The figures of one set of classes, over all the APK's dex files. */
  static final class Figures {
    long classes;
    long bytes;
    long methodRefs;
    long fieldRefs;
    /** The dex files' whole size (all classes, shared tables included). */
    long dexBytes;
    /** Every method reference of the dex files (the 64K limit counts these per file). */
    long allMethodRefs;
  }

  private DexSizes() {}

  /** The figures of the classes whose type descriptor ({@code Lokhttp3/Call;}) {@code group} accepts. */
  static Figures of(Path apk, Predicate<String> group) throws IOException {
    Figures figures = new Figures();
    for (byte[] dex : dexFiles(apk)) new Dex(dex).charge(group, figures);
    return figures;
  }

  static List<byte[]> dexFiles(Path apk) throws IOException {
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
    if (dexes.isEmpty()) throw new IOException(apk + " holds no classes.dex");
    return dexes;
  }

  /** One dex file (https://source.android.com/docs/core/runtime/dex-format). */
  private static final class Dex {
    private final ByteBuffer buffer;
    private int position;

    Dex(byte[] bytes) {
      this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    void charge(Predicate<String> group, Figures figures) {
      int stringIds = buffer.getInt(0x3C);
      int typeIdsSize = buffer.getInt(0x40);
      int typeIds = buffer.getInt(0x44);
      int fieldIdsSize = buffer.getInt(0x50);
      int fieldIds = buffer.getInt(0x54);
      int methodIdsSize = buffer.getInt(0x58);
      int methodIds = buffer.getInt(0x5C);
      int classDefsSize = buffer.getInt(0x60);
      int classDefs = buffer.getInt(0x64);
      figures.dexBytes += buffer.capacity();
      figures.allMethodRefs += methodIdsSize;

      boolean[] inGroup = new boolean[typeIdsSize];
      for (int type = 0; type < typeIdsSize; type++) {
        int descriptor = buffer.getInt(typeIds + 4 * type);
        int stringData = buffer.getInt(stringIds + 4 * descriptor);
        position = stringData;
        readUleb();   // its length in UTF-16 units; the MUTF-8 bytes end with a 0
        int start = position;
        while (buffer.get(position) != 0) position++;
        byte[] utf8 = new byte[position - start];
        buffer.get(start, utf8);
        inGroup[type] = group.test(new String(utf8, StandardCharsets.UTF_8));
        if (inGroup[type]) figures.bytes += 4 + (position + 1 - stringData);
      }
      for (int method = 0; method < methodIdsSize; method++) {
        if (inGroup[buffer.getShort(methodIds + 8 * method) & 0xFFFF]) {
          figures.methodRefs++;
          figures.bytes += 8;
        }
      }
      for (int field = 0; field < fieldIdsSize; field++) {
        if (inGroup[buffer.getShort(fieldIds + 8 * field) & 0xFFFF]) {
          figures.fieldRefs++;
          figures.bytes += 8;
        }
      }
      Set<Integer> debugInfos = new HashSet<>();
      for (int c = 0; c < classDefsSize; c++) {
        int def = classDefs + 32 * c;
        if (!inGroup[buffer.getInt(def)]) continue;
        figures.classes++;
        figures.bytes += 32;
        int classData = buffer.getInt(def + 24);
        if (classData != 0) figures.bytes += classData(classData, debugInfos);
      }
    }

    /** The bytes of a {@code class_data_item} and of the code and debug info of its methods. */
    private long classData(int offset, Set<Integer> debugInfos) {
      position = offset;
      long fields = readUleb() + readUleb();
      long methods = readUleb() + readUleb();
      for (long i = 0; i < fields; i++) {
        readUleb();
        readUleb();
      }
      List<Integer> codes = new ArrayList<>();
      for (long i = 0; i < methods; i++) {
        readUleb();
        readUleb();
        int code = (int) readUleb();
        if (code != 0) codes.add(code);
      }
      long bytes = position - offset;
      for (int code : codes) bytes += codeItem(code, debugInfos);
      return bytes;
    }

    /** The bytes of a {@code code_item}, with its tries and handlers, and of its debug info if not yet counted. */
    private long codeItem(int offset, Set<Integer> debugInfos) {
      int tries = buffer.getShort(offset + 6) & 0xFFFF;
      int debugInfo = buffer.getInt(offset + 8);
      long instructions = buffer.getInt(offset + 12) & 0xFFFFFFFFL;
      position = (int) (offset + 16 + 2 * instructions);
      if (tries > 0) {
        if (instructions % 2 == 1) position += 2;
        position += 8 * tries;
        long handlers = readUleb();
        for (long h = 0; h < handlers; h++) {
          long size = readSleb();
          for (long pair = 0; pair < Math.abs(size); pair++) {
            readUleb();
            readUleb();
          }
          if (size <= 0) readUleb();
        }
      }
      long bytes = position - offset;
      if (debugInfo != 0 && debugInfos.add(debugInfo)) bytes += debugInfo(debugInfo);
      return bytes;
    }

    /** The bytes of a {@code debug_info_item}: a header, then a state machine's program up to its end. */
    private long debugInfo(int offset) {
      position = offset;
      readUleb();
      long parameters = readUleb();
      for (long p = 0; p < parameters; p++) readUleb();
      while (true) {
        int opcode = buffer.get(position++) & 0xFF;
        if (opcode == 0x00) break;                                     // DBG_END_SEQUENCE
        if (opcode == 0x02) {
          readSleb();                                                  // DBG_ADVANCE_LINE
        } else if (opcode == 0x03) {
          skipUlebs(3);                                                // DBG_START_LOCAL
        } else if (opcode == 0x04) {
          skipUlebs(4);                                                // DBG_START_LOCAL_EXTENDED
        } else if (opcode == 0x01 || opcode == 0x05 || opcode == 0x06 || opcode == 0x09) {
          readUleb();                                                  // one operand
        }
        // 0x07, 0x08 and the special opcodes (0x0a and up) have none.
      }
      return position - offset;
    }

    private void skipUlebs(int count) {
      for (int i = 0; i < count; i++) readUleb();
    }

    private long readUleb() {
      return readLeb128(false);
    }

    private long readSleb() {
      return readLeb128(true);
    }

    /** A LEB128 number: 7 bits a byte, low first; a signed one extends its last byte's top bit. */
    private long readLeb128(boolean signed) {
      long result = 0;
      int shift = 0;
      int b;
      do {
        b = buffer.get(position++) & 0xFF;
        result |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      if (signed && shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
      return result;
    }
  }
}
