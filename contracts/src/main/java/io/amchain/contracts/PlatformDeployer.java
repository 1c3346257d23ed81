package io.amchain.contracts;

import io.amchain.contracts.MemberRegistry.Founder;
import io.amchain.contracts.MemberRegistry.Role;
import io.amchain.ledger.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.ContractUtils;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Deploys and wires the eight contracts in the conventions' order: eight creations at nonces
 * n..n+7, each constructor given the addresses its later peers will have (CREATE addresses follow
 * from the deployer and the nonce), then {@code DesignRegistry.wireJobMarket} and {@code
 * Escrow.wire}. The transactions are signed with explicit nonces and sent in two bursts (the six
 * creations before the JobMarket, whose constructor calls the PartPassport and so is estimated once
 * they are mined; then the rest); every receipt is checked, and that code is at every predicted
 * address.
 */
public final class PlatformDeployer {
  public static final long DEFAULT_PROPOSAL_PERIOD = 604_800; // 7 days
  public static final long DEFAULT_VOTING_PERIOD = 259_200; // 3 days
  public static final long DEFAULT_CONFIRMATION_WINDOW = 259_200; // 3 days
  public static final PlatformManifest.Fees DEFAULT_FEES = new PlatformManifest.Fees(100, 100, 50);

  /** IEscrow's cap on the three fee rates together. */
  static final int MAX_FEE_BPS = 2_000;

  /**
   * Gas of each wiring call. It cannot be estimated before the contracts exist; storing two
   * addresses costs about 70,000, and gas not used is not paid.
   */
  static final BigInteger WIRE_GAS = BigInteger.valueOf(200_000);

  /** The order of creation: the deployer's nonce n + index (the conventions' table). */
  static final List<PlatformContract> CREATION_ORDER =
      List.of(
          PlatformContract.MEMBER_REGISTRY,
          PlatformContract.DESIGN_REGISTRY,
          PlatformContract.ESCROW,
          PlatformContract.TELEMETRY_ORACLE,
          PlatformContract.REPUTATION,
          PlatformContract.PART_PASSPORT,
          PlatformContract.JOB_MARKET,
          PlatformContract.ARBITRATION);

  /** What a deployment is made of; the constructor checks what the contracts would refuse. */
  public record Settings(
      List<Founder> founders,
      Address treasury,
      Address minerRewardPool,
      Address arbitrationPool,
      long proposalPeriod,
      long votingPeriod,
      long confirmationWindow,
      PlatformManifest.Fees fees) {

    public Settings {
      founders = List.copyOf(founders);
      checkFounders(founders);
      for (final Address pool : List.of(treasury, minerRewardPool, arbitrationPool)) {
        if (pool.equals(Address.ZERO)) {
          throw new PlatformException("the treasury and the pools must not be the zero address");
        }
      }
      for (final long period : List.of(proposalPeriod, votingPeriod, confirmationWindow)) {
        if (period <= 0) {
          throw new PlatformException("periods must be positive numbers of seconds");
        }
      }
      final int feeSum = fees.treasuryBps() + fees.minerPoolBps() + fees.arbitrationPoolBps();
      if (fees.treasuryBps() < 0
          || fees.minerPoolBps() < 0
          || fees.arbitrationPoolBps() < 0
          || feeSum > MAX_FEE_BPS) {
        throw new PlatformException(
            "fees must be non-negative basis points summing to at most "
                + MAX_FEE_BPS
                + ", got "
                + fees);
      }
    }

    /** The conventions' defaults: both pools are the treasury; 7-day, 3-day, 3-day periods. */
    public static Settings defaults(final List<Founder> founders, final Address treasury) {
      return new Settings(
          founders,
          treasury,
          treasury,
          treasury,
          DEFAULT_PROPOSAL_PERIOD,
          DEFAULT_VOTING_PERIOD,
          DEFAULT_CONFIRMATION_WINDOW,
          DEFAULT_FEES);
    }
  }

  /**
   * Refuses founders the MemberRegistry constructor would refuse, or that could never govern: a
   * MINER without a signer, a signer twice, a role listed twice, no voting member at all.
   */
  public static void checkFounders(final List<Founder> founders) {
    if (founders.isEmpty()) {
      throw new PlatformException("a platform needs at least one founder");
    }
    final Set<String> held = new HashSet<>();
    final Set<Address> signers = new HashSet<>();
    boolean voter = false;
    for (final Founder founder : founders) {
      if (founder.role() == Role.None) {
        throw new PlatformException("founder " + founder.account() + " has no role");
      }
      if (!held.add(founder.account() + ":" + founder.role())) {
        throw new PlatformException(
            "founder " + founder.account() + " is listed twice as " + founder.role());
      }
      if (founder.role() == Role.MINER) {
        if (founder.signer().equals(Address.ZERO)) {
          throw new PlatformException(
              "founder " + founder.account() + " is a MINER without a signer address");
        }
        if (!signers.add(founder.signer())) {
          throw new PlatformException(
              "signer " + founder.signer() + " is given to two MINER founders");
        }
      } else if (!founder.signer().equals(Address.ZERO)) {
        throw new PlatformException(
            "founder "
                + founder.account()
                + " is a "
                + founder.role()
                + ": only a MINER has a signer");
      }
      voter |= founder.role() == Role.PROVIDER || founder.role() == Role.MINER;
    }
    if (!voter) {
      throw new PlatformException(
          "at least one founder must be a PROVIDER or MINER: without a voting member no"
              + " proposal can ever pass");
    }
  }

  private final TransactionSender sender;
  private final Consumer<String> progress;

  /** A deployer sending from {@code sender}; {@code progress} hears what it is doing. */
  public PlatformDeployer(final TransactionSender sender, final Consumer<String> progress) {
    this.sender = sender;
    this.progress = progress;
  }

  /** The CREATE address of the contract the account deploys at this nonce. */
  public static Address createAddress(final Address deployer, final BigInteger nonce) {
    return Address.fromHex(ContractUtils.generateContractAddress(deployer.toHex(), nonce));
  }

  public PlatformManifest deploy(final Settings settings) {
    final Chain chain = sender.chain();
    final Address deployer = sender.address();
    final BigInteger first = chain.pendingNonce(deployer);
    final Map<PlatformContract, Address> at = new EnumMap<>(PlatformContract.class);
    for (int i = 0; i < CREATION_ORDER.size(); i++) {
      at.put(CREATION_ORDER.get(i), createAddress(deployer, first.add(BigInteger.valueOf(i))));
    }

    // The JobMarket's constructor calls the PartPassport (wireSources), so it can only be
    // estimated once the creations before it are mined: two bursts, each sent at once.
    final int jobMarket = CREATION_ORDER.indexOf(PlatformContract.JOB_MARKET);
    final List<Planned> before = new ArrayList<>();
    for (final PlatformContract contract : CREATION_ORDER.subList(0, jobMarket)) {
      before.add(creation(contract, at, settings));
    }
    long lastBlock = send(before, first, 0, at);

    final List<Planned> after = new ArrayList<>();
    for (final PlatformContract contract :
        CREATION_ORDER.subList(jobMarket, CREATION_ORDER.size())) {
      after.add(creation(contract, at, settings));
    }
    after.add(
        new Planned(
            "DesignRegistry.wireJobMarket",
            at.get(PlatformContract.DESIGN_REGISTRY),
            FunctionEncoder.encode(
                Abi.function("wireJobMarket", Abi.address(at.get(PlatformContract.JOB_MARKET)))),
            WIRE_GAS,
            null));
    after.add(
        new Planned(
            "Escrow.wire",
            at.get(PlatformContract.ESCROW),
            FunctionEncoder.encode(
                Abi.function(
                    "wire",
                    Abi.address(at.get(PlatformContract.JOB_MARKET)),
                    Abi.address(at.get(PlatformContract.ARBITRATION)))),
            WIRE_GAS,
            null));
    lastBlock = Math.max(lastBlock, send(after, first, before.size(), at));

    for (final Map.Entry<PlatformContract, Address> contract : at.entrySet()) {
      if (!chain.hasCode(contract.getValue())) {
        throw new PlatformException(
            "no code at " + contract.getValue() + " for " + contract.getKey().contractName());
      }
    }
    return new PlatformManifest(
        chain.chainId(),
        at,
        settings.founders(),
        settings.treasury(),
        settings.minerRewardPool(),
        settings.arbitrationPool(),
        new PlatformManifest.Deployment(
            deployer,
            lastBlock,
            settings.proposalPeriod(),
            settings.votingPeriod(),
            settings.confirmationWindow(),
            settings.fees()));
  }

  private Planned creation(
      final PlatformContract contract,
      final Map<PlatformContract, Address> at,
      final Settings settings) {
    final String initCode =
        contract.artifact().bytecode()
            + Abi.constructorArguments(constructorArguments(contract, at, settings));
    final BigInteger gas;
    try {
      gas =
          withMargin(sender.chain().estimateGas(sender.address(), null, BigInteger.ZERO, initCode));
    } catch (PlatformException e) {
      throw new PlatformException(
          "the " + contract.contractName() + " constructor would fail: " + e.getMessage(), e);
    }
    return new Planned(contract.contractName() + " creation", null, initCode, gas, contract);
  }

  /**
   * Signs the burst with the nonces {@code first + offset}, …, sends it at once after checking that
   * the deployer can pay for it, and checks every receipt; returns the last block that holds one.
   */
  private long send(
      final List<Planned> burst,
      final BigInteger first,
      final int offset,
      final Map<PlatformContract, Address> at) {
    final Chain chain = sender.chain();
    final Address deployer = sender.address();
    final Chain.FeeCaps fees = chain.feeCaps();
    final BigInteger gasTotal =
        burst.stream().map(Planned::gas).reduce(BigInteger.ZERO, BigInteger::add);
    final BigInteger maxCost = gasTotal.multiply(fees.maxFeePerGas());
    final BigInteger balance = chain.balance(deployer);
    if (balance.compareTo(maxCost) < 0) {
      throw new PlatformException(
          "the deployer "
              + deployer
              + " holds "
              + balance
              + " wei; the "
              + burst.size()
              + " transactions "
              + (offset == 0 ? "" : "after the first " + offset + " ")
              + "may cost up to "
              + maxCost
              + " wei ("
              + gasTotal
              + " gas at up to "
              + fees.maxFeePerGas()
              + " wei per gas)");
    }

    final List<String> hashes = new ArrayList<>();
    for (int i = 0; i < burst.size(); i++) {
      final Planned step = burst.get(i);
      final BigInteger nonce = first.add(BigInteger.valueOf(offset + i));
      try {
        hashes.add(
            chain.sendRawTransaction(
                sender.sign(step.to(), BigInteger.ZERO, step.data(), step.gas(), nonce, fees)));
      } catch (PlatformException e) {
        throw new PlatformException(
            step.what()
                + " (nonce "
                + nonce
                + ") was refused"
                + (offset + i == 0 ? "" : " after " + (offset + i) + " transactions were sent")
                + ": "
                + e.getMessage(),
            e);
      }
    }
    progress.accept(
        "sent "
            + burst.size()
            + " transactions from "
            + deployer
            + " (nonces "
            + first.add(BigInteger.valueOf(offset))
            + ".."
            + first.add(BigInteger.valueOf(offset + burst.size() - 1L))
            + "), waiting for their receipts");

    long lastBlock = 0;
    for (int i = 0; i < burst.size(); i++) {
      final Planned step = burst.get(i);
      final TransactionReceipt receipt =
          chain.awaitReceipt(hashes.get(i), TransactionSender.RECEIPT_TIMEOUT);
      if (!receipt.isStatusOK()) {
        throw new PlatformException(
            step.what()
                + " failed in block "
                + receipt.getBlockNumber()
                + " (transaction "
                + receipt.getTransactionHash()
                + ", gas used "
                + receipt.getGasUsed()
                + " of "
                + step.gas()
                + ")");
      }
      lastBlock = Math.max(lastBlock, receipt.getBlockNumber().longValueExact());
      final PlatformContract created = step.created();
      if (created != null) {
        final Address expected = at.get(created);
        if (receipt.getContractAddress() == null
            || !Address.fromHex(receipt.getContractAddress()).equals(expected)) {
          throw new PlatformException(
              step.what()
                  + " created "
                  + receipt.getContractAddress()
                  + ", not the predicted "
                  + expected);
        }
      }
    }
    return lastBlock;
  }

  /** The constructor arguments of the conventions' table. */
  static List<Type<?>> constructorArguments(
      final PlatformContract contract,
      final Map<PlatformContract, Address> at,
      final Settings settings) {
    final java.util.function.Function<PlatformContract, Type<?>> address =
        peer -> Abi.address(at.get(peer));
    return switch (contract) {
      case MEMBER_REGISTRY ->
          List.of(
              MemberRegistry.foundersArgument(settings.founders()),
              Abi.uint64(settings.proposalPeriod()));
      case DESIGN_REGISTRY -> List.of(address.apply(PlatformContract.MEMBER_REGISTRY));
      case ESCROW ->
          List.of(
              address.apply(PlatformContract.MEMBER_REGISTRY),
              Abi.address(settings.treasury()),
              Abi.address(settings.minerRewardPool()),
              Abi.address(settings.arbitrationPool()),
              Abi.uint16(settings.fees().treasuryBps()),
              Abi.uint16(settings.fees().minerPoolBps()),
              Abi.uint16(settings.fees().arbitrationPoolBps()));
      case TELEMETRY_ORACLE ->
          List.of(
              address.apply(PlatformContract.MEMBER_REGISTRY),
              address.apply(PlatformContract.JOB_MARKET));
      case REPUTATION ->
          List.of(
              address.apply(PlatformContract.JOB_MARKET),
              address.apply(PlatformContract.ARBITRATION));
      case PART_PASSPORT -> List.of(address.apply(PlatformContract.JOB_MARKET));
      case JOB_MARKET ->
          List.of(
              address.apply(PlatformContract.MEMBER_REGISTRY),
              address.apply(PlatformContract.DESIGN_REGISTRY),
              address.apply(PlatformContract.ESCROW),
              address.apply(PlatformContract.REPUTATION),
              address.apply(PlatformContract.PART_PASSPORT),
              address.apply(PlatformContract.TELEMETRY_ORACLE),
              address.apply(PlatformContract.ARBITRATION),
              Abi.uint64(settings.confirmationWindow()));
      case ARBITRATION ->
          List.of(
              address.apply(PlatformContract.MEMBER_REGISTRY),
              address.apply(PlatformContract.JOB_MARKET),
              address.apply(PlatformContract.ESCROW),
              address.apply(PlatformContract.REPUTATION),
              Abi.uint64(settings.votingPeriod()));
    };
  }

  /**
   * A tenth more than the estimate: a node estimates against the state before the earlier
   * transactions of the burst, and a constructor's cost can move a little with it.
   */
  private static BigInteger withMargin(final BigInteger estimate) {
    return estimate.add(estimate.divide(BigInteger.TEN));
  }

  /**
   * One of the ten deployment transactions: what it is, where it goes (null: a creation), its gas.
   */
  private record Planned(
      String what,
      @Nullable Address to,
      String data,
      BigInteger gas,
      @Nullable PlatformContract created) {}
}
