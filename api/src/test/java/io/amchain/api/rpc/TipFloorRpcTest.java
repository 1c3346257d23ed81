package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.amchain.ledger.block.FeeMarket;
import io.amchain.ledger.pool.TxPool;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The fee oracle never suggests a tip the node's pool would refuse: blocks full of transactions
 * whose effective tip (fee cap minus base fee) is 100 wei still give a suggestion of the pool's
 * minimum, 1 gwei.
 */
class TipFloorRpcTest extends RpcTestSupport {
  private static final Address TO = Address.fromHex("0x00000000000000000000000000000000000000ef");

  @Test
  void theSuggestedTipIsNeverBelowThePoolsMinimum() {
    for (int nonce = 0; nonce < 3; nonce++) {
      final UInt256 baseFee =
          FeeMarket.nextBaseFee(
              Objects.requireNonNull(
                  node.chainStore().header(Objects.requireNonNull(node.chainStore().head()))));
      final Transaction barelyAbove =
          Transaction.builder(TransactionType.DYNAMIC_FEE)
              .chainId(InstamineNode.CHAIN_ID)
              .nonce(nonce)
              .maxFeePerGas(baseFee.add(UInt256.of(100)))
              .maxPriorityFeePerGas(baseFee.add(UInt256.of(100)))
              .gasLimit(21_000)
              .to(TO)
              .sign(InstamineNode.USER);
      node.seal(List.of(barelyAbove));
    }
    final UInt256 minimum = TxPool.Limits.DEFAULT.minGasPrice();
    assertEquals(minimum.toQuantity(), result("eth_maxPriorityFeePerGas").asText());
    final UInt256 headBaseFee =
        Objects.requireNonNull(
            Objects.requireNonNull(
                    node.chainStore().header(Objects.requireNonNull(node.chainStore().head())))
                .baseFee());
    assertEquals(minimum.add(headBaseFee).toQuantity(), result("eth_gasPrice").asText());
  }
}
