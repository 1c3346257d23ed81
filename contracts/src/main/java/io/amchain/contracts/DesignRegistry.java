package io.amchain.contracts;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Typed client of {@code IDesignRegistry}: designs, print quotas, royalties and access grants. */
public final class DesignRegistry extends ContractClient {

  /** {@code IDesignRegistry.Design}. */
  public record Design(
      Address owner,
      Bytes plainSha256,
      String encryptedBlobId,
      Bytes licenceTermsHash,
      long printQuota,
      long printed,
      int royaltyBps,
      long registeredAt) {}

  /** Who receives a design's royalty, and at what rate. */
  public record Royalty(Address receiver, int royaltyBps) {}

  static final Event DESIGN_REGISTERED =
      new Event(
          "DesignRegistered",
          List.of(
              new TypeReference<Uint256>(true) {},
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {},
              Abi.BYTES32,
              Abi.UINT32,
              Abi.UINT16));

  public DesignRegistry(
      final Chain chain, final Address address, final @Nullable TransactionSender sender) {
    super(chain, address, sender);
  }

  /** Registers a design (any registered member); returns its id. */
  public BigInteger register(
      final Bytes plainSha256,
      final String encryptedBlobId,
      final Bytes licenceTermsHash,
      final long printQuota,
      final int royaltyBps) {
    final TransactionReceipt receipt =
        transact(
            Abi.function(
                "register",
                Abi.bytes32(plainSha256),
                new Utf8String(encryptedBlobId),
                Abi.bytes32(licenceTermsHash),
                Abi.uint32(printQuota),
                Abi.uint16(royaltyBps)));
    return Abi.uint(onlyEventValue(receipt, DESIGN_REGISTERED));
  }

  public TransactionReceipt grantAccess(
      final BigInteger designId,
      final BigInteger jobId,
      final Address grantee,
      final long expiry,
      final Bytes wrappedKeyHash) {
    return transact(
        Abi.function(
            "grantAccess",
            Abi.uint256(designId),
            Abi.uint256(jobId),
            Abi.address(grantee),
            Abi.uint64(expiry),
            Abi.bytes32(wrappedKeyHash)));
  }

  public TransactionReceipt revokeAccess(final BigInteger designId, final Address grantee) {
    return transact(Abi.function("revokeAccess", Abi.uint256(designId), Abi.address(grantee)));
  }

  public boolean hasAccess(final BigInteger designId, final Address grantee) {
    return Abi.bool(
        callSingle(
            Abi.function(
                "hasAccess", List.of(Abi.BOOL), Abi.uint256(designId), Abi.address(grantee))));
  }

  public Design design(final BigInteger designId) {
    final DesignTuple tuple =
        (DesignTuple)
            callSingle(
                Abi.function(
                    "design", List.of(new TypeReference<DesignTuple>() {}), Abi.uint256(designId)));
    final List<Type<?>> v = Abi.list(tuple.getValue());
    return new Design(
        Abi.address(v.get(0)),
        Abi.bytes(v.get(1)),
        Abi.string(v.get(2)),
        Abi.bytes(v.get(3)),
        Abi.uint64(v.get(4)),
        Abi.uint64(v.get(5)),
        Abi.small(v.get(6)),
        Abi.uint64(v.get(7)));
  }

  public BigInteger designCount() {
    return Abi.uint(callSingle(Abi.function("designCount", List.of(Abi.UINT256))));
  }

  public Royalty royaltyOf(final BigInteger designId) {
    final List<Type<?>> v =
        call(Abi.function("royaltyOf", List.of(Abi.ADDRESS, Abi.UINT16), Abi.uint256(designId)));
    return new Royalty(Abi.address(v.get(0)), Abi.small(v.get(1)));
  }

  /** The ABI shape of {@code Design} that web3j decodes into. */
  public static final class DesignTuple extends DynamicStruct {
    public DesignTuple(
        final org.web3j.abi.datatypes.Address owner,
        final Bytes32 plainSha256,
        final Utf8String encryptedBlobId,
        final Bytes32 licenceTermsHash,
        final Uint32 printQuota,
        final Uint32 printed,
        final Uint16 royaltyBps,
        final Uint64 registeredAt) {
      super(
          owner,
          plainSha256,
          encryptedBlobId,
          licenceTermsHash,
          printQuota,
          printed,
          royaltyBps,
          registeredAt);
    }
  }
}
