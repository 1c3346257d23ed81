package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.crypto.DevAccounts;
import io.reactivex.disposables.Disposable;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * web3j, the Java client, against a three-signer devnet: balances, signed legacy (EIP-155) and
 * EIP-1559 transfers with receipts, a contract compiled by solc-js deployed and called, its events
 * by eth_getLogs, by filters and by a WebSocket subscription, and reverts with their reasons. The
 * tests run in order: each builds on the contract state the previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Web3jInteropTest {
  private static final int PORT_OFFSET = 120;
  private static final long CHAIN_ID = 1337;
  // Development keys of the `test test ... junk` mnemonic (accounts 1 and 2): never use elsewhere.
  private static final Credentials CUSTOMER =
      Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  private static final Credentials MAKER =
      Credentials.create("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger GAS_LIMIT = BigInteger.valueOf(1_000_000);
  private static final BigInteger PRICE = Convert.toWei("3", Convert.Unit.ETHER).toBigInteger();
  private static final Event JOB_POSTED =
      new Event(
          "JobPosted",
          List.of(
              new TypeReference<Uint256>(true) {},
              new TypeReference<Address>(true) {},
              new TypeReference<Uint256>() {},
              new TypeReference<Utf8String>() {}));

  @TempDir static Path work;
  private static DevnetProcess devnet;
  private static Web3j web3j;
  private static TransactionReceiptProcessor receipts;
  private static String creationCode;
  private static String escrow;
  private static BigInteger deployBlock;

  @BeforeAll
  static void start() throws IOException {
    JsTool.install(JsTool.JS);
    final Path build = work.resolve("build");
    JsTool.run(JsTool.JS, Duration.ofMinutes(2), "node", "compile.mjs", build.toString());
    creationCode =
        JSON.readTree(build.resolve("PrintJobEscrow.json").toFile()).get("bytecode").asText();
    devnet = DevnetProcess.start(work.resolve("devnet"), 3, PORT_OFFSET);
    web3j = Web3j.build(new HttpService(devnet.rpc(0).toString()));
    receipts = new PollingTransactionReceiptProcessor(web3j, 200, 150);
  }

  @AfterAll
  static void stop() {
    if (web3j != null) {
      web3j.shutdown();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  private static RawTransactionManager manager(final Credentials credentials) {
    return new RawTransactionManager(web3j, credentials, CHAIN_ID, receipts);
  }

  private static BigInteger maxFee() throws IOException {
    return web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
  }

  private static BigInteger tip() throws IOException {
    return web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
  }

  private static TransactionReceipt mined(final EthSendTransaction sent) throws Exception {
    assertFalse(sent.hasError(), () -> "rejected: " + sent.getError().getMessage());
    return receipts.waitForTransactionReceipt(sent.getTransactionHash());
  }

  /** An EIP-1559 transaction to the escrow, mined. */
  private static TransactionReceipt send(
      final Credentials from, final Function function, final BigInteger value) throws Exception {
    return mined(
        manager(from)
            .sendEIP1559Transaction(
                CHAIN_ID,
                tip(),
                maxFee(),
                GAS_LIMIT,
                escrow,
                FunctionEncoder.encode(function),
                value,
                false));
  }

  private static EthCall call(final Credentials from, final Function function) throws IOException {
    return web3j
        .ethCall(
            Transaction.createEthCallTransaction(
                from.getAddress(), escrow, FunctionEncoder.encode(function)),
            DefaultBlockParameterName.LATEST)
        .send();
  }

  @SuppressWarnings("rawtypes")
  private static BigInteger uint(final Credentials from, final String name) throws IOException {
    final Function function =
        new Function(name, List.of(), List.of(new TypeReference<Uint256>() {}));
    final EthCall result = call(from, function);
    assertFalse(result.hasError(), () -> name + ": " + result.getError().getMessage());
    final List<Type> values =
        FunctionReturnDecoder.decode(result.getValue(), function.getOutputParameters());
    return ((Uint256) values.get(0)).getValue();
  }

  /**
   * The reason in revert data that encodes {@code Error(string)}; web3j hands the error's data over
   * as JSON text, quotes included.
   */
  private static String errorString(final String json) {
    final String revertData = json.replace("\"", "");
    assertTrue(revertData.startsWith("0x08c379a0"), revertData);
    final Function error =
        new Function("Error", List.of(), List.of(new TypeReference<Utf8String>() {}));
    return FunctionReturnDecoder.decode(revertData.substring(10), error.getOutputParameters())
        .get(0)
        .getValue()
        .toString();
  }

  private static Function post(final String design) {
    return new Function("post", List.of(new Utf8String(design)), List.of());
  }

  private static Function accept(final long id) {
    return new Function("accept", List.of(new Uint256(id)), List.of());
  }

  @Test
  @Order(1)
  void seesTheDevnetAndItsFundedAccounts() throws IOException {
    assertEquals(BigInteger.valueOf(CHAIN_ID), web3j.ethChainId().send().getChainId());
    assertEquals("1337", web3j.netVersion().send().getNetVersion());
    assertTrue(web3j.ethBlockNumber().send().getBlockNumber().signum() > 0);
    // The last funded account: no signer (the signers earn the tips of the platform's deployment)
    // and no sender in these tests, so its balance is still exactly the genesis allocation.
    final String untouched =
        DevAccounts.key(DevnetCommand.FUNDED_ACCOUNTS - 1).publicKey().address().toHex();
    final BigInteger balance =
        web3j.ethGetBalance(untouched, DefaultBlockParameterName.LATEST).send().getBalance();
    assertEquals(Convert.toWei("10000", Convert.Unit.ETHER).toBigInteger(), balance);
  }

  @Test
  @Order(2)
  void aLegacyEip155TransferIsMined() throws Exception {
    final String to = Credentials.create(Keys.createEcKeyPair()).getAddress();
    final BigInteger value = BigInteger.valueOf(123_456_789);
    final TransactionReceipt receipt =
        mined(
            manager(MAKER)
                .sendTransaction(
                    web3j.ethGasPrice().send().getGasPrice(),
                    BigInteger.valueOf(21_000),
                    to,
                    "",
                    value,
                    false));
    assertTrue(receipt.isStatusOK());
    assertEquals(BigInteger.valueOf(21_000), receipt.getGasUsed());
    assertEquals(
        value, web3j.ethGetBalance(to, DefaultBlockParameterName.LATEST).send().getBalance());
    final var mined =
        web3j.ethGetTransactionByHash(receipt.getTransactionHash()).send().getTransaction();
    assertTrue(mined.isPresent());
    assertEquals(CHAIN_ID, mined.get().getChainId());
  }

  @Test
  @Order(3)
  void anEip1559TransferSignedByHandIsMined() throws Exception {
    final String to = Credentials.create(Keys.createEcKeyPair()).getAddress();
    final BigInteger nonce =
        web3j
            .ethGetTransactionCount(MAKER.getAddress(), DefaultBlockParameterName.PENDING)
            .send()
            .getTransactionCount();
    final RawTransaction transaction =
        RawTransaction.createEtherTransaction(
            CHAIN_ID, nonce, BigInteger.valueOf(21_000), to, BigInteger.TEN, tip(), maxFee());
    final String signed =
        Numeric.toHexString(TransactionEncoder.signMessage(transaction, CHAIN_ID, MAKER));
    final TransactionReceipt receipt = mined(web3j.ethSendRawTransaction(signed).send());
    assertTrue(receipt.isStatusOK());
    assertEquals("0x2", receipt.getType());
    assertEquals(
        BigInteger.TEN,
        web3j.ethGetBalance(to, DefaultBlockParameterName.LATEST).send().getBalance());
  }

  @Test
  @Order(4)
  void deploysTheContract() throws Exception {
    final TransactionReceipt receipt =
        mined(
            manager(CUSTOMER)
                .sendEIP1559Transaction(
                    CHAIN_ID, tip(), maxFee(), GAS_LIMIT, "", creationCode, BigInteger.ZERO, true));
    assertTrue(receipt.isStatusOK());
    escrow = receipt.getContractAddress();
    assertNotNull(escrow);
    deployBlock = receipt.getBlockNumber();
    final String code = web3j.ethGetCode(escrow, DefaultBlockParameterName.LATEST).send().getCode();
    assertTrue(code.length() > 2, "deployed code is not empty");
    assertEquals(BigInteger.ZERO, uint(CUSTOMER, "jobCount"));
  }

  @Test
  @Order(5)
  void postsAJobWithinTheEstimatedGas() throws Exception {
    final BigInteger estimate =
        web3j
            .ethEstimateGas(
                Transaction.createFunctionCallTransaction(
                    CUSTOMER.getAddress(),
                    null,
                    null,
                    null,
                    escrow,
                    PRICE,
                    FunctionEncoder.encode(post("gear.stl"))))
            .send()
            .getAmountUsed();
    assertTrue(estimate.longValueExact() > 21_000 && estimate.longValueExact() < 200_000);
    final TransactionReceipt receipt = send(CUSTOMER, post("gear.stl"), PRICE);
    assertTrue(receipt.isStatusOK());
    assertTrue(receipt.getGasUsed().compareTo(estimate) <= 0);
    final Log log = receipt.getLogs().get(0);
    assertEquals(EventEncoder.encode(JOB_POSTED), log.getTopics().get(0));
    assertEquals(BigInteger.ONE, Numeric.toBigInt(log.getTopics().get(1)));
    assertEquals(BigInteger.ONE, uint(CUSTOMER, "jobCount"));
    assertEquals(PRICE, uint(CUSTOMER, "escrowed"));
    assertEquals(
        PRICE, web3j.ethGetBalance(escrow, DefaultBlockParameterName.LATEST).send().getBalance());
  }

  @Test
  @Order(6)
  @SuppressWarnings("rawtypes")
  void findsTheEventByGetLogsAndByAFilter() throws Exception {
    final EthFilter filter =
        new EthFilter(
                DefaultBlockParameter.valueOf(deployBlock),
                DefaultBlockParameterName.LATEST,
                escrow)
            .addSingleTopic(EventEncoder.encode(JOB_POSTED));
    final List<EthLog.LogResult> logs = web3j.ethGetLogs(filter).send().getLogs();
    assertEquals(1, logs.size());
    final Log log = (Log) logs.get(0).get();
    final List<Type> data =
        FunctionReturnDecoder.decode(log.getData(), JOB_POSTED.getNonIndexedParameters());
    assertEquals(PRICE, data.get(0).getValue());
    assertEquals("gear.stl", data.get(1).getValue());

    // ethLogFlowable: eth_newFilter, eth_getFilterLogs and eth_getFilterChanges underneath.
    final CompletableFuture<Log> seen = new CompletableFuture<>();
    final Disposable subscription = web3j.ethLogFlowable(filter).subscribe(seen::complete);
    try {
      assertEquals(log.getTransactionHash(), seen.get(30, TimeUnit.SECONDS).getTransactionHash());
    } finally {
      subscription.dispose();
    }
  }

  @Test
  @Order(7)
  void receivesHeadsAndLogsOverWebSocket() throws Exception {
    final WebSocketService socket =
        new WebSocketService(devnet.rpc(0).toString().replace("http://", "ws://"), false);
    socket.connect();
    final Web3j live = Web3j.build(socket);
    try {
      final var head = new CompletableFuture<BigInteger>();
      final Disposable heads =
          live.newHeadsNotifications()
              .subscribe(
                  n -> head.complete(Numeric.toBigInt(n.getParams().getResult().getNumber())));
      final var posted = new CompletableFuture<String>();
      final Disposable logs =
          live.logsNotifications(List.of(escrow), List.of(EventEncoder.encode(JOB_POSTED)))
              .subscribe(n -> posted.complete(n.getParams().getResult().getTransactionHash()));
      try {
        assertTrue(head.get(30, TimeUnit.SECONDS).signum() > 0);
        final TransactionReceipt receipt = send(CUSTOMER, post("housing.step"), PRICE);
        assertEquals(receipt.getTransactionHash(), posted.get(30, TimeUnit.SECONDS));
      } finally {
        heads.dispose();
        logs.dispose();
      }
    } finally {
      live.shutdown();
    }
  }

  @Test
  @Order(8)
  void aRevertingCallCarriesItsReason() throws Exception {
    final EthCall zeroPrice =
        web3j
            .ethCall(
                Transaction.createFunctionCallTransaction(
                    CUSTOMER.getAddress(),
                    null,
                    null,
                    null,
                    escrow,
                    BigInteger.ZERO,
                    FunctionEncoder.encode(post("free.stl"))),
                DefaultBlockParameterName.LATEST)
            .send();
    assertTrue(zeroPrice.isReverted());
    assertEquals("execution reverted: price must be positive", zeroPrice.getRevertReason());
    assertEquals(3, zeroPrice.getError().getCode());
    assertEquals("price must be positive", errorString(zeroPrice.getError().getData()));

    send(MAKER, accept(1), BigInteger.ZERO);
    final EthCall taken = call(MAKER, accept(1));
    assertTrue(taken.isReverted());
    assertEquals("execution reverted: job is not open", taken.getRevertReason());
  }

  @Test
  @Order(9)
  void aRevertingTransactionIsMinedWithStatusZero() throws Exception {
    final TransactionReceipt receipt = send(MAKER, accept(1), BigInteger.ZERO);
    assertEquals("0x0", receipt.getStatus(), receipt::toString);
    assertTrue(receipt.getLogs().isEmpty());
    assertTrue(receipt.getGasUsed().longValueExact() < GAS_LIMIT.longValueExact());
  }

  @Test
  @Order(10)
  void staysHealthyAfterBadInput() throws Exception {
    assertEquals(-32700, errorCode(postHttp("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\"")));
    assertEquals(-32600, errorCode(postHttp("[]")));
    assertEquals(-32601, errorCode(postHttp(request("eth_noSuchMethod", "[]"))));
    assertEquals(-32602, errorCode(postHttp(request("eth_getBalance", "[42,\"latest\"]"))));
    final String bigBatch =
        "[" + String.join(",", Collections.nCopies(1001, request("eth_chainId", "[]"))) + "]";
    assertEquals(-32600, errorCode(JSON.readTree(postHttp(bigBatch)).get(0).toString()));
    final HttpResponse<String> oversized =
        HTTP.send(
            HttpRequest.newBuilder(devnet.rpc(0))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(" ".repeat(6 << 20)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(413, oversized.statusCode());

    // Invalid raw transactions, each refused with geth's words.
    final BigInteger nonce =
        web3j
            .ethGetTransactionCount(MAKER.getAddress(), DefaultBlockParameterName.PENDING)
            .send()
            .getTransactionCount();
    final Credentials broke = Credentials.create(Keys.createEcKeyPair());
    final String to = broke.getAddress();
    final Map<String, String> refused =
        Map.of(
            "0xdeadbeef",
            "rlp",
            "0x05c0",
            "transaction type not supported",
            rawTransfer(MAKER, 1, nonce, 21_000),
            "chain id",
            rawTransfer(MAKER, CHAIN_ID, BigInteger.ZERO, 21_000),
            "nonce too low",
            rawTransfer(MAKER, CHAIN_ID, nonce, 20_000),
            "intrinsic gas too low",
            rawTransfer(broke, CHAIN_ID, BigInteger.ZERO, 21_000),
            "insufficient funds for gas * price + value",
            Numeric.toHexString(
                TransactionEncoder.signMessage(
                    RawTransaction.createEtherTransaction(
                        nonce, maxFee(), BigInteger.valueOf(21_000), to, BigInteger.ONE),
                    MAKER)),
            "only replay-protected (EIP-155) transactions allowed over RPC");
    for (final var entry : refused.entrySet()) {
      final EthSendTransaction sent = web3j.ethSendRawTransaction(entry.getKey()).send();
      assertTrue(sent.hasError(), entry.getValue());
      assertEquals(-32000, sent.getError().getCode(), entry.getValue());
      assertTrue(
          sent.getError().getMessage().contains(entry.getValue()),
          () -> entry.getValue() + " <- " + sent.getError().getMessage());
    }

    // Garbage over a WebSocket gets a parse error, and the socket still answers.
    final var answers = new LinkedBlockingQueue<String>();
    final WebSocket socket =
        HTTP.newWebSocketBuilder()
            .buildAsync(
                URI.create(devnet.rpc(0).toString().replace("http://", "ws://")),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      final WebSocket webSocket, final CharSequence data, final boolean last) {
                    answers.add(data.toString());
                    webSocket.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    socket.sendText("{not json", true).get(10, TimeUnit.SECONDS);
    assertEquals(-32700, errorCode(answers.poll(10, TimeUnit.SECONDS)));
    socket.sendText(request("eth_chainId", "[]"), true).get(10, TimeUnit.SECONDS);
    assertTrue(answers.poll(10, TimeUnit.SECONDS).contains("\"result\":\"0x539\""));
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);

    // And the node still serves and mines.
    final BigInteger head = web3j.ethBlockNumber().send().getBlockNumber();
    final TransactionReceipt receipt =
        mined(web3j.ethSendRawTransaction(rawTransfer(MAKER, CHAIN_ID, nonce, 21_000)).send());
    assertTrue(receipt.isStatusOK());
    assertTrue(receipt.getBlockNumber().compareTo(head) > 0);
  }

  private static String request(final String method, final String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}";
  }

  private static String postHttp(final String body) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(devnet.rpc(0))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int errorCode(final String response) throws IOException {
    final var error = JSON.readTree(response).get("error");
    assertNotNull(error, response);
    return error.get("code").asInt();
  }

  /**
   * A signed EIP-1559 transfer of 1 wei to 0x…dEaD (not a precompile: 21,000 gas is all it gets).
   */
  private static String rawTransfer(
      final Credentials from, final long chainId, final BigInteger nonce, final long gas)
      throws IOException {
    return Numeric.toHexString(
        TransactionEncoder.signMessage(
            RawTransaction.createEtherTransaction(
                chainId,
                nonce,
                BigInteger.valueOf(gas),
                "0x000000000000000000000000000000000000dEaD",
                BigInteger.ONE,
                tip(),
                maxFee()),
            chainId,
            from));
  }
}
