package org.binkindly.ledger.core.audit;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Who computes Ed25519 for {@link AuditKeys}. Ed25519 signatures are deterministic (RFC 8032), so
 * every engine gives the same bytes for the same key and data, and each checks the other's.
 */
interface Ed25519Engine {

    /** The 64-byte signature of {@code data}. */
    byte[] sign(PrivateKey key, byte[] data);

    /** Whether {@code signature} is {@code key}'s over {@code data}; false for anything malformed. */
    boolean verify(PublicKey key, byte[] data, byte[] signature);

    /**
     * BouncyCastle's where it is on the class path, as in the ledger (the JDK's costs about 0.7 ms per
     * signature and as much per check on a 2-core machine, BouncyCastle's about a tenth: the ledger signs
     * every event and its sealer checks every one); otherwise the JDK's, as in the stand-alone auditor
     * verifier, which needs nothing but a Java runtime.
     */
    static Ed25519Engine fastest() {
        try {
            Class.forName("org.bouncycastle.math.ec.rfc8032.Ed25519", false, Ed25519Engine.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return new JdkEd25519();
        }
        return new BouncyCastleEd25519();
    }
}
