/**
 * Keys and signatures: secp256k1 ({@link io.amchain.ledger.crypto.Secp256k1}), BIP-32/39/44
 * development accounts, and Web3 Secret Storage key files and keystores.
 *
 * <h2>Which secp256k1</h2>
 *
 * {@link io.amchain.ledger.crypto.Secp256k1#get()} returns, for the whole process:
 *
 * <ul>
 *   <li>native libsecp256k1 (ACINQ's JNI bindings, which carry the library for Linux x86_64 and
 *       aarch64) when it loads on this platform: sender recovery several times faster;
 *   <li>otherwise Bouncy Castle, in pure Java, with the same results for every input.
 * </ul>
 *
 * The system property {@code amchain.secp256k1} forces one: {@code -Damchain.secp256k1=bc} or
 * {@code -Damchain.secp256k1=native}. Forcing {@code native} where the library does not load fails
 * at the first use of secp256k1 instead of falling back. The choice is not logged here (this module
 * is pure); {@code Secp256k1.get().getClass()} names it. The bindings extract the library into
 * {@code java.io.tmpdir} (or {@code -Dfr.acinq.secp256k1.tmpdir}), which must allow executables.
 */
package io.amchain.ledger.crypto;
