package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hex codecs and block parameters parse as strictly as geth's and say why in geth's words. */
class RpcCodecTest {

  private static String failure(final Runnable parse) {
    return assertThrows(IllegalArgumentException.class, parse::run).getMessage();
  }

  @Test
  void quantities() {
    assertEquals(0, HexCodec.parseUint64(Json.text("0x0")));
    assertEquals(0x1c9c380, HexCodec.parseUint64(Json.text("0x1c9c380")));
    assertEquals(-1L, HexCodec.parseUint64(Json.text("0xffffffffffffffff")));
    assertEquals(UInt256.MAX, HexCodec.parseUInt256(Json.text("0x" + "f".repeat(64))));
    assertEquals("hex string \"0x\"", failure(() -> HexCodec.parseUint64(Json.text("0x"))));
    assertEquals("empty hex string", failure(() -> HexCodec.parseUint64(Json.text(""))));
    assertEquals(
        "hex string without 0x prefix", failure(() -> HexCodec.parseUint64(Json.text("10"))));
    assertEquals(
        "hex number with leading zero digits",
        failure(() -> HexCodec.parseUint64(Json.text("0x00"))));
    assertEquals("invalid hex string", failure(() -> HexCodec.parseUint64(Json.text("0xzz"))));
    // Digits of other scripts (Arabic-Indic one and two, fullwidth A) are not hex digits.
    for (final String foreign : List.of("0x\u0661\u0662", "0x1\uff21")) {
      assertEquals("invalid hex string", failure(() -> HexCodec.parseUint64(Json.text(foreign))));
      assertEquals("invalid hex string", failure(() -> HexCodec.parseData(Json.text(foreign))));
    }
    assertEquals(
        "hex number > 64 bits",
        failure(() -> HexCodec.parseUint64(Json.text("0x1" + "0".repeat(16)))));
    assertEquals(
        "hex number > 256 bits",
        failure(() -> HexCodec.parseUInt256(Json.text("0x1" + "0".repeat(64)))));
    assertEquals(
        "json: cannot unmarshal number into Go value of type hexutil.Uint64",
        failure(() -> HexCodec.parseUint64(Json.MAPPER.valueToTree(5))));
    assertEquals("0x0", HexCodec.quantity(0));
    assertEquals("0xffffffffffffffff", HexCodec.quantity(-1L));
    assertEquals("0x10", HexCodec.quantity(BigInteger.valueOf(16)));
  }

  @Test
  void dataAddressesAndHashes() {
    assertEquals(Bytes.EMPTY, HexCodec.parseData(Json.text("0x")));
    assertEquals(Bytes.fromHex("0xabCD"), HexCodec.parseData(Json.text("0xABcd")));
    assertEquals("hex string of odd length", failure(() -> HexCodec.parseData(Json.text("0xabc"))));
    final Address address = Address.fromHex("0x00000000000000000000000000000000000000aa");
    assertEquals(
        address, HexCodec.parseAddress(Json.text("0x00000000000000000000000000000000000000AA")));
    assertEquals(
        "hex string has length 38, want 40 for common.Address",
        failure(() -> HexCodec.parseAddress(Json.text("0x" + "00".repeat(19)))));
    assertEquals(Hash.ZERO, HexCodec.parseHash(Json.text("0x" + "00".repeat(32))));
    assertEquals(
        "hex string has length 62, want 64 for common.Hash",
        failure(() -> HexCodec.parseHash(Json.text("0x" + "00".repeat(31)))));
    assertEquals(UInt256.of(1), HexCodec.parseSlot(Json.text("0x1")));
    assertEquals(UInt256.of(2), HexCodec.parseSlot(Json.text("0x" + "00".repeat(31) + "02")));
  }

  @Test
  void blockParameters() {
    assertEquals(BlockParameter.Tag.LATEST, BlockParameter.parseNumber(Json.text("latest")));
    assertEquals(BlockParameter.Tag.SAFE, BlockParameter.parseNumber(Json.text("safe")));
    assertEquals(BlockParameter.Tag.FINALIZED, BlockParameter.parseNumber(Json.text("finalized")));
    assertEquals(BlockParameter.Tag.PENDING, BlockParameter.parseNumber(Json.text("pending")));
    assertEquals(BlockParameter.Tag.EARLIEST, BlockParameter.parseNumber(Json.text("earliest")));
    assertEquals(new BlockParameter.ByNumber(16), BlockParameter.parseNumber(Json.text("0x10")));
    assertEquals(
        "block number larger than int64",
        failure(() -> BlockParameter.parseNumber(Json.text("0x8000000000000000"))));
    final Hash hash = Hash.fromHex("0x" + "12".repeat(32));
    assertEquals(
        new BlockParameter.ByHash(hash, false),
        BlockParameter.parseNumberOrHash(Json.text(hash.toHex())));
    assertEquals(
        new BlockParameter.ByHash(hash, true),
        BlockParameter.parseNumberOrHash(
            Json.parse("{\"blockHash\":\"" + hash.toHex() + "\",\"requireCanonical\":true}")));
    assertEquals(
        new BlockParameter.ByNumber(1),
        BlockParameter.parseNumberOrHash(Json.parse("{\"blockNumber\":\"0x1\"}")));
    assertEquals(
        "either BlockHash or BlockNumber must be specified",
        failure(() -> BlockParameter.parseNumberOrHash(Json.parse("{}"))));
    assertEquals(
        "hex string without 0x prefix",
        failure(() -> BlockParameter.parseNumber(Json.text("latestt"))));
  }

  @Test
  void configurationFromHocon() {
    final RpcConfig defaults = RpcConfig.fromConfig(com.typesafe.config.ConfigFactory.load());
    assertEquals("127.0.0.1", defaults.host());
    assertEquals(8545, defaults.port());
    assertEquals(5 * 1024 * 1024, defaults.maxRequestBytes());
    assertEquals(1000, defaults.maxBatchLength());
    assertEquals(50_000_000L, defaults.gasCap());
    assertEquals(java.util.Optional.empty(), defaults.bearerToken());
    final RpcConfig custom =
        RpcConfig.fromConfig(
            com.typesafe.config.ConfigFactory.parseString(
                    "amchain.rpc { port = 9545, bearer-token = secret, cors-allowed-origins = [\"*\"] }")
                .withFallback(com.typesafe.config.ConfigFactory.load()));
    assertEquals(9545, custom.port());
    assertEquals(java.util.Optional.of("secret"), custom.bearerToken());
    assertEquals(true, custom.allowsOrigin("http://anything.example"));
  }
}
