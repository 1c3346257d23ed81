package io.amchain.contracts;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Typed client of {@code IJobMarket}: the job lifecycle from posting to completion. */
public final class JobMarket extends ContractClient {

  /** {@code IJobMarket.JobState}, spelled as in Solidity. */
  public enum JobState {
    None,
    Open,
    Awarded,
    Funded,
    InProduction,
    Shipped,
    Delivered,
    Completed,
    Cancelled,
    Expired,
    Disputed,
    Resolved
  }

  /** {@code IJobMarket.Job}. */
  public record Job(
      Address customer,
      BigInteger designId,
      Bytes specHash,
      String material,
      long quantity,
      long quoteDeadline,
      long deliveryDeadline,
      BigInteger budgetCap,
      JobState state,
      BigInteger quoteId,
      Address provider,
      BigInteger price,
      long shippedAt,
      long completedAt,
      Bytes trackingHash,
      Bytes qaHash) {}

  /** {@code IJobMarket.MilestoneState}. */
  public enum MilestoneState {
    Pending,
    Submitted,
    Approved
  }

  /** {@code IJobMarket.Milestone}. */
  public record Milestone(int bps, MilestoneState state, Bytes evidenceHash, BigInteger released) {}

  /** {@code JobStateChanged(jobId, from, to)}. */
  public record StateChange(BigInteger jobId, JobState from, JobState to) {}

  static final Event JOB_POSTED =
      new Event(
          "JobPosted",
          List.of(
              new TypeReference<Uint256>(true) {},
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {},
              new TypeReference<Uint256>(true) {},
              Abi.UINT256));
  static final Event QUOTE_SUBMITTED =
      new Event(
          "QuoteSubmitted",
          List.of(
              new TypeReference<Uint256>(true) {},
              new TypeReference<Uint256>(true) {},
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {},
              Abi.UINT256));
  static final Event JOB_STATE_CHANGED =
      new Event(
          "JobStateChanged", List.of(new TypeReference<Uint256>(true) {}, Abi.UINT8, Abi.UINT8));

  public JobMarket(
      final Chain chain, final Address address, final @Nullable TransactionSender sender) {
    super(chain, address, sender);
  }

  /** Posts a job (CUSTOMER only); returns its id. */
  public BigInteger postJob(
      final BigInteger designId,
      final Bytes specHash,
      final String material,
      final long quantity,
      final long quoteDeadline,
      final long deliveryDeadline,
      final BigInteger budgetCap) {
    final TransactionReceipt receipt =
        transact(
            Abi.function(
                "postJob",
                Abi.uint256(designId),
                Abi.bytes32(specHash),
                new Utf8String(material),
                Abi.uint32(quantity),
                Abi.uint64(quoteDeadline),
                Abi.uint64(deliveryDeadline),
                Abi.uint256(budgetCap)));
    return Abi.uint(onlyEventValue(receipt, JOB_POSTED));
  }

  /** Quotes for a job (PROVIDER only); returns the quote's id. */
  public BigInteger submitQuote(
      final BigInteger jobId,
      final BigInteger price,
      final long leadTime,
      final List<Integer> milestoneBps) {
    final DynamicArray<Uint16> milestones =
        new DynamicArray<>(Uint16.class, milestoneBps.stream().map(Abi::uint16).toList());
    final TransactionReceipt receipt =
        transact(
            Abi.function(
                "submitQuote",
                Abi.uint256(jobId),
                Abi.uint256(price),
                Abi.uint64(leadTime),
                milestones));
    return Abi.uint(events(receipt, QUOTE_SUBMITTED).get(0).get(1));
  }

  public TransactionReceipt award(final BigInteger jobId, final BigInteger quoteId) {
    return transact(Abi.function("award", Abi.uint256(jobId), Abi.uint256(quoteId)));
  }

  /** Funds an awarded job with exactly its price. */
  public TransactionReceipt fund(final BigInteger jobId, final BigInteger price) {
    return transact(Abi.function("fund", Abi.uint256(jobId)), price);
  }

  public TransactionReceipt startProduction(final BigInteger jobId) {
    return transact(Abi.function("startProduction", Abi.uint256(jobId)));
  }

  public TransactionReceipt submitMilestone(
      final BigInteger jobId, final long index, final Bytes evidenceHash) {
    return transact(
        Abi.function(
            "submitMilestone", Abi.uint256(jobId), Abi.uint256(index), Abi.bytes32(evidenceHash)));
  }

  public TransactionReceipt approveMilestone(final BigInteger jobId, final long index) {
    return transact(Abi.function("approveMilestone", Abi.uint256(jobId), Abi.uint256(index)));
  }

  public TransactionReceipt ship(
      final BigInteger jobId, final Bytes trackingHash, final Bytes qaHash) {
    return transact(
        Abi.function("ship", Abi.uint256(jobId), Abi.bytes32(trackingHash), Abi.bytes32(qaHash)));
  }

  public TransactionReceipt confirmDelivery(final BigInteger jobId) {
    return transact(Abi.function("confirmDelivery", Abi.uint256(jobId)));
  }

  public TransactionReceipt claimAfterWindow(final BigInteger jobId) {
    return transact(Abi.function("claimAfterWindow", Abi.uint256(jobId)));
  }

  public TransactionReceipt cancel(final BigInteger jobId) {
    return transact(Abi.function("cancel", Abi.uint256(jobId)));
  }

  public TransactionReceipt expire(final BigInteger jobId) {
    return transact(Abi.function("expire", Abi.uint256(jobId)));
  }

  public TransactionReceipt reclaim(final BigInteger jobId) {
    return transact(Abi.function("reclaim", Abi.uint256(jobId)));
  }

  // ---- views ----

  public Job job(final BigInteger jobId) {
    final JobTuple tuple =
        (JobTuple)
            callSingle(
                Abi.function("job", List.of(new TypeReference<JobTuple>() {}), Abi.uint256(jobId)));
    final List<Type<?>> v = Abi.list(tuple.getValue());
    return new Job(
        Abi.address(v.get(0)),
        Abi.uint(v.get(1)),
        Abi.bytes(v.get(2)),
        Abi.string(v.get(3)),
        Abi.uint64(v.get(4)),
        Abi.uint64(v.get(5)),
        Abi.uint64(v.get(6)),
        Abi.uint(v.get(7)),
        Abi.enumValue(JobState.class, v.get(8)),
        Abi.uint(v.get(9)),
        Abi.address(v.get(10)),
        Abi.uint(v.get(11)),
        Abi.uint64(v.get(12)),
        Abi.uint64(v.get(13)),
        Abi.bytes(v.get(14)),
        Abi.bytes(v.get(15)));
  }

  /** The awarded quote's milestones (empty before the award). */
  public List<Milestone> milestones(final BigInteger jobId) {
    final List<Milestone> out = new ArrayList<>();
    for (final List<Type<?>> v :
        callWordStructArray(
            Abi.function("milestones", List.of(), Abi.uint256(jobId)),
            List.of(Abi.UINT16, Abi.UINT8, Abi.BYTES32, Abi.UINT256))) {
      out.add(
          new Milestone(
              Abi.small(v.get(0)),
              Abi.enumValue(MilestoneState.class, v.get(1)),
              Abi.bytes(v.get(2)),
              Abi.uint(v.get(3))));
    }
    return List.copyOf(out);
  }

  public List<BigInteger> quotesOf(final BigInteger jobId) {
    return Abi.uints(
        callSingle(Abi.function("quotesOf", List.of(Abi.UINT256_ARRAY), Abi.uint256(jobId))));
  }

  public BigInteger jobCount() {
    return Abi.uint(callSingle(Abi.function("jobCount", List.of(Abi.UINT256))));
  }

  public long confirmationWindow() {
    return Abi.uint64(callSingle(Abi.function("confirmationWindow", List.of(Abi.UINT64))));
  }

  // ---- events ----

  /** Every JobStateChanged of the receipt, in log order. */
  public List<StateChange> stateChanges(final TransactionReceipt receipt) {
    return events(receipt, JOB_STATE_CHANGED).stream()
        .map(
            v ->
                new StateChange(
                    Abi.uint(v.get(0)),
                    Abi.enumValue(JobState.class, v.get(1)),
                    Abi.enumValue(JobState.class, v.get(2))))
        .toList();
  }

  /** The ABI shape of {@code Job} that web3j decodes into. */
  public static final class JobTuple extends DynamicStruct {
    public JobTuple(
        final org.web3j.abi.datatypes.Address customer,
        final Uint256 designId,
        final Bytes32 specHash,
        final Utf8String material,
        final Uint32 quantity,
        final Uint64 quoteDeadline,
        final Uint64 deliveryDeadline,
        final Uint256 budgetCap,
        final Uint8 state,
        final Uint256 quoteId,
        final org.web3j.abi.datatypes.Address provider,
        final Uint256 price,
        final Uint64 shippedAt,
        final Uint64 completedAt,
        final Bytes32 trackingHash,
        final Bytes32 qaHash) {
      super(
          customer,
          designId,
          specHash,
          material,
          quantity,
          quoteDeadline,
          deliveryDeadline,
          budgetCap,
          state,
          quoteId,
          provider,
          price,
          shippedAt,
          completedAt,
          trackingHash,
          qaHash);
    }
  }
}
