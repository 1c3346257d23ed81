package io.amchain.ledger.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.trie.InMemoryNodeStore;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Known answers: the genesis hashes of two public Clique networks. */
class GenesisTest {

  private static Genesis resource(final String name) throws URISyntaxException {
    return Genesis.read(
        Path.of(Objects.requireNonNull(GenesisTest.class.getResource("/genesis/" + name)).toURI()));
  }

  @Test
  void goerliGenesisHash() throws URISyntaxException {
    final Genesis genesis = resource("goerli.json");
    assertEquals(5, genesis.chainId());
    assertEquals(new CliqueConfig(15, 30_000), genesis.clique());
    final Block block = genesis.build(new InMemoryNodeStore());
    assertNull(block.header().baseFee(), "London came later on Görli");
    assertEquals(
        Hash.fromHex("0xbf7e331f7f7c1dd2e05159666b3bf8bc7a8a3a9eb1d518969eab529dd9b88c1a"),
        block.hash());
  }

  @Test
  void rinkebyGenesisHash() throws URISyntaxException {
    final Block block = resource("rinkeby.json").build(new InMemoryNodeStore());
    assertEquals(
        Hash.fromHex("0x6341fd3daf94b748c72ced5a5b26028f2474f5f00d824504e4fa37a75767e177"),
        block.hash());
  }

  @Test
  void londonGenesisGetsTheInitialBaseFeeAndItsAllocIsReadable() {
    final String json =
        "{\"config\":{\"chainId\":1337,\"clique\":{\"period\":1,\"epoch\":0}},"
            + "\"gasLimit\":\"0x1c9c380\",\"difficulty\":\"0x1\",\"extraData\":\"0x\","
            + "\"alloc\":{\"f39Fd6e51aad88F6F4ce6aB8827279cffFb92266\":{\"balance\":\"1000\"},"
            + "\"0x0000000000000000000000000000000000000042\":{\"code\":\"0x6001\","
            + "\"storage\":{\"0x01\":\"0x02\"},\"nonce\":\"0x1\"}}}";
    final Genesis genesis = Genesis.parse(json);
    assertEquals(CliqueConfig.DEFAULT_EPOCH, Objects.requireNonNull(genesis.clique()).epoch());
    final InMemoryNodeStore store = new InMemoryNodeStore();
    final Block block = genesis.build(store);
    assertEquals(Genesis.INITIAL_BASE_FEE, block.header().baseFee());
    final TrieWorldState state = TrieWorldState.readOnly(store, block.header().stateRoot());
    assertEquals(
        UInt256.of(1000),
        state.getBalance(Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")));
    final Address contract = Address.fromHex("0x0000000000000000000000000000000000000042");
    assertEquals(UInt256.of(2), state.getStorage(contract, UInt256.ONE));
    assertEquals(1, state.getNonce(contract));
  }

  @Test
  void badInputNamesTheField() {
    final GenesisException missing =
        assertThrows(GenesisException.class, () -> Genesis.parse("{\"config\":{}}"));
    assertTrue(missing.getMessage().contains("config.chainId"), missing.getMessage());
    final GenesisException badBalance =
        assertThrows(
            GenesisException.class,
            () ->
                Genesis.parse(
                    "{\"config\":{\"chainId\":1},\"gasLimit\":1,"
                        + "\"alloc\":{\"0x0000000000000000000000000000000000000001\":"
                        + "{\"balance\":\"0xzz\"}}}"));
    assertTrue(badBalance.getMessage().contains("balance"), badBalance.getMessage());
    assertThrows(GenesisException.class, () -> Genesis.parse("not json"));
  }
}
