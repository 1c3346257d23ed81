package io.amchain.contracts;

import io.amchain.ledger.types.Address;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/**
 * One Ethereum JSON-RPC endpoint (AMChain, Hardhat, Anvil, geth...) through web3j: the calls the
 * platform client needs, each failure turned into a {@link PlatformException} that names the
 * endpoint, and reverts decoded to the platform's custom errors.
 */
public final class Chain implements AutoCloseable {
  private static final Duration RECEIPT_POLL = Duration.ofMillis(250);
  private static final BigInteger DEFAULT_TIP = BigInteger.valueOf(1_000_000_000L);

  private final String url;
  private final Web3j web3j;
  private final long chainId;

  private Chain(final String url, final Web3j web3j, final long chainId) {
    this.url = url;
    this.web3j = web3j;
    this.chainId = chainId;
  }

  /** Connects to an http(s) endpoint and reads its chain id (so an unreachable one fails here). */
  public static Chain connect(final String url) {
    final URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new PlatformException("not a URL: " + url);
    }
    final boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    if (!http || uri.getHost() == null) {
      throw new PlatformException(
          "the JSON-RPC endpoint must be an http:// or https:// URL: " + url);
    }
    final Web3j web3j = Web3j.build(new HttpService(url));
    try {
      final long chainId =
          send(url, web3j.ethChainId(), "eth_chainId").getChainId().longValueExact();
      return new Chain(url, web3j, chainId);
    } catch (RuntimeException e) {
      web3j.shutdown();
      throw e;
    }
  }

  public String url() {
    return url;
  }

  public long chainId() {
    return chainId;
  }

  /** The web3j client, for what this class does not wrap. */
  public Web3j web3j() {
    return web3j;
  }

  public long blockNumber() {
    return send(web3j.ethBlockNumber(), "eth_blockNumber").getBlockNumber().longValueExact();
  }

  /** The account's next nonce, counting its transactions still in the pool. */
  public BigInteger pendingNonce(final Address account) {
    return send(
            web3j.ethGetTransactionCount(account.toHex(), DefaultBlockParameterName.PENDING),
            "eth_getTransactionCount")
        .getTransactionCount();
  }

  public BigInteger balance(final Address account) {
    return send(
            web3j.ethGetBalance(account.toHex(), DefaultBlockParameterName.LATEST),
            "eth_getBalance")
        .getBalance();
  }

  /** The account's code, "0x" for none. */
  public String code(final Address account) {
    return send(web3j.ethGetCode(account.toHex(), DefaultBlockParameterName.LATEST), "eth_getCode")
        .getCode();
  }

  public boolean hasCode(final Address account) {
    final String code = code(account);
    return code != null && code.length() > 2;
  }

  /** The output of an {@code eth_call} at the latest block; a revert throws its decoded error. */
  public String call(final @Nullable Address from, final Address to, final String data) {
    return send(
            web3j.ethCall(
                Transaction.createEthCallTransaction(
                    from == null ? null : from.toHex(), to.toHex(), data),
                DefaultBlockParameterName.LATEST),
            "eth_call to " + to)
        .getValue();
  }

  /** The gas a transaction needs ({@code to} null: a contract creation). */
  public BigInteger estimateGas(
      final Address from, final @Nullable Address to, final BigInteger value, final String data) {
    return send(
            web3j.ethEstimateGas(
                new Transaction(
                    from.toHex(), null, null, null, to == null ? null : to.toHex(), value, data)),
            to == null ? "eth_estimateGas of a contract creation" : "eth_estimateGas to " + to)
        .getAmountUsed();
  }

  /**
   * EIP-1559 fee caps for a transaction sent now: the node's suggested tip, and twice the latest
   * base fee plus the tip as the cap (room for six full blocks of base-fee rise), as ethers does.
   */
  public FeeCaps feeCaps() {
    final EthBlock.Block latest =
        send(
                web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false),
                "eth_getBlockByNumber")
            .getBlock();
    if (latest == null || latest.getBaseFeePerGasRaw() == null) {
      throw new PlatformException(
          url + " reports no EIP-1559 base fee: the chain must have the London fork active");
    }
    BigInteger tip;
    try {
      tip =
          send(web3j.ethMaxPriorityFeePerGas(), "eth_maxPriorityFeePerGas")
              .getMaxPriorityFeePerGas();
    } catch (PlatformException e) {
      tip = DEFAULT_TIP; // an endpoint without the method: what geth suggests on a quiet chain
    }
    return new FeeCaps(tip, latest.getBaseFeePerGas().shiftLeft(1).add(tip));
  }

  /** Sends a signed transaction and returns its hash. */
  public String sendRawTransaction(final String signedHex) {
    return send(web3j.ethSendRawTransaction(signedHex), "eth_sendRawTransaction")
        .getTransactionHash();
  }

  public Optional<TransactionReceipt> receipt(final String transactionHash) {
    return send(web3j.ethGetTransactionReceipt(transactionHash), "eth_getTransactionReceipt")
        .getTransactionReceipt();
  }

  /** The receipt of a sent transaction, polled for until {@code timeout} has passed. */
  public TransactionReceipt awaitReceipt(final String transactionHash, final Duration timeout) {
    final long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      final Optional<TransactionReceipt> receipt = receipt(transactionHash);
      if (receipt.isPresent()) {
        return receipt.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new PlatformException(
            "transaction "
                + transactionHash
                + " was not mined within "
                + timeout.toSeconds()
                + " s");
      }
      try {
        Thread.sleep(RECEIPT_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PlatformException("interrupted waiting for " + transactionHash, e);
      }
    }
  }

  private <T extends Response<?>> T send(final Request<?, T> request, final String what) {
    return send(url, request, what);
  }

  private static <T extends Response<?>> T send(
      final String url, final Request<?, T> request, final String what) {
    final T response;
    try {
      response = request.send();
    } catch (IOException e) {
      throw new PlatformException(
          "cannot reach the JSON-RPC endpoint " + url + " (" + what + "): " + describe(e), e);
    }
    if (response.hasError()) {
      final Response.Error error = response.getError();
      throw new PlatformException(
          what + " failed: " + error.getMessage() + ContractErrors.describeRevert(error.getData()));
    }
    return response;
  }

  private static String describe(final IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  public void close() {
    web3j.shutdown();
  }

  /** What a transaction offers to pay per gas (EIP-1559). */
  public record FeeCaps(BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas) {}
}
