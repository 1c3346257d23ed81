package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.amchain.consensus.clique.SealingFixture;
import io.amchain.ledger.crypto.DevAccounts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One in-process run of the {@code amchain} command line: its exit code, output and errors. */
record CliRun(int exit, String out, String err) {
  static CliRun of(final String... args) {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final int exit = AmchainCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /**
   * {@code dir/data}, made by {@code amchain init} from a London genesis (chain id 1337) whose one
   * signer is development account 0.
   */
  static Path initializedDatadir(final Path dir) throws IOException {
    final Path genesis =
        Files.writeString(
            dir.resolve("genesis.json"),
            "{\"config\":{\"chainId\":1337,\"londonBlock\":0,\"clique\":{\"period\":1,"
                + "\"epoch\":30000}},\"gasLimit\":\"0x1c9c380\",\"difficulty\":\"0x1\","
                + "\"extraData\":\""
                + SealingFixture.extraData(List.of(DevAccounts.key(0).publicKey().address()))
                    .toHex()
                + "\",\"alloc\":{}}");
    final Path data = dir.resolve("data");
    final CliRun init = of("init", "--genesis", genesis.toString(), "--datadir", data.toString());
    assertEquals(0, init.exit(), init.err());
    return data;
  }
}
