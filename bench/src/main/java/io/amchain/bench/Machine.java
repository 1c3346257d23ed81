package io.amchain.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the machine is doing, for the report: benchmark figures mean little without it. */
final class Machine {
  private Machine() {}

  static String describe() {
    String load;
    try {
      load = Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      load = "unknown";
    }
    return Runtime.getRuntime().availableProcessors() + " CPUs, load average " + load;
  }
}
