package io.amchain.node;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "certs",
    description = {
      "Create the consortium's CA and the nodes' certificates for mutual TLS between members"
          + " (PEM files; docs/security.md).",
      "A node started with --tls-dir DIR (or amchain.tls.dir) talks to its peers over TLS and"
          + " accepts only peers whose certificate this CA signed."
    },
    subcommands = {CertsCommand.CaCommand.class, CertsCommand.NodeCertCommand.class})
final class CertsCommand {

  static void describe(final PrintWriter out, final Path file, final X509Certificate certificate) {
    out.println(
        file
            + ": "
            + certificate.getSubjectX500Principal().getName()
            + ", names "
            + String.join(", ", Certificates.subjectNames(certificate))
            + ", serial "
            + Certificates.serialHex(certificate)
            + ", valid until "
            + certificate.getNotAfter().toInstant());
  }

  @Command(
      name = "ca",
      description = {
        "Create a consortium CA: OUT/ca.crt (give it to every member) and OUT/ca.key (keep it"
            + " offline: whoever holds it can admit any node)."
      })
  static final class CaCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "directory for ca.crt and ca.key")
    Path out;

    @Option(
        names = "--name",
        defaultValue = "AMChain consortium CA",
        description = "the CA's subject CN (default: AMChain consortium CA)")
    String name;

    @Option(
        names = "--days",
        defaultValue = "3650",
        description = "validity in days (default 3650)")
    int days;

    @Option(names = "--force", description = "replace an existing CA in OUT")
    boolean force;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      final Certificates.Authority ca =
          Certificates.createAuthority(name.strip(), Certificates.days(days, "--days"));
      Certificates.writeAuthority(out, ca, force);
      final PrintWriter output = spec.commandLine().getOut();
      describe(output, out.resolve(Certificates.CA_CERT), ca.certificate());
      output.println(out.resolve(Certificates.CA_KEY) + ": the CA's private key");
      return 0;
    }
  }

  @Command(
      name = "node",
      description = {
        "Issue a node's certificate, signed by the CA in --ca: OUT/tls.crt, OUT/tls.key and a"
            + " copy of the CA's OUT/ca.crt, the directory a node's --tls-dir names. The node id"
            + " is the subject CN and a DNS name of the certificate (the name the allowed-peers"
            + " list gives)."
      })
  static final class NodeCertCommand implements Callable<Integer> {
    @Option(names = "--ca", required = true, description = "the CA's directory (ca.crt, ca.key)")
    Path ca;

    @Option(names = "--node-id", required = true, description = "the node's id (its CN)")
    String nodeId;

    @Option(names = "--out", required = true, description = "directory for the node's files")
    Path out;

    @Option(names = "--days", defaultValue = "365", description = "validity in days (default 365)")
    int days;

    @Option(
        names = "--force",
        description =
            "replace existing files in OUT (a running node picks the new ones up:"
                + " amchain.tls.reload-interval)")
    boolean force;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      final Certificates.Authority authority = Certificates.readAuthority(ca);
      final Certificates.Issued issued =
          Certificates.issueNode(
              authority,
              Certificates.checkNodeId(nodeId.strip()),
              Certificates.days(days, "--days"));
      Certificates.writeNode(out, issued, authority.certificate(), force);
      describe(
          spec.commandLine().getOut(), out.resolve(Certificates.NODE_CERT), issued.certificate());
      return 0;
    }
  }
}
