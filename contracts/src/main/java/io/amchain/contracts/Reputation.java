package io.amchain.contracts;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Typed client of {@code IReputation}: ratings, provider counters and the score. */
public final class Reputation extends ContractClient {

  /** {@code IReputation.Stats}. */
  public record Stats(
      long completed,
      long onTime,
      long disputed,
      long disputesLost,
      long ratings,
      long ratingSum) {}

  public Reputation(
      final Chain chain, final Address address, final @Nullable TransactionSender sender) {
    super(chain, address, sender);
  }

  /** Rates a completed or resolved job (its customer), 1 to 5 stars. */
  public TransactionReceipt rate(final BigInteger jobId, final int stars, final Bytes commentHash) {
    return transact(
        Abi.function("rate", Abi.uint256(jobId), Abi.uint8(stars), Abi.bytes32(commentHash)));
  }

  public Stats stats(final Address provider) {
    final StatsTuple tuple =
        (StatsTuple)
            callSingle(
                Abi.function(
                    "stats", List.of(new TypeReference<StatsTuple>() {}), Abi.address(provider)));
    final List<Type<?>> v = Abi.list(tuple.getValue());
    return new Stats(
        Abi.uint64(v.get(0)),
        Abi.uint64(v.get(1)),
        Abi.uint64(v.get(2)),
        Abi.uint64(v.get(3)),
        Abi.uint64(v.get(4)),
        Abi.uint64(v.get(5)));
  }

  /** The provider's score, 0..10 000. */
  public BigInteger score(final Address provider) {
    return Abi.uint(callSingle(Abi.function("score", List.of(Abi.UINT256), Abi.address(provider))));
  }

  /** The ABI shape of {@code Stats} that web3j decodes into. */
  public static final class StatsTuple extends StaticStruct {
    public StatsTuple(
        final Uint32 completed,
        final Uint32 onTime,
        final Uint32 disputed,
        final Uint32 disputesLost,
        final Uint32 ratings,
        final Uint32 ratingSum) {
      super(completed, onTime, disputed, disputesLost, ratings, ratingSum);
    }
  }
}
