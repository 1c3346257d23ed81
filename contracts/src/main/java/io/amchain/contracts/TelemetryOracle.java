package io.amchain.contracts;

import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Typed client of {@code ITelemetryOracle}: device keys and anchored telemetry digests, with the
 * EIP-712 hashing and signing a device (or its gateway) needs.
 */
public final class TelemetryOracle extends ContractClient {

  /** {@code ITelemetryOracle.TelemetryDigest}. */
  public record TelemetryDigest(
      BigInteger jobId,
      BigInteger milestone,
      Bytes merkleRoot,
      long windowStart,
      long windowEnd,
      long readings,
      long outOfSpec) {

    private StaticStruct argument() {
      return new StaticStruct(
          Abi.uint256(jobId),
          Abi.uint256(milestone),
          Abi.bytes32(merkleRoot),
          Abi.uint64(windowStart),
          Abi.uint64(windowEnd),
          Abi.uint32(readings),
          Abi.uint32(outOfSpec));
    }
  }

  /** The primary type of the interface, exactly. */
  static final String DIGEST_TYPE =
      "TelemetryDigest(uint256 jobId,uint256 milestone,bytes32 merkleRoot,uint64 windowStart,"
          + "uint64 windowEnd,uint32 readings,uint32 outOfSpec)";

  static final Event TELEMETRY_ANCHORED =
      new Event(
          "TelemetryAnchored",
          List.of(
              new TypeReference<Uint256>(true) {},
              new TypeReference<Uint256>(true) {},
              new TypeReference<Bytes32>(true) {},
              Abi.BYTES32,
              Abi.ADDRESS,
              Abi.UINT32,
              Abi.UINT32));

  public TelemetryOracle(
      final Chain chain, final Address address, final @Nullable TransactionSender sender) {
    super(chain, address, sender);
  }

  /** Binds a machine's key to the sender (an active PROVIDER). */
  public TransactionReceipt registerDevice(final Address device, final Bytes metadataHash) {
    return transact(Abi.function("registerDevice", Abi.address(device), Abi.bytes32(metadataHash)));
  }

  public TransactionReceipt deactivateDevice(final Address device) {
    return transact(Abi.function("deactivateDevice", Abi.address(device)));
  }

  /**
   * Submits a device-signed digest (anyone may: a gateway); returns the digest hash the oracle
   * anchored, which is also the milestone's evidence.
   */
  public Bytes submitTelemetry(final TelemetryDigest digest, final Bytes signature) {
    final TransactionReceipt receipt =
        transact(
            Abi.function(
                "submitTelemetry", digest.argument(), new DynamicBytes(signature.toArray())));
    final List<List<Type<?>>> anchored = events(receipt, TELEMETRY_ANCHORED);
    if (anchored.size() != 1) {
      throw new PlatformException(
          "expected one TelemetryAnchored event in " + receipt.getTransactionHash());
    }
    return Abi.bytes(anchored.get(0).get(3));
  }

  /** The oracle's EIP-712 hash of a digest (what a device signs). */
  public Bytes hashDigest(final TelemetryDigest digest) {
    return Abi.bytes(
        callSingle(Abi.function("hashDigest", List.of(Abi.BYTES32), digest.argument())));
  }

  /**
   * The EIP-712 hash of a digest computed here, from the oracle's domain separator: {@code
   * keccak256("\x19\x01" || domainSeparator || hashStruct(digest))}.
   */
  public static Bytes digestHash(final Bytes domainSeparator, final TelemetryDigest digest) {
    final String structHash =
        Hash.sha3(
            Numeric.toHexStringNoPrefix(Hash.sha3(DIGEST_TYPE.getBytes(StandardCharsets.UTF_8)))
                + Abi.constructorArguments(
                    List.of(
                        Abi.uint256(digest.jobId()),
                        Abi.uint256(digest.milestone()),
                        Abi.bytes32(digest.merkleRoot()),
                        Abi.uint64(digest.windowStart()),
                        Abi.uint64(digest.windowEnd()),
                        Abi.uint32(digest.readings()),
                        Abi.uint32(digest.outOfSpec()))));
    return Bytes.fromHex(
        Hash.sha3(
            "0x1901" + domainSeparator.toHex().substring(2) + Numeric.cleanHexPrefix(structHash)));
  }

  /**
   * A device's 65-byte signature (r, s, v = 27 or 28) of a digest hash, as ECDSA.recover takes it.
   */
  public static Bytes sign(final PrivateKey device, final Bytes digestHash) {
    final Sign.SignatureData signature =
        Sign.signMessage(digestHash.toArray(), ECKeyPair.create(device.toBytes().toArray()), false);
    return Bytes.wrap(signature.getR())
        .concat(Bytes.wrap(signature.getS()))
        .concat(Bytes.wrap(signature.getV()));
  }

  /** The EIP-712 domain separator of this oracle. */
  public Bytes domainSeparator() {
    return Abi.bytes(callSingle(Abi.function("domainSeparator", List.of(Abi.BYTES32))));
  }

  public boolean used(final Bytes digestHash) {
    return Abi.bool(callSingle(Abi.function("used", List.of(Abi.BOOL), Abi.bytes32(digestHash))));
  }

  /** The merkle roots anchored for the job, in submission order. */
  public List<Bytes> telemetryRoots(final BigInteger jobId) {
    final DynamicArray<?> roots =
        (DynamicArray<?>)
            callSingle(
                Abi.function(
                    "telemetryRoots",
                    List.of(new TypeReference<DynamicArray<Bytes32>>() {}),
                    Abi.uint256(jobId)));
    final List<Bytes> out = new ArrayList<>();
    for (final Object root : roots.getValue()) {
      out.add(Bytes.wrap(((Bytes32) root).getValue()));
    }
    return List.copyOf(out);
  }
}
