package io.amchain.vm;

import io.amchain.ledger.block.Log;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What running a transaction did: success, gas used (after refunds), logs, output, new contract.
 */
public record TransactionResult(
    boolean success,
    long gasUsed,
    List<Log> logs,
    Bytes output,
    @Nullable Address contractAddress,
    Halt halt) {}
