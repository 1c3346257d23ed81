package io.amchain.node;

import io.amchain.contracts.Chain;
import io.amchain.contracts.MemberRegistry.Founder;
import io.amchain.contracts.MemberRegistry.Role;
import io.amchain.contracts.PlatformContract;
import io.amchain.contracts.PlatformDeployer;
import io.amchain.contracts.PlatformManifest;
import io.amchain.contracts.TransactionSender;
import io.amchain.ledger.crypto.KeyFile;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "deploy",
    description = {
      "Deploy and wire the eight platform contracts (ten transactions from one account) to any"
          + " Ethereum JSON-RPC endpoint, and write the deployment manifest (platform.json).",
      "Founders are admitted without a vote: ADDR:ROLE for CUSTOMER, PROVIDER and ARBITER,"
          + " ADDR:MINER:SIGNER for a MINER (SIGNER: its node's sealing address)."
    })
final class PlatformDeployCommand implements Callable<Integer> {

  @Option(
      names = "--rpc",
      paramLabel = "URL",
      defaultValue = PlatformStatusCommand.DEFAULT_RPC,
      description = "JSON-RPC endpoint (default ${DEFAULT-VALUE})")
  String rpc;

  @Mixin KeyOptions key = new KeyOptions();

  @Option(
      names = "--founders",
      required = true,
      split = ",",
      paramLabel = "ADDR:ROLE[:SIGNER]",
      description = "the founding members, comma-separated")
  List<String> founders;

  @Option(
      names = "--treasury",
      paramLabel = "A",
      description = "fee treasury (default: the deployer)")
  @Nullable String treasury;

  @Option(
      names = "--miner-pool",
      paramLabel = "A",
      description = "miner reward pool (default: the treasury)")
  @Nullable String minerPool;

  @Option(
      names = "--arbitration-pool",
      paramLabel = "A",
      description = "arbitration pool (default: the treasury)")
  @Nullable String arbitrationPool;

  @Option(
      names = "--proposal-period",
      paramLabel = "S",
      description = "seconds a membership proposal stays open (default 604800, 7 days)")
  long proposalPeriod = PlatformDeployer.DEFAULT_PROPOSAL_PERIOD;

  @Option(
      names = "--voting-period",
      paramLabel = "S",
      description = "seconds arbiters have to rule a dispute (default 259200, 3 days)")
  long votingPeriod = PlatformDeployer.DEFAULT_VOTING_PERIOD;

  @Option(
      names = "--confirmation-window",
      paramLabel = "S",
      description =
          "seconds a customer has to confirm a delivery before the provider may claim (default"
              + " 259200, 3 days)")
  long confirmationWindow = PlatformDeployer.DEFAULT_CONFIRMATION_WINDOW;

  @Option(
      names = "--fees",
      paramLabel = "T,M,A",
      description =
          "treasury, miner pool and arbitration pool fees in basis points (default 100,100,50;"
              + " at most 2000 together)")
  @Nullable String fees;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "where to write the manifest")
  Path out;

  @Spec CommandSpec spec;

  /** The deploying account: a hex key, or a key file with its password. */
  static final class KeyOptions {
    @Option(
        names = "--key",
        paramLabel = "HEX",
        description = "the deployer's private key (hex); prefer --keystore outside devnets")
    @Nullable String hex;

    @Option(
        names = "--keystore",
        paramLabel = "FILE",
        description = "the deployer's key file (amchain account new, or geth's)")
    @Nullable Path keyFile;

    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description = "first line: the key file's password (default: $AMCHAIN_PASSWORD)")
    @Nullable Path passwordFile;

    PrivateKey load() {
      if ((hex == null) == (keyFile == null)) {
        throw new CliException("give the deployer's key with --key HEX or --keystore FILE");
      }
      if (hex != null) {
        if (passwordFile != null) {
          throw new CliException("--password-file goes with --keystore, not --key");
        }
        return parseKey(hex);
      }
      final Path file = keyFile;
      if (Files.isDirectory(file)) {
        throw new CliException(
            "--keystore "
                + file
                + " is a directory: give the key file itself (amchain account list)");
      }
      if (!Files.isRegularFile(file)) {
        throw new CliException("--keystore: no key file " + file);
      }
      final String json;
      try {
        json = Files.readString(file);
      } catch (IOException e) {
        throw new CliException("--keystore: cannot read " + file + ": " + e.getMessage());
      }
      try {
        return KeyFile.decrypt(json, Password.resolve(passwordFile, System.getenv()));
      } catch (io.amchain.ledger.crypto.KeystoreException e) {
        throw new CliException("--keystore " + file + ": " + e.getMessage());
      }
    }
  }

  static PrivateKey parseKey(final String hex) {
    final String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (!digits.matches("[0-9a-fA-F]{64}")) {
      throw new CliException("--key must be a 32-byte private key in hex (64 hex digits)");
    }
    try {
      return PrivateKey.fromHex(digits);
    } catch (IllegalArgumentException e) {
      throw new CliException("--key is not a valid secp256k1 private key: " + e.getMessage());
    }
  }

  @Override
  public Integer call() {
    final List<Founder> founderList = parseFounders(founders);
    final PlatformManifest.Fees feeSplit = parseFees(fees);
    final PrivateKey deployerKey = key.load();
    requireWritable(out);
    final PrintWriter stdout = spec.commandLine().getOut();
    try (Chain chain = Chain.connect(rpc)) {
      final TransactionSender sender = TransactionSender.of(chain, deployerKey);
      final Address treasuryAddress =
          treasury == null ? sender.address() : parseAddress("--treasury", treasury);
      final PlatformDeployer.Settings settings =
          new PlatformDeployer.Settings(
              founderList,
              treasuryAddress,
              minerPool == null ? treasuryAddress : parseAddress("--miner-pool", minerPool),
              arbitrationPool == null
                  ? treasuryAddress
                  : parseAddress("--arbitration-pool", arbitrationPool),
              proposalPeriod,
              votingPeriod,
              confirmationWindow,
              feeSplit);
      final PlatformManifest manifest =
          new PlatformDeployer(sender, stdout::println).deploy(settings);
      manifest.write(out);
      stdout.printf(
          "deployed the platform on chain %d from %s (last transaction in block %d)%n",
          manifest.chainId(), sender.address(), manifest.deployment().deployedAtBlock());
      for (final PlatformContract contract : PlatformContract.values()) {
        stdout.printf("  %-16s %s%n", contract.contractName(), manifest.contract(contract));
      }
      stdout.println("manifest: " + out.toAbsolutePath());
    }
    return 0;
  }

  /** ADDR:ROLE[:SIGNER] entries; a MINER needs its signer, the other roles take none. */
  static List<Founder> parseFounders(final List<String> entries) {
    final List<Founder> parsed = new ArrayList<>();
    for (final String raw : entries) {
      final String entry = raw.strip();
      final String[] parts = entry.split(":", -1);
      if (parts.length < 2 || parts.length > 3) {
        throw new CliException(
            "--founders: \"" + entry + "\" is not ADDR:ROLE or ADDR:MINER:SIGNER");
      }
      final Address account = parseAddress("--founders", parts[0]);
      final Role role = parseRole(entry, parts[1]);
      if (role == Role.MINER && parts.length == 2) {
        throw new CliException(
            "--founders: \"" + entry + "\" is a MINER without a signer: write ADDR:MINER:SIGNER");
      }
      if (role != Role.MINER && parts.length == 3) {
        throw new CliException(
            "--founders: \"" + entry + "\": only a MINER has a signer (ADDR:" + role + ")");
      }
      final Address signer =
          parts.length == 3 ? parseAddress("--founders", parts[2]) : Address.ZERO;
      parsed.add(new Founder(account, role, signer));
    }
    try {
      // The deployment's own checks, before any key is read or endpoint reached.
      PlatformDeployer.checkFounders(parsed);
    } catch (io.amchain.contracts.PlatformException e) {
      throw new CliException("--founders: " + e.getMessage());
    }
    return parsed;
  }

  private static Role parseRole(final String entry, final String name) {
    final List<Role> roles =
        Arrays.stream(Role.values()).filter(role -> role != Role.None).toList();
    for (final Role role : roles) {
      if (role.name().equals(name.toUpperCase(Locale.ROOT))) {
        return role;
      }
    }
    throw new CliException(
        "--founders: unknown role \""
            + name
            + "\" in \""
            + entry
            + "\" (one of "
            + roles.stream().map(Role::name).collect(Collectors.joining(", "))
            + ")");
  }

  static Address parseAddress(final String option, final String text) {
    final String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (!digits.matches("[0-9a-fA-F]{40}")) {
      throw new CliException(option + ": \"" + text + "\" is not an address (0x + 40 hex digits)");
    }
    try {
      return Address.fromHex("0x" + digits);
    } catch (IllegalArgumentException e) {
      throw new CliException(option + ": " + e.getMessage());
    }
  }

  static PlatformManifest.Fees parseFees(final @Nullable String text) {
    if (text == null) {
      return PlatformDeployer.DEFAULT_FEES;
    }
    final String[] parts = text.split(",", -1);
    if (parts.length != 3) {
      throw new CliException("--fees takes three basis-point numbers T,M,A, got \"" + text + "\"");
    }
    final int[] bps = new int[3];
    for (int i = 0; i < 3; i++) {
      try {
        bps[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new CliException("--fees: \"" + parts[i] + "\" is not a whole number");
      }
      if (bps[i] < 0) {
        throw new CliException("--fees must not be negative");
      }
    }
    if (bps[0] + bps[1] + bps[2] > 2_000) {
      throw new CliException(
          "--fees add up to " + (bps[0] + bps[1] + bps[2]) + " basis points; at most 2000");
    }
    return new PlatformManifest.Fees(bps[0], bps[1], bps[2]);
  }

  /** Fails before deploying when the manifest could not be written afterwards. */
  private static void requireWritable(final Path out) {
    final Path target = out.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new CliException("--out " + out + " is a directory; give a file name");
    }
    Path existing = target.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      throw new CliException("--out " + out + ": cannot create a file there");
    }
  }
}
