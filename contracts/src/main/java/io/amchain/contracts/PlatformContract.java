package io.amchain.contracts;

/** The eight platform contracts, in the order of the manifest's {@code contracts} object. */
public enum PlatformContract {
  MEMBER_REGISTRY("MemberRegistry"),
  DESIGN_REGISTRY("DesignRegistry"),
  JOB_MARKET("JobMarket"),
  ESCROW("Escrow"),
  TELEMETRY_ORACLE("TelemetryOracle"),
  ARBITRATION("Arbitration"),
  REPUTATION("Reputation"),
  PART_PASSPORT("PartPassport");

  private final String contractName;

  PlatformContract(final String contractName) {
    this.contractName = contractName;
  }

  /** The Solidity name: the manifest key and the artifact's file name. */
  public String contractName() {
    return contractName;
  }

  public Artifact artifact() {
    return Artifact.load(contractName);
  }
}
