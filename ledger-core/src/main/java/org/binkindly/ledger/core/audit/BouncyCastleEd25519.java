package org.binkindly.ledger.core.audit;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;

/**
 * BouncyCastle's Ed25519 on the raw key bytes of the JDK's key objects (the keys stay the JDK's:
 * PEM reading, key ids and the stand-alone verifier do not change). A key of another kind goes to
 * the JDK's engine.
 */
final class BouncyCastleEd25519 implements Ed25519Engine {

    /** The signing key's seed with its public key, derived once: a node signs with one key. */
    private record SigningKey(PrivateKey key, byte[] seed, byte[] publicKey) {
    }

    private final JdkEd25519 jdk = new JdkEd25519();
    private volatile SigningKey signing;

    BouncyCastleEd25519() {
        Ed25519.precompute();
    }

    @Override
    public byte[] sign(PrivateKey key, byte[] data) {
        SigningKey current = signing;
        if (current == null || current.key() != key) {
            if (!(key instanceof EdECPrivateKey edec) || edec.getBytes().map(bytes -> bytes.length != Ed25519.SECRET_KEY_SIZE).orElse(true)) {
                return jdk.sign(key, data);
            }
            byte[] seed = edec.getBytes().get();
            byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
            Ed25519.generatePublicKey(seed, 0, publicKey, 0);
            current = new SigningKey(key, seed, publicKey);
            signing = current;
        }
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(current.seed(), 0, current.publicKey(), 0, data, 0, data.length, signature, 0);
        return signature;
    }

    @Override
    public boolean verify(PublicKey key, byte[] data, byte[] signature) {
        byte[] raw = AuditKeys.isEd25519(key) ? AuditKeys.rawPublicKey(key) : null;
        if (raw == null || raw.length != Ed25519.PUBLIC_KEY_SIZE) {
            return jdk.verify(key, data, signature);
        }
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        try {
            return Ed25519.verify(signature, 0, raw, 0, data, 0, data.length);
        } catch (IllegalArgumentException | IllegalStateException malformed) {
            return false;
        }
    }
}
