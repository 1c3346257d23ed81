package io.amchain.contracts;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Typed client of {@code ITelemetryOracle}: device keys and anchored telemetry digests. */
public final class TelemetryOracle extends ContractClient {

  public TelemetryOracle(
      final Chain chain, final Address address, final @Nullable TransactionSender sender) {
    super(chain, address, sender);
  }

  /** Binds a machine's key to the sender (an active PROVIDER). */
  public TransactionReceipt registerDevice(final Address device, final Bytes metadataHash) {
    return transact(Abi.function("registerDevice", Abi.address(device), Abi.bytes32(metadataHash)));
  }

  public TransactionReceipt deactivateDevice(final Address device) {
    return transact(Abi.function("deactivateDevice", Abi.address(device)));
  }

  /** The EIP-712 domain separator of this oracle. */
  public Bytes domainSeparator() {
    return Abi.bytes(callSingle(Abi.function("domainSeparator", List.of(Abi.BYTES32))));
  }

  public boolean used(final Bytes digestHash) {
    return Abi.bool(callSingle(Abi.function("used", List.of(Abi.BOOL), Abi.bytes32(digestHash))));
  }

  /** The merkle roots anchored for the job, in submission order. */
  public List<Bytes> telemetryRoots(final BigInteger jobId) {
    final DynamicArray<?> roots =
        (DynamicArray<?>)
            callSingle(
                Abi.function(
                    "telemetryRoots",
                    List.of(new TypeReference<DynamicArray<Bytes32>>() {}),
                    Abi.uint256(jobId)));
    final List<Bytes> out = new ArrayList<>();
    for (final Object root : roots.getValue()) {
      out.add(Bytes.wrap(((Bytes32) root).getValue()));
    }
    return List.copyOf(out);
  }
}
