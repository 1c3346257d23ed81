package io.amchain.contracts;

import io.amchain.ledger.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * What every typed contract client shares: its address, views through {@code eth_call}, and
 * transactions from an optional {@link TransactionSender} (a client without one only reads).
 */
public abstract class ContractClient {
  protected final Chain chain;
  protected final Address address;
  private final @Nullable TransactionSender sender;

  protected ContractClient(
      final Chain chain, final Address address, final @Nullable TransactionSender sender) {
    this.chain = chain;
    this.address = address;
    this.sender = sender;
  }

  public Address address() {
    return address;
  }

  /** Calls a view and returns its decoded outputs. */
  public List<Type<?>> call(final Function function) {
    final String output =
        chain.call(
            sender == null ? null : sender.address(), address, FunctionEncoder.encode(function));
    if (output == null || output.length() <= 2) {
      if (!function.getOutputParameters().isEmpty()) {
        throw new PlatformException(
            function.getName() + " at " + address + " returned nothing: no contract there?");
      }
      return List.of();
    }
    return Abi.list(FunctionReturnDecoder.decode(output, function.getOutputParameters()));
  }

  /**
   * Calls a view returning an array of structs whose fields are each one ABI word (uint, enum,
   * bytes32, address...) and returns each element's fields. web3j 4.13 decodes such an array as
   * copies of its first element, so the words are read here.
   */
  protected List<List<Type<?>>> callWordStructArray(
      final Function function, final List<TypeReference<?>> fields) {
    final String output =
        chain.call(
            sender == null ? null : sender.address(), address, FunctionEncoder.encode(function));
    final String words = output == null ? "" : Numeric.cleanHexPrefix(output);
    if (words.length() < 128) {
      throw new PlatformException(
          function.getName() + " at " + address + " returned no array: no contract there?");
    }
    final int start = Numeric.toBigInt(words.substring(0, 64)).intValueExact() * 2;
    final int length = Numeric.toBigInt(words.substring(start, start + 64)).intValueExact();
    final int elementChars = fields.size() * 64;
    final List<List<Type<?>>> elements = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      final int from = start + 64 + i * elementChars;
      elements.add(
          Abi.list(
              FunctionReturnDecoder.decode(
                  words.substring(from, from + elementChars), Abi.references(fields))));
    }
    return elements;
  }

  /** The view's only output. */
  protected Type<?> callSingle(final Function function) {
    return call(function).get(0);
  }

  /** Sends the function as a transaction from the client's sender and returns its receipt. */
  public TransactionReceipt transact(final Function function) {
    return transact(function, BigInteger.ZERO);
  }

  /** Sends the function with {@code value} wei attached. */
  public TransactionReceipt transact(final Function function, final BigInteger value) {
    if (sender == null) {
      throw new PlatformException("this " + getClass().getSimpleName() + " client only reads");
    }
    return sender.transact(address, value, FunctionEncoder.encode(function));
  }

  /** The decoded arguments, in declaration order, of each of this contract's logs of an event. */
  @SuppressWarnings("rawtypes") // web3j's event parameters are raw-typed
  protected List<List<Type<?>>> events(final TransactionReceipt receipt, final Event event) {
    final String topic = EventEncoder.encode(event);
    final List<List<Type<?>>> out = new ArrayList<>();
    for (final Log log : receipt.getLogs()) {
      if (!log.getAddress().toLowerCase(Locale.ROOT).equals(address.toHex())
          || log.getTopics().isEmpty()
          || !log.getTopics().get(0).equals(topic)) {
        continue;
      }
      final List<Type<?>> data =
          Abi.list(FunctionReturnDecoder.decode(log.getData(), event.getNonIndexedParameters()));
      final List<Type<?>> values = new ArrayList<>();
      int topicIndex = 1;
      int dataIndex = 0;
      for (final TypeReference<Type> parameter : event.getParameters()) {
        values.add(
            parameter.isIndexed()
                ? FunctionReturnDecoder.decodeIndexedValue(
                    log.getTopics().get(topicIndex++), parameter)
                : data.get(dataIndex++));
      }
      out.add(values);
    }
    return out;
  }

  /** The first value of the single such event in the receipt (an id a transaction created). */
  protected Type<?> onlyEventValue(final TransactionReceipt receipt, final Event event) {
    final List<List<Type<?>>> found = events(receipt, event);
    if (found.size() != 1) {
      throw new PlatformException(
          "expected one "
              + event.getName()
              + " event in "
              + receipt.getTransactionHash()
              + ", found "
              + found.size());
    }
    return found.get(0).get(0);
  }
}
