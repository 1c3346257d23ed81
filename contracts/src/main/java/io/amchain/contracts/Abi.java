package io.amchain.contracts;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.NumericType;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.utils.Numeric;

/**
 * The bridge between the clients' Java types (ledger {@link Address}, {@link Bytes}, {@code
 * BigInteger}, {@code long}, enums) and web3j's ABI types. web3j's ABI API is raw-typed ({@code
 * List<Type>}); the raw uses are kept here.
 */
final class Abi {
  static final TypeReference<Uint256> UINT256 = new TypeReference<Uint256>() {};
  static final TypeReference<Uint64> UINT64 = new TypeReference<Uint64>() {};
  static final TypeReference<Uint32> UINT32 = new TypeReference<Uint32>() {};
  static final TypeReference<Uint16> UINT16 = new TypeReference<Uint16>() {};
  static final TypeReference<Uint8> UINT8 = new TypeReference<Uint8>() {};
  static final TypeReference<Bool> BOOL = new TypeReference<Bool>() {};
  static final TypeReference<Bytes32> BYTES32 = new TypeReference<Bytes32>() {};
  static final TypeReference<org.web3j.abi.datatypes.Address> ADDRESS =
      new TypeReference<org.web3j.abi.datatypes.Address>() {};
  static final TypeReference<DynamicArray<org.web3j.abi.datatypes.Address>> ADDRESS_ARRAY =
      new TypeReference<DynamicArray<org.web3j.abi.datatypes.Address>>() {};
  static final TypeReference<DynamicArray<Uint256>> UINT256_ARRAY =
      new TypeReference<DynamicArray<Uint256>>() {};

  private Abi() {}

  /** A call of {@code name} with these inputs, decoding these outputs. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static Function function(
      final String name, final List<TypeReference<?>> outputs, final Type<?>... inputs) {
    return new Function(name, (List<Type>) (List) Arrays.asList(inputs), outputs);
  }

  /** A transaction-only call: no outputs decoded. */
  static Function function(final String name, final Type<?>... inputs) {
    return function(name, List.of(), inputs);
  }

  /** The constructor's ABI-encoded arguments, hex without 0x (appended to the creation code). */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static String constructorArguments(final List<Type<?>> arguments) {
    return FunctionEncoder.encodeConstructor((List<Type>) (List) arguments);
  }

  /** The references as web3j's decoder takes them. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static List<TypeReference<Type>> references(final List<TypeReference<?>> references) {
    return (List<TypeReference<Type>>) (List) references;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static List<Type<?>> list(final List<Type> raw) {
    return (List<Type<?>>) (List) raw;
  }

  static org.web3j.abi.datatypes.Address address(final Address address) {
    return new org.web3j.abi.datatypes.Address(address.toHex());
  }

  static Address address(final Type<?> value) {
    return Address.fromHex(((org.web3j.abi.datatypes.Address) value).getValue());
  }

  static List<Address> addresses(final Type<?> value) {
    final List<Address> out = new ArrayList<>();
    for (final Object element : ((DynamicArray<?>) value).getValue()) {
      out.add(address((Type<?>) element));
    }
    return List.copyOf(out);
  }

  static List<BigInteger> uints(final Type<?> value) {
    final List<BigInteger> out = new ArrayList<>();
    for (final Object element : ((DynamicArray<?>) value).getValue()) {
      out.add(uint((Type<?>) element));
    }
    return List.copyOf(out);
  }

  static Uint256 uint256(final BigInteger value) {
    return new Uint256(value);
  }

  static Uint256 uint256(final long value) {
    return new Uint256(value);
  }

  static Uint64 uint64(final long value) {
    return new Uint64(value);
  }

  static Uint32 uint32(final long value) {
    return new Uint32(value);
  }

  static Uint16 uint16(final int value) {
    return new Uint16(value);
  }

  static Uint8 uint8(final int value) {
    return new Uint8(value);
  }

  /** Solidity encodes an enum value as its index in the declaration, as a uint8. */
  @SuppressWarnings("EnumOrdinal") // the enums mirror the Solidity declarations, in order
  static Uint8 uint8(final Enum<?> value) {
    return new Uint8(value.ordinal());
  }

  static Bytes32 bytes32(final Bytes value) {
    if (value.size() != 32) {
      throw new IllegalArgumentException("a bytes32 needs 32 bytes, got " + value.size());
    }
    return new Bytes32(value.toArray());
  }

  static BigInteger uint(final Type<?> value) {
    return ((NumericType) value).getValue();
  }

  static long uint64(final Type<?> value) {
    return uint(value).longValueExact();
  }

  static int small(final Type<?> value) {
    return uint(value).intValueExact();
  }

  static boolean bool(final Type<?> value) {
    return ((Bool) value).getValue();
  }

  static Bytes bytes(final Type<?> value) {
    if (value instanceof Bytes32 word) {
      return Bytes.wrap(word.getValue());
    }
    return Bytes.wrap(((DynamicBytes) value).getValue());
  }

  static String string(final Type<?> value) {
    return ((Utf8String) value).getValue();
  }

  static <E extends Enum<E>> E enumValue(final Class<E> type, final Type<?> value) {
    final E[] constants = type.getEnumConstants();
    final int ordinal = small(value);
    if (ordinal >= constants.length) {
      throw new PlatformException(
          "the contract returned " + ordinal + ", not a " + type.getSimpleName());
    }
    return constants[ordinal];
  }

  /** A decoded value as a person reads it: checksummed addresses, decimal numbers, hex bytes. */
  static String format(final Type<?> value) {
    if (value instanceof org.web3j.abi.datatypes.Address) {
      return address(value).toChecksumHex();
    }
    if (value instanceof NumericType number) {
      return number.getValue().toString();
    }
    if (value instanceof Bytes32 || value instanceof DynamicBytes) {
      return bytes(value).toHex();
    }
    if (value instanceof Utf8String text) {
      return '"' + text.getValue() + '"';
    }
    return String.valueOf(value.getValue());
  }

  static String hex(final byte[] bytes) {
    return Numeric.toHexString(bytes);
  }
}
