package org.binkindly.ledger.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys for checkpoints, in the PEM forms OpenSSL reads and writes: {@code PRIVATE KEY}
 * (PKCS#8) and {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo). The key objects are the JDK's;
 * signing and checking use BouncyCastle's Ed25519 where it is on the class path ({@link Ed25519Engine}).
 */
public final class AuditKeys {

    private static final String ALGORITHM = "Ed25519";
    /** The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key is the 32 bytes after it. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int SPKI_PREFIX_LENGTH = SPKI_PREFIX.length;
    private static final Ed25519Engine ENGINE = Ed25519Engine.fastest();

    private AuditKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519", e);
        }
    }

    /** Reads a PKCS#8 {@code PRIVATE KEY} PEM and derives its public key. */
    public static KeyPair fromPrivateKeyPem(String pem) {
        byte[] der = pemBody(pem, "PRIVATE KEY");
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key in PKCS#8 form", e);
        }
        return new KeyPair(publicKeyOf(privateKey), privateKey);
    }

    /** Reads an X.509 {@code PUBLIC KEY} PEM. */
    public static PublicKey fromPublicKeyPem(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(pemBody(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key in X.509 (SubjectPublicKeyInfo) form", e);
        }
    }

    public static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static String publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** The key's id: lower-case hex SHA-256 of the raw 32-byte public key. */
    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(HashChain.sha256().digest(rawPublicKey(key)));
    }

    public static byte[] rawPublicKey(PublicKey key) {
        byte[] spki = key.getEncoded();
        return Arrays.copyOfRange(spki, SPKI_PREFIX_LENGTH, spki.length);
    }

    public static String sign(PrivateKey key, byte[] data) {
        return Base64.getEncoder().encodeToString(ENGINE.sign(key, data));
    }

    public static boolean verify(PublicKey key, byte[] data, String signatureBase64) {
        byte[] signatureBytes;
        try {
            signatureBytes = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return ENGINE.verify(key, data, signatureBytes);
    }

    /** Whether {@code key} is an Ed25519 public key in X.509 form, the form {@link #rawPublicKey} takes apart. */
    static boolean isEd25519(PublicKey key) {
        byte[] spki = key.getEncoded();
        return "X.509".equals(key.getFormat()) && spki != null && spki.length == SPKI_PREFIX.length + 32
                && Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length);
    }

    /**
     * The JDK has no "public key of this private key" call; its key-pair generator derives the
     * public key from 32 random bytes, so feeding it the private key's own bytes derives it.
     */
    private static PublicKey publicKeyOf(PrivateKey privateKey) {
        if (!(privateKey instanceof EdECPrivateKey edec) || edec.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        byte[] seed = edec.getBytes().get();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
                }
            });
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static byte[] pemBody(String pem, String label) {
        if (pem == null) {
            throw new IllegalArgumentException("no PEM text");
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("expected a PEM block '" + begin + "'");
        }
        String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block '" + begin + "' is not valid base64", e);
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
