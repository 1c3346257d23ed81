package io.amchain.node;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code amchain} command line: its exit code, output and errors. */
record CliRun(int exit, String out, String err) {
  static CliRun of(final String... args) {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final int exit = AmchainCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
