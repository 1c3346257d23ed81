package io.amchain.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.contracts.Chain;
import io.amchain.contracts.Escrow;
import io.amchain.contracts.JobMarket.JobState;
import io.amchain.contracts.MemberRegistry;
import io.amchain.contracts.MemberRegistry.Role;
import io.amchain.contracts.Platform;
import io.amchain.contracts.PlatformContract;
import io.amchain.contracts.PlatformManifest;
import io.amchain.ledger.types.Address;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    description =
        "Report a deployment: members by role, open proposals, jobs by state, and the escrow's"
            + " money with its conservation check.")
final class PlatformStatusCommand implements Callable<Integer> {
  static final String DEFAULT_RPC = "http://127.0.0.1:8545";

  /** The roles that members hold, in the interface's order (None is no role). */
  private static final List<Role> ROLES =
      List.of(Role.CUSTOMER, Role.PROVIDER, Role.MINER, Role.ARBITER);

  @Option(
      names = "--rpc",
      paramLabel = "URL",
      defaultValue = DEFAULT_RPC,
      description = "JSON-RPC endpoint (default ${DEFAULT-VALUE})")
  String rpc;

  @Option(
      names = "--manifest",
      required = true,
      paramLabel = "FILE",
      description = "the deployment's platform.json")
  Path manifest;

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @Spec CommandSpec spec;

  /** A member holding an active role; {@code signer} is a MINER's sealing address, else zero. */
  record Member(Address account, Address signer) {}

  /** An open proposal and its tally now. */
  record OpenProposal(
      BigInteger id, MemberRegistry.Proposal proposal, MemberRegistry.Tally tally) {}

  /** What the report shows, read from the chain. */
  record Report(
      long chainId,
      long block,
      PlatformManifest manifest,
      Map<Role, List<Member>> members,
      int votingMembers,
      BigInteger proposalCount,
      List<OpenProposal> openProposals,
      BigInteger jobCount,
      Map<JobState, Integer> jobsByState,
      Escrow.Totals escrow,
      boolean paused) {}

  @Override
  public Integer call() {
    final PlatformManifest deployment = PlatformManifest.read(manifest);
    try (Chain chain = Chain.connect(rpc)) {
      final Report report = read(chain, Platform.at(chain, deployment, null));
      final PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(toJson(report));
      } else {
        printTable(out, report);
      }
    }
    return 0;
  }

  static Report read(final Chain chain, final Platform platform) {
    final long block = chain.blockNumber();
    final MemberRegistry registry = platform.memberRegistry();
    final Map<Role, List<Member>> members = new EnumMap<>(Role.class);
    for (final Role role : ROLES) {
      final List<Member> holders = new ArrayList<>();
      for (final Address account : registry.membersWithRole(role)) {
        holders.add(
            new Member(account, role == Role.MINER ? registry.signerOf(account) : Address.ZERO));
      }
      members.put(role, holders);
    }
    final BigInteger proposalCount = registry.proposalCount();
    final List<OpenProposal> open = new ArrayList<>();
    for (BigInteger id = BigInteger.ONE;
        id.compareTo(proposalCount) <= 0;
        id = id.add(BigInteger.ONE)) {
      final MemberRegistry.Proposal proposal = registry.proposal(id);
      if (proposal.status() == MemberRegistry.ProposalStatus.Pending) {
        open.add(new OpenProposal(id, proposal, registry.tally(id)));
      }
    }
    final BigInteger jobCount = platform.jobMarket().jobCount();
    final Map<JobState, Integer> byState = new EnumMap<>(JobState.class);
    for (final JobState state : JobState.values()) {
      if (state != JobState.None) {
        byState.put(state, 0);
      }
    }
    for (BigInteger id = BigInteger.ONE; id.compareTo(jobCount) <= 0; id = id.add(BigInteger.ONE)) {
      byState.merge(platform.jobMarket().job(id).state(), 1, Integer::sum);
    }
    return new Report(
        chain.chainId(),
        block,
        platform.manifest(),
        members,
        registry.votingMembers().size(),
        proposalCount,
        open,
        jobCount,
        byState,
        platform.escrow().totals(),
        platform.escrow().paused());
  }

  static String toJson(final Report report) {
    final ObjectMapper mapper = new ObjectMapper();
    final ObjectNode root = mapper.createObjectNode();
    root.put("chainId", report.chainId());
    root.put("block", report.block());
    final ObjectNode contracts = root.putObject("contracts");
    for (final PlatformContract contract : PlatformContract.values()) {
      contracts.put(contract.contractName(), report.manifest().contract(contract).toString());
    }
    final ObjectNode members = root.putObject("members");
    report
        .members()
        .forEach(
            (role, holders) -> {
              final ArrayNode list = members.putArray(role.name());
              for (final Member member : holders) {
                final ObjectNode entry =
                    list.addObject().put("address", member.account().toString());
                if (role == Role.MINER) {
                  entry.put("signer", member.signer().toString());
                }
              }
            });
    root.put("votingMembers", report.votingMembers());
    root.put("proposalCount", report.proposalCount().longValueExact());
    final ArrayNode proposals = root.putArray("openProposals");
    for (final OpenProposal open : report.openProposals()) {
      final MemberRegistry.Proposal p = open.proposal();
      final ObjectNode entry =
          proposals
              .addObject()
              .put("id", open.id().longValueExact())
              .put("kind", p.kind().name())
              .put("role", p.role().name())
              .put("account", p.account().toString())
              .put("proposer", p.proposer().toString())
              .put("deadline", p.deadline());
      if (p.role() == Role.MINER) {
        entry.put("signer", p.signer().toString());
      }
      entry
          .put("yes", open.tally().yes().longValueExact())
          .put("no", open.tally().no().longValueExact())
          .put("voters", open.tally().voters().longValueExact());
    }
    final ObjectNode jobs = root.putObject("jobs");
    jobs.put("total", report.jobCount().longValueExact());
    final ObjectNode byState = jobs.putObject("byState");
    report.jobsByState().forEach((state, count) -> byState.put(state.name(), count));
    // Wei as decimal strings: JavaScript's JSON numbers lose precision past 2^53.
    final Escrow.Totals money = report.escrow();
    root.putObject("escrow")
        .put("balance", money.balance().toString())
        .put("totalHeld", money.held().toString())
        .put("totalCredits", money.credits().toString())
        .put("totalDeposits", money.deposits().toString())
        .put("totalWithdrawn", money.withdrawn().toString())
        .put("paused", report.paused())
        .put("balanceEqualsHeldPlusCredits", money.balanceConserved())
        .put("depositsEqualHeldPlusCreditsPlusWithdrawn", money.depositsConserved())
        .put("conservation", money.conserved());
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void printTable(final PrintWriter out, final Report report) {
    out.printf("platform on chain %d at block %d%n", report.chainId(), report.block());
    for (final PlatformContract contract : PlatformContract.values()) {
      out.printf("  %-16s %s%n", contract.contractName(), report.manifest().contract(contract));
    }
    out.printf("members (%d voting):%n", report.votingMembers());
    report
        .members()
        .forEach(
            (role, holders) -> {
              out.printf("  %-8s %d%n", role, holders.size());
              for (final Member member : holders) {
                out.println(
                    "    "
                        + member.account()
                        + (role == Role.MINER ? "  signer " + member.signer() : ""));
              }
            });
    out.printf(
        "open proposals: %d (of %s)%n", report.openProposals().size(), report.proposalCount());
    for (final OpenProposal open : report.openProposals()) {
      final MemberRegistry.Proposal p = open.proposal();
      out.printf(
          "  #%s %s %s %s by %s, yes %s no %s of %s voters, deadline %d%n",
          open.id(),
          p.kind(),
          p.kind() == MemberRegistry.ProposalKind.Call ? "" : p.role(),
          p.account(),
          p.proposer(),
          open.tally().yes(),
          open.tally().no(),
          open.tally().voters(),
          p.deadline());
    }
    out.printf("jobs: %s%n", report.jobCount());
    report
        .jobsByState()
        .forEach(
            (state, count) -> {
              if (count > 0) {
                out.printf("  %-13s %d%n", state, count);
              }
            });
    final Escrow.Totals money = report.escrow();
    out.println("escrow (wei):" + (report.paused() ? " withdrawals PAUSED" : ""));
    out.printf("  balance   %s%n", money.balance());
    out.printf("  held      %s%n", money.held());
    out.printf("  credited  %s%n", money.credits());
    out.printf("  deposits  %s%n", money.deposits());
    out.printf("  withdrawn %s%n", money.withdrawn());
    out.printf(
        "  conservation: balance == held + credited %s; deposits == held + credited + withdrawn"
            + " %s%n",
        money.balanceConserved() ? "yes" : "NO", money.depositsConserved() ? "yes" : "NO");
  }
}
