package io.amchain.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

/** web3j builds our struct shapes from return data through their constructors: check it does. */
class AbiDecodingTest {
  private static final Address A = Address.fromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");

  @Test
  void aProposalWithCalldataDecodes() {
    final MemberRegistry.ProposalTuple proposal =
        new MemberRegistry.ProposalTuple(
            new Uint8(4),
            new Uint8(1),
            new Uint8(0),
            Abi.address(A),
            Abi.address(Address.ZERO),
            Abi.address(A),
            new Bytes32(new byte[32]),
            new Uint64(10),
            new Uint64(20),
            new DynamicBytes(new byte[] {1, 2, 3}));
    @SuppressWarnings("rawtypes")
    final List<Type> decoded =
        FunctionReturnDecoder.decode(
            FunctionEncoder.encodeConstructor(List.of(proposal)),
            Abi.function("proposal", List.of(new TypeReference<MemberRegistry.ProposalTuple>() {}))
                .getOutputParameters());
    final List<Type<?>> v = Abi.list(((MemberRegistry.ProposalTuple) decoded.get(0)).getValue());
    assertEquals(
        MemberRegistry.ProposalKind.Call,
        Abi.enumValue(MemberRegistry.ProposalKind.class, v.get(0)));
    assertEquals(A, Abi.address(v.get(5)));
    assertEquals(20, Abi.uint64(v.get(8)));
    assertEquals(Bytes.of((byte) 1, (byte) 2, (byte) 3), Abi.bytes(v.get(9)));
  }

  @Test
  void aJobWithItsMaterialDecodes() {
    final Bytes32 zero = new Bytes32(new byte[32]);
    final JobMarket.JobTuple job =
        new JobMarket.JobTuple(
            Abi.address(A),
            new Uint256(7),
            zero,
            new Utf8String("PA12 nylon"),
            new Uint32(3),
            new Uint64(100),
            new Uint64(200),
            new Uint256(1_000),
            new Uint8(3),
            new Uint256(1),
            Abi.address(A),
            new Uint256(900),
            new Uint64(0),
            new Uint64(0),
            zero,
            zero);
    @SuppressWarnings("rawtypes")
    final List<Type> decoded =
        FunctionReturnDecoder.decode(
            FunctionEncoder.encodeConstructor(List.of(job)),
            Abi.function("job", List.of(new TypeReference<JobMarket.JobTuple>() {}))
                .getOutputParameters());
    final List<Type<?>> v = Abi.list(((JobMarket.JobTuple) decoded.get(0)).getValue());
    assertEquals("PA12 nylon", Abi.string(v.get(3)));
    assertEquals(JobMarket.JobState.Funded, Abi.enumValue(JobMarket.JobState.class, v.get(8)));
    assertEquals(900, Abi.uint(v.get(11)).intValue());
  }

  @Test
  void aDisputeOpenedLogDecodesItsPanel() {
    final org.web3j.abi.datatypes.Address[] panel = {
      Abi.address(A), Abi.address(Address.ZERO), Abi.address(A)
    };
    final String data =
        FunctionEncoder.encodeConstructor(
            List.of(
                new Bytes32(new byte[32]),
                new org.web3j.abi.datatypes.generated.StaticArray3<>(
                    org.web3j.abi.datatypes.Address.class, panel),
                new Uint64(99)));
    @SuppressWarnings("rawtypes")
    final List<Type> decoded =
        FunctionReturnDecoder.decode(data, Arbitration.DISPUTE_OPENED.getNonIndexedParameters());
    assertEquals(3, decoded.size());
    assertEquals(99, Abi.uint64(decoded.get(2)));
    final List<?> members =
        ((org.web3j.abi.datatypes.generated.StaticArray3<?>) decoded.get(1)).getValue();
    assertEquals(Address.ZERO, Abi.address((Type<?>) members.get(1)));
  }

  @Test
  void revertDataReadsAsTheError() {
    final String data =
        "0x08c379a0" + FunctionEncoder.encodeConstructor(List.of(new Utf8String("not allowed")));
    assertEquals("Error(\"not allowed\")", ContractErrors.describe(data));
    assertEquals(
        ": Error(\"not allowed\")", ContractErrors.describeRevert("{\"data\":\"" + data + "\"}"));
    assertEquals("", ContractErrors.describeRevert(null));
  }
}
