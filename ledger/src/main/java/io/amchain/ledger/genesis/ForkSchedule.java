package io.amchain.ledger.genesis;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.types.Fork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When each {@link Fork} starts on a chain, read from the genesis {@code config} with geth's field
 * names: Berlin, London and Paris at a block number ({@code berlinBlock}, {@code londonBlock},
 * {@code mergeNetsplitBlock}), Shanghai and Cancun at a block timestamp ({@code shanghaiTime},
 * {@code cancunTime}).
 *
 * <p>A fork the config does not name starts together with the one before it, and Berlin at block 0.
 * Blocks before a later {@code berlinBlock} (public networks such as Görli, whose genesis files are
 * read for their hashes) get Berlin's rules, the oldest AMChain implements.
 *
 * <p>Hence a genesis that names none runs Cancun from its first block, as every AMChain chain did
 * before the schedule existed. A fork is in force only once all earlier ones are, so a schedule
 * whose activations mix block numbers and times can never skip a fork.
 *
 * @param activations one per fork, oldest first, covering every {@link Fork}
 */
public record ForkSchedule(List<Activation> activations) {

  /** What starts a fork: a block number or a block timestamp (seconds). */
  public enum Trigger {
    BLOCK,
    TIME
  }

  /** A fork and the first block number or timestamp it governs. */
  public record Activation(Fork fork, Trigger trigger, long at) {
    boolean reachedBy(final long number, final long timestamp) {
      return (trigger == Trigger.BLOCK ? number : timestamp) >= at;
    }
  }

  /** The schedule of a genesis that names no fork: Cancun from block 0. */
  public static final ForkSchedule CANCUN_FROM_GENESIS = of(Map.of());

  /** Forks geth knows after Cancun: a chain that schedules one asks for rules AMChain lacks. */
  private static final List<String> UNSUPPORTED_FIELDS =
      List.of("pragueTime", "osakaTime", "verkleTime");

  public ForkSchedule {
    activations = List.copyOf(activations);
    final Fork[] forks = Fork.values();
    if (activations.size() != forks.length) {
      throw new GenesisException(
          "a fork schedule names every fork, got " + activations.size() + " of " + forks.length);
    }
    for (int i = 0; i < forks.length; i++) {
      final Activation activation = activations.get(i);
      if (activation.fork() != forks[i]) {
        throw new GenesisException(
            "fork schedule out of order: " + activation.fork() + " where " + forks[i] + " goes");
      }
      if (activation.at() < 0) {
        throw new GenesisException(
            "config." + fieldOf(activation.fork()) + " must not be negative");
      }
      if (i > 0) {
        checkOrder(activations.get(i - 1), activation);
      }
    }
  }

  /**
   * The schedule with the given activations (the field names as geth spells them, e.g. {@code
   * cancunTime}); forks left out start with the previous one.
   */
  public static ForkSchedule of(final Map<String, Long> fields) {
    final List<Activation> activations = new ArrayList<>();
    Activation previous = new Activation(Fork.BERLIN, Trigger.BLOCK, 0);
    for (final Fork fork : Fork.values()) {
      final String field = fieldOf(fork);
      final Long at = fields.get(field);
      final Activation activation;
      if (at != null) {
        activation = new Activation(fork, triggerOf(field), at);
      } else if (previous.at() == 0) {
        // block 0 and time 0 both mean "from genesis": say it in the fork's own terms
        activation = new Activation(fork, triggerOf(field), 0);
      } else {
        activation = new Activation(fork, previous.trigger(), previous.at());
      }
      activations.add(activation);
      previous = activation;
    }
    return new ForkSchedule(activations);
  }

  /** Reads the schedule from a genesis {@code config} object. */
  static ForkSchedule read(final JsonNode config) {
    for (final String field : UNSUPPORTED_FIELDS) {
      final JsonNode value = config.get(field);
      if (value != null && !value.isNull()) {
        throw new GenesisException(
            "config."
                + field
                + " schedules a fork AMChain does not implement (the last it runs is Cancun)");
      }
    }
    final Map<String, Long> fields = new LinkedHashMap<>();
    for (final Fork fork : Fork.values()) {
      final String field = fieldOf(fork);
      final JsonNode value = config.get(field);
      if (value != null && !value.isNull()) {
        fields.put(field, Genesis.longValue(value, "config." + field));
      }
    }
    return of(fields);
  }

  /** The rules of the block with this number and timestamp. */
  public Fork rulesAt(final long number, final long timestamp) {
    Fork rules = Fork.BERLIN;
    for (final Activation activation : activations) {
      if (!activation.reachedBy(number, timestamp)) {
        break;
      }
      rules = activation.fork();
    }
    return rules;
  }

  /** The rules of {@code header}'s block. */
  public Fork rulesOf(final BlockHeader header) {
    return rulesAt(header.number(), header.timestamp());
  }

  /**
   * The rules a transaction pool checks against for the block after {@code head}: the next number,
   * and the head's timestamp as geth's pool uses it, since the next block's time is not known yet.
   */
  public Fork rulesAfter(final BlockHeader head) {
    return rulesAt(head.number() + 1, head.timestamp());
  }

  /** The block London starts at, which header validation needs for the base fee. */
  public long londonBlock() {
    return activations.stream()
        .filter(activation -> activation.fork() == Fork.LONDON)
        .findFirst()
        .orElseThrow()
        .at();
  }

  /**
   * The activations as geth's config fields, for {@code admin_nodeInfo}; a timed fork that starts
   * with an earlier fork's block is left out, as geth has no field for it.
   */
  public Map<String, Long> configFields() {
    final Map<String, Long> fields = new LinkedHashMap<>();
    for (final Activation activation : activations) {
      final String field = fieldOf(activation.fork());
      if (triggerOf(field) == activation.trigger()) {
        fields.put(field, activation.at());
      }
    }
    return fields;
  }

  /** geth's config field for each fork; its name says whether it holds a block number or a time. */
  private static String fieldOf(final Fork fork) {
    return switch (fork) {
      case BERLIN -> "berlinBlock";
      case LONDON -> "londonBlock";
      case PARIS -> "mergeNetsplitBlock";
      case SHANGHAI -> "shanghaiTime";
      case CANCUN -> "cancunTime";
    };
  }

  private static Trigger triggerOf(final String field) {
    return field.endsWith("Time") ? Trigger.TIME : Trigger.BLOCK;
  }

  private static void checkOrder(final Activation earlier, final Activation later) {
    if (earlier.trigger() == Trigger.TIME && later.trigger() == Trigger.BLOCK) {
      throw new GenesisException(
          "config." + fieldOf(later.fork()) + " is a block number after a fork scheduled by time");
    }
    if (earlier.trigger() == later.trigger() && later.at() < earlier.at()) {
      throw new GenesisException(
          "config."
              + fieldOf(later.fork())
              + " ("
              + later.at()
              + ") is before config."
              + fieldOf(earlier.fork())
              + " ("
              + earlier.at()
              + ")");
    }
  }
}
