package io.amchain.contracts;

import io.amchain.ledger.types.Address;
import java.math.BigInteger;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Typed client of {@code IPartPassport}: the ERC-721 minted per completed job. */
public final class PartPassport extends ContractClient {

  public PartPassport(
      final Chain chain, final Address address, final @Nullable TransactionSender sender) {
    super(chain, address, sender);
  }

  /** The passport's owner (ERC-721 {@code ownerOf}; reverts for a passport not minted). */
  public Address ownerOf(final BigInteger tokenId) {
    return Abi.address(
        callSingle(Abi.function("ownerOf", List.of(Abi.ADDRESS), Abi.uint256(tokenId))));
  }

  public BigInteger balanceOf(final Address owner) {
    return Abi.uint(
        callSingle(Abi.function("balanceOf", List.of(Abi.UINT256), Abi.address(owner))));
  }
}
