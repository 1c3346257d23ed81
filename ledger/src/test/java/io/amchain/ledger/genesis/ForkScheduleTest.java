package io.amchain.ledger.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.types.Fork;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fork schedule as the genesis config spells it. */
class ForkScheduleTest {

  private static ForkSchedule parse(final String configFields) {
    return Genesis.parse(
            "{\"config\":{\"chainId\":1337"
                + configFields
                + ",\"clique\":{\"period\":1,\"epoch\":30000}},\"gasLimit\":\"0x1c9c380\"}")
        .forks();
  }

  @Test
  void aGenesisThatNamesNoForkRunsCancunFromItsFirstBlock() {
    for (final ForkSchedule forks :
        new ForkSchedule[] {parse(""), parse(",\"berlinBlock\":0,\"londonBlock\":0")}) {
      assertEquals(Fork.CANCUN, forks.rulesAt(0, 0));
      assertEquals(Fork.CANCUN, forks.rulesAt(1_000_000, 1_700_000_000L));
      assertEquals(0, forks.londonBlock());
      assertEquals(ForkSchedule.CANCUN_FROM_GENESIS, forks);
    }
  }

  @Test
  void cancunAtATimeRunsShanghaiUntilThatSecond() {
    final ForkSchedule forks = parse(",\"cancunTime\":\"0x6553f164\"");
    final long cancun = 0x6553f164L;
    assertEquals(Fork.SHANGHAI, forks.rulesAt(0, 0));
    assertEquals(Fork.SHANGHAI, forks.rulesAt(500, cancun - 1));
    assertEquals(Fork.CANCUN, forks.rulesAt(501, cancun));
    assertEquals(
        Map.of(
            "berlinBlock",
            0L,
            "londonBlock",
            0L,
            "mergeNetsplitBlock",
            0L,
            "shanghaiTime",
            0L,
            "cancunTime",
            cancun),
        forks.configFields());
  }

  @Test
  void aForkLeftOutStartsWithTheOneBeforeIt() {
    final ForkSchedule forks = parse(",\"londonBlock\":10,\"shanghaiTime\":5000");
    assertEquals(Fork.BERLIN, forks.rulesAt(9, 9_000));
    // Paris is not named: it starts with London, and Shanghai waits for its own time as well.
    assertEquals(Fork.PARIS, forks.rulesAt(10, 4_999));
    // Cancun is not named: it starts with Shanghai.
    assertEquals(Fork.CANCUN, forks.rulesAt(10, 5_000));
    assertEquals(10, forks.londonBlock());
  }

  @Test
  void aTimedForkNeverRunsBeforeTheBlockForksBeforeIt() {
    final ForkSchedule forks = parse(",\"londonBlock\":10,\"shanghaiTime\":0,\"cancunTime\":0");
    assertEquals(Fork.BERLIN, forks.rulesAt(9, 1_000));
    assertEquals(Fork.CANCUN, forks.rulesAt(10, 1_000));
  }

  @Test
  void forksOutOfOrderOrBeyondCancunAreRefusedByName() {
    final GenesisException backwards =
        assertThrows(
            GenesisException.class, () -> parse(",\"shanghaiTime\":2000,\"cancunTime\":1000"));
    assertTrue(
        backwards.getMessage().contains("config.cancunTime (1000) is before config.shanghaiTime"),
        backwards.getMessage());
    final GenesisException prague =
        assertThrows(GenesisException.class, () -> parse(",\"pragueTime\":0"));
    assertTrue(prague.getMessage().startsWith("config.pragueTime"), prague.getMessage());
    final GenesisException negative =
        assertThrows(GenesisException.class, () -> parse(",\"cancunTime\":-1"));
    assertTrue(negative.getMessage().contains("config.cancunTime"), negative.getMessage());
  }
}
