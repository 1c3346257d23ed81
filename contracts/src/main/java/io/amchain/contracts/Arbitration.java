package io.amchain.contracts;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.generated.StaticArray3;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Typed client of {@code IArbitration}: disputes ruled by a panel of three ARBITERs. */
public final class Arbitration extends ContractClient {

  static final Event DISPUTE_OPENED =
      new Event(
          "DisputeOpened",
          List.of(
              new TypeReference<Uint256>(true) {},
              new TypeReference<Uint256>(true) {},
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {},
              Abi.BYTES32,
              new TypeReference<StaticArray3<org.web3j.abi.datatypes.Address>>() {},
              Abi.UINT64));

  public Arbitration(
      final Chain chain, final Address address, final @Nullable TransactionSender sender) {
    super(chain, address, sender);
  }

  /** Opens a dispute on a job (its customer or provider); returns the dispute's id. */
  public BigInteger openDispute(final BigInteger jobId, final Bytes evidenceHash) {
    final TransactionReceipt receipt =
        transact(Abi.function("openDispute", Abi.uint256(jobId), Abi.bytes32(evidenceHash)));
    return Abi.uint(onlyEventValue(receipt, DISPUTE_OPENED));
  }

  public TransactionReceipt submitEvidence(final BigInteger disputeId, final Bytes evidenceHash) {
    return transact(
        Abi.function("submitEvidence", Abi.uint256(disputeId), Abi.bytes32(evidenceHash)));
  }

  public TransactionReceipt vote(final BigInteger disputeId, final int providerShareBps) {
    return transact(Abi.function("vote", Abi.uint256(disputeId), Abi.uint16(providerShareBps)));
  }

  public TransactionReceipt resolveAfterDeadline(final BigInteger disputeId) {
    return transact(Abi.function("resolveAfterDeadline", Abi.uint256(disputeId)));
  }

  /** The dispute's id for a job, 0 if none. */
  public BigInteger disputeOfJob(final BigInteger jobId) {
    return Abi.uint(
        callSingle(Abi.function("disputeOfJob", List.of(Abi.UINT256), Abi.uint256(jobId))));
  }

  public BigInteger disputeCount() {
    return Abi.uint(callSingle(Abi.function("disputeCount", List.of(Abi.UINT256))));
  }

  public long votingPeriod() {
    return Abi.uint64(callSingle(Abi.function("votingPeriod", List.of(Abi.UINT64))));
  }
}
