package org.binkindly.ledger.core.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditKeysTest {

    /** An Ed25519 key from RFC 8032, section 7.1, test 1, as OpenSSL writes it (PKCS#8). */
    private static final String RFC8032_PRIVATE_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----
            """;
    private static final String RFC8032_PUBLIC_RAW = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC8032_EMPTY_MESSAGE_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e0652249015"
            + "55fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    @Test
    void aPrivateKeyPemYieldsItsPublicKeyAndSignsAsRfc8032Says() {
        KeyPair keys = AuditKeys.fromPrivateKeyPem(RFC8032_PRIVATE_PEM);

        assertThat(HexFormat.of().formatHex(AuditKeys.rawPublicKey(keys.getPublic()))).isEqualTo(RFC8032_PUBLIC_RAW);
        String signature = AuditKeys.sign(keys.getPrivate(), new byte[0]);
        assertThat(HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(signature))).isEqualTo(RFC8032_EMPTY_MESSAGE_SIGNATURE);
    }

    @Test
    void theKeyIdIsSha256OfTheRawPublicKey() throws Exception {
        KeyPair keys = AuditKeys.fromPrivateKeyPem(RFC8032_PRIVATE_PEM);

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(RFC8032_PUBLIC_RAW)));
        assertThat(AuditKeys.keyId(keys.getPublic())).isEqualTo(expected);
    }

    @Test
    void generatedKeysRoundTripThroughPem() {
        KeyPair generated = AuditKeys.generate();

        KeyPair reread = AuditKeys.fromPrivateKeyPem(AuditKeys.privateKeyPem(generated.getPrivate()));
        assertThat(reread.getPublic().getEncoded()).isEqualTo(generated.getPublic().getEncoded());
        assertThat(AuditKeys.fromPublicKeyPem(AuditKeys.publicKeyPem(generated.getPublic())).getEncoded())
                .isEqualTo(generated.getPublic().getEncoded());
        assertThat(AuditKeys.publicKeyPem(generated.getPublic())).startsWith("-----BEGIN PUBLIC KEY-----\n");
    }

    @Test
    void aSignatureVerifiesOnlyForTheSameBytesAndKey() {
        KeyPair keys = AuditKeys.generate();
        byte[] text = "position=1\n".getBytes(StandardCharsets.UTF_8);
        String signature = AuditKeys.sign(keys.getPrivate(), text);

        assertThat(AuditKeys.verify(keys.getPublic(), text, signature)).isTrue();
        assertThat(AuditKeys.verify(keys.getPublic(), "position=2\n".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(AuditKeys.verify(AuditKeys.generate().getPublic(), text, signature)).isFalse();
        assertThat(AuditKeys.verify(keys.getPublic(), text, "not base64!")).isFalse();
    }

    @Test
    void somethingThatIsNotAnEd25519KeyIsRefused() {
        assertThatThrownBy(() -> AuditKeys.fromPrivateKeyPem("nothing here")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditKeys.fromPublicKeyPem(RFC8032_PRIVATE_PEM)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCheckpointSignsItsExactSignedText() {
        KeyPair keys = AuditKeys.fromPrivateKeyPem(RFC8032_PRIVATE_PEM);
        CheckpointSigner signer = new CheckpointSigner(keys);

        Checkpoint checkpoint = signer.sign(42, 7, "ab".repeat(32), Instant.parse("2026-11-27T10:15:30.123456Z"));

        String keyId = AuditKeys.keyId(keys.getPublic());
        assertThat(new String(checkpoint.signedText(), StandardCharsets.UTF_8)).isEqualTo("""
                binkindly-ledger/checkpoint/1
                position=42
                count=7
                head=%s
                sealed-at=2026-11-27T10:15:30.123Z
                key=%s
                """.formatted("ab".repeat(32), keyId));
        assertThat(AuditKeys.verify(keys.getPublic(), checkpoint.signedText(), checkpoint.signature())).isTrue();
        assertThat(checkpoint.keyId()).isEqualTo(keyId).isEqualTo(signer.keyId());
    }

    @Test
    void bouncyCastleAndTheJdkSignAlikeAndEachChecksTheOthersSignatures() {
        Ed25519Engine jdk = new JdkEd25519();
        Ed25519Engine bouncyCastle = new BouncyCastleEd25519();
        assertThat(Ed25519Engine.fastest()).as("BouncyCastle is on this module's class path").isInstanceOf(BouncyCastleEd25519.class);
        KeyPair rfc = AuditKeys.fromPrivateKeyPem(RFC8032_PRIVATE_PEM);
        assertThat(HexFormat.of().formatHex(bouncyCastle.sign(rfc.getPrivate(), new byte[0]))).isEqualTo(RFC8032_EMPTY_MESSAGE_SIGNATURE);

        KeyPair keys = AuditKeys.generate();
        java.util.Random random = new java.util.Random(8032);
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[random.nextInt(2_000)];
            random.nextBytes(data);
            byte[] bySunEc = jdk.sign(keys.getPrivate(), data);
            byte[] byBouncyCastle = bouncyCastle.sign(keys.getPrivate(), data);
            assertThat(byBouncyCastle).isEqualTo(bySunEc);
            assertThat(jdk.verify(keys.getPublic(), data, byBouncyCastle)).isTrue();
            assertThat(bouncyCastle.verify(keys.getPublic(), data, bySunEc)).isTrue();

            byte[] flipped = bySunEc.clone();
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
            assertThat(jdk.verify(keys.getPublic(), data, flipped)).isFalse();
            assertThat(bouncyCastle.verify(keys.getPublic(), data, flipped)).isFalse();
            // the same signature with S + L (the group order) in place of S: valid arithmetic, refused by both as non-canonical
            byte[] malleated = withScalarPlusGroupOrder(bySunEc);
            assertThat(jdk.verify(keys.getPublic(), data, malleated)).isFalse();
            assertThat(bouncyCastle.verify(keys.getPublic(), data, malleated)).isFalse();
        }
        assertThat(bouncyCastle.verify(keys.getPublic(), new byte[0], new byte[63])).isFalse();
        assertThat(bouncyCastle.verify(rfc.getPublic(), new byte[0], HexFormat.of().parseHex(RFC8032_EMPTY_MESSAGE_SIGNATURE))).isTrue();
    }

    private static byte[] withScalarPlusGroupOrder(byte[] signature) {
        java.math.BigInteger order = java.math.BigInteger.TWO.pow(252).add(new java.math.BigInteger("27742317777372353535851937790883648493"));
        byte[] littleEndian = java.util.Arrays.copyOfRange(signature, 32, 64);
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = littleEndian[31 - i];
        }
        byte[] sum = new java.math.BigInteger(1, bigEndian).add(order).toByteArray();
        byte[] out = signature.clone();
        java.util.Arrays.fill(out, 32, 64, (byte) 0);
        for (int i = 0; i < Math.min(32, sum.length); i++) {
            out[32 + i] = sum[sum.length - 1 - i];
        }
        return out;
    }
}
