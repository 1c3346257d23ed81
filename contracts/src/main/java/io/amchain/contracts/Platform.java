package io.amchain.contracts;

import org.jspecify.annotations.Nullable;

/**
 * The eight contract clients of one deployment, from its manifest, all sending from the same
 * account (or none: a read-only view).
 */
public final class Platform {
  private final PlatformManifest manifest;
  private final MemberRegistry memberRegistry;
  private final DesignRegistry designRegistry;
  private final JobMarket jobMarket;
  private final Escrow escrow;
  private final TelemetryOracle telemetryOracle;
  private final Arbitration arbitration;
  private final Reputation reputation;
  private final PartPassport partPassport;

  private Platform(
      final Chain chain,
      final PlatformManifest manifest,
      final @Nullable TransactionSender sender) {
    this.manifest = manifest;
    memberRegistry =
        new MemberRegistry(chain, manifest.contract(PlatformContract.MEMBER_REGISTRY), sender);
    designRegistry =
        new DesignRegistry(chain, manifest.contract(PlatformContract.DESIGN_REGISTRY), sender);
    jobMarket = new JobMarket(chain, manifest.contract(PlatformContract.JOB_MARKET), sender);
    escrow = new Escrow(chain, manifest.contract(PlatformContract.ESCROW), sender);
    telemetryOracle =
        new TelemetryOracle(chain, manifest.contract(PlatformContract.TELEMETRY_ORACLE), sender);
    arbitration = new Arbitration(chain, manifest.contract(PlatformContract.ARBITRATION), sender);
    reputation = new Reputation(chain, manifest.contract(PlatformContract.REPUTATION), sender);
    partPassport =
        new PartPassport(chain, manifest.contract(PlatformContract.PART_PASSPORT), sender);
  }

  /**
   * The deployment on this chain, checked: the manifest's chain id is the endpoint's and the
   * registry has code there.
   */
  public static Platform at(
      final Chain chain,
      final PlatformManifest manifest,
      final @Nullable TransactionSender sender) {
    if (manifest.chainId() != chain.chainId()) {
      throw new PlatformException(
          "the manifest is for chain "
              + manifest.chainId()
              + " but "
              + chain.url()
              + " is chain "
              + chain.chainId());
    }
    if (!chain.hasCode(manifest.contract(PlatformContract.MEMBER_REGISTRY))) {
      throw new PlatformException(
          "no MemberRegistry code at "
              + manifest.contract(PlatformContract.MEMBER_REGISTRY)
              + " on "
              + chain.url()
              + ": the manifest is from another chain, or the chain was reset");
    }
    return new Platform(chain, manifest, sender);
  }

  public PlatformManifest manifest() {
    return manifest;
  }

  public MemberRegistry memberRegistry() {
    return memberRegistry;
  }

  public DesignRegistry designRegistry() {
    return designRegistry;
  }

  public JobMarket jobMarket() {
    return jobMarket;
  }

  public Escrow escrow() {
    return escrow;
  }

  public TelemetryOracle telemetryOracle() {
    return telemetryOracle;
  }

  public Arbitration arbitration() {
    return arbitration;
  }

  public Reputation reputation() {
    return reputation;
  }

  public PartPassport partPassport() {
    return partPassport;
  }
}
