package io.amchain.contracts;

import io.amchain.ledger.types.Address;
import java.math.BigInteger;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Typed client of {@code IEscrow}: per-job holdings, credits, withdrawals and conservation. */
public final class Escrow extends ContractClient {

  /** {@code IEscrow.Fees}: where the provider-side fees go and their basis points. */
  public record Fees(
      Address treasury,
      Address minerRewardPool,
      Address arbitrationPool,
      int treasuryBps,
      int minerPoolBps,
      int arbitrationPoolBps) {}

  /**
   * The money the escrow accounts for, read at one block, with the two conservation laws of the
   * interface: balance == held + credits, deposits == held + credits + withdrawn.
   */
  public record Totals(
      BigInteger balance,
      BigInteger held,
      BigInteger credits,
      BigInteger deposits,
      BigInteger withdrawn) {
    public boolean balanceConserved() {
      return balance.equals(held.add(credits));
    }

    public boolean depositsConserved() {
      return deposits.equals(held.add(credits).add(withdrawn));
    }

    public boolean conserved() {
      return balanceConserved() && depositsConserved();
    }
  }

  public Escrow(
      final Chain chain, final Address address, final @Nullable TransactionSender sender) {
    super(chain, address, sender);
  }

  /** Pays the sender its whole credit. */
  public TransactionReceipt withdraw() {
    return transact(Abi.function("withdraw"));
  }

  public BigInteger credit(final Address payee) {
    return Abi.uint(callSingle(Abi.function("credit", List.of(Abi.UINT256), Abi.address(payee))));
  }

  public BigInteger held(final BigInteger jobId) {
    return Abi.uint(callSingle(Abi.function("held", List.of(Abi.UINT256), Abi.uint256(jobId))));
  }

  public boolean frozen(final BigInteger jobId) {
    return Abi.bool(callSingle(Abi.function("frozen", List.of(Abi.BOOL), Abi.uint256(jobId))));
  }

  public BigInteger totalHeld() {
    return total("totalHeld");
  }

  public BigInteger totalCredits() {
    return total("totalCredits");
  }

  public BigInteger totalDeposits() {
    return total("totalDeposits");
  }

  public BigInteger totalWithdrawn() {
    return total("totalWithdrawn");
  }

  /**
   * The escrow's balance and totals. Each is its own call: on a chain taking transactions between
   * them they may come from different blocks; a caller that needs one block reads again.
   */
  public Totals totals() {
    return new Totals(
        chain.balance(address), totalHeld(), totalCredits(), totalDeposits(), totalWithdrawn());
  }

  public Fees fees() {
    final FeesTuple tuple =
        (FeesTuple) callSingle(Abi.function("fees", List.of(new TypeReference<FeesTuple>() {})));
    final List<Type<?>> v = Abi.list(tuple.getValue());
    return new Fees(
        Abi.address(v.get(0)),
        Abi.address(v.get(1)),
        Abi.address(v.get(2)),
        Abi.small(v.get(3)),
        Abi.small(v.get(4)),
        Abi.small(v.get(5)));
  }

  public boolean paused() {
    return Abi.bool(callSingle(Abi.function("paused", List.of(Abi.BOOL))));
  }

  public Address admin() {
    return Abi.address(callSingle(Abi.function("admin", List.of(Abi.ADDRESS))));
  }

  private BigInteger total(final String name) {
    return Abi.uint(callSingle(Abi.function(name, List.of(Abi.UINT256))));
  }

  /** The ABI shape of {@code Fees} that web3j decodes into. */
  public static final class FeesTuple extends StaticStruct {
    public FeesTuple(
        final org.web3j.abi.datatypes.Address treasury,
        final org.web3j.abi.datatypes.Address minerRewardPool,
        final org.web3j.abi.datatypes.Address arbitrationPool,
        final Uint16 treasuryBps,
        final Uint16 minerPoolBps,
        final Uint16 arbitrationPoolBps) {
      super(
          treasury,
          minerRewardPool,
          arbitrationPool,
          treasuryBps,
          minerPoolBps,
          arbitrationPoolBps);
    }
  }
}
