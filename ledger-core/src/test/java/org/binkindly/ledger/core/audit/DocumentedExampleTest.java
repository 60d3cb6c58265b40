package org.binkindly.ledger.core.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked example of docs/audit.md. Its values were computed outside this code base, from the
 * document alone: links with Python's hashlib and struct, the signature with OpenSSL 3.0
 * ({@code openssl pkeyutl -sign -rawin}) and the RFC 8032 test key. The ledger must agree.
 */
class DocumentedExampleTest {

    static final AuditEvent FIRST = new AuditEvent(1, "5d6c4a9e-2f0b-4b8e-9a51-0c2f4e1d7b3a", "Incident", "inc-3f9a1c2b7d4e", 0,
            "2026-11-27T03:12:00.000Z", "org.binkindly.ledger.core.incident.FollowUpRecorded", "1",
            utf8("{\"actor\":\"alice\"}"),
            utf8("{\"incidentId\":\"inc-3f9a1c2b7d4e\",\"requirement\":\"add a canary\",\"dueBy\":null}"));
    static final AuditEvent SECOND = new AuditEvent(3, "0b7e2c1d-8f4a-4c6b-b2d9-5e3f1a7c9d20", "Incident", "inc-3f9a1c2b7d4e", 1,
            "2026-11-27T03:14:30.250Z", "org.binkindly.ledger.core.incident.IncidentClosed", "1",
            utf8("{\"actor\":\"olivia\"}"),
            utf8("{\"incidentId\":\"inc-3f9a1c2b7d4e\",\"postIncidentRecord\":\"gate held\"}"));

    static final String FIRST_CANONICAL_HEX = "62696e6b696e646c792d6c65646765722f6576656e742f3100000008000000000000000100000024356436"
            + "63346139652d326630622d346238652d396135312d30633266346531643762336100000008496e636964656e7400000010696e632d33663961"
            + "316332623764346500000008000000000000000000000018323032362d31312d32375430333a31323a30302e3030305a000000336f72672e62"
            + "696e6b696e646c792e6c65646765722e636f72652e696e636964656e742e466f6c6c6f7755705265636f726465640000000131000000117b22"
            + "6163746f72223a22616c696365227d0000004b7b22696e636964656e744964223a22696e632d336639613163326237643465222c2272657175"
            + "6972656d656e74223a2261646420612063616e617279222c226475654279223a6e756c6c7d";
    static final String FIRST_LINK = "9e50b83d422b8cef50300422503b98a980e931543fd4c9dfca417bf53c9fd0ff";
    static final String SECOND_LINK = "462fccb5d89821742e1cb339e7083323c3a248fad3dd022e593ec7a8dcf8629c";

    static final String RFC8032_PRIVATE_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----
            """;
    static final String KEY_ID = "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9";
    static final String SIGNATURE = "HLD8RrtpsXPNF8LQbcf8KvJ2WZaZxpZ7AIfp2rTpXWgEdOtpS04PRgOxmAfh/G+fX0IlGoYWzMXzZ7TgsquPBg==";

    @Test
    void theCanonicalBytesAndLinksAreTheDocumentsOwn() {
        assertThat(HexFormat.of().formatHex(HashChain.canonicalBytes(FIRST))).isEqualTo(FIRST_CANONICAL_HEX);
        HashChain chain = new HashChain();
        assertThat(chain.append(FIRST)).isEqualTo(FIRST_LINK);
        assertThat(chain.append(SECOND)).isEqualTo(SECOND_LINK);
    }

    @Test
    void theCheckpointSignatureIsTheOneOpenSslMadeAndTheExampleVerifies() {
        KeyPair keys = AuditKeys.fromPrivateKeyPem(RFC8032_PRIVATE_PEM);
        Checkpoint checkpoint = new Checkpoint(3, 2, SECOND_LINK, "2026-11-27T03:15:00.000Z", KEY_ID, SIGNATURE);

        assertThat(AuditKeys.keyId(keys.getPublic())).isEqualTo(KEY_ID);
        // Ed25519 is deterministic: the same key and text give the same signature everywhere.
        assertThat(AuditKeys.sign(keys.getPrivate(), checkpoint.signedText())).isEqualTo(SIGNATURE);
        VerificationReport report = new ChainVerifier(List.of(keys.getPublic())).verify(List.of(
                new AuditRecord.Event(FIRST, FIRST_LINK), new AuditRecord.Event(SECOND, SECOND_LINK),
                new AuditRecord.Signed(checkpoint)).iterator(), List.of());
        assertThat(report.intact()).isTrue();
        assertThat(report.signedThrough()).isEqualTo(3);
    }

    static final String WRITER_SIGNED_BYTES_SHA256 = "34caa3419068685e6f83f1ae09fb3057fbe6d24d9e59e5a8223e9d6e9e0feaca";
    static final String FIRST_STORED_METADATA = "{\"actor\":\"alice\",\"ledgerSignature\":\"" + KEY_ID
            + ":q3Yrp4uYI5JNIrN0gcrkSkIhpsmAzXHNZncg6fQQoooE4NHAh5TTDtCcfeIPwJKbx88P6/adnZcRAyoHH2xUDg==\"}";

    @Test
    void theWriterSignatureOfTheFirstEventIsTheDocumentsAndVerifiesFromTheStoredRow() throws Exception {
        KeyPair keys = AuditKeys.fromPrivateKeyPem(RFC8032_PRIVATE_PEM);
        byte[] signedBytes = EventAuthentication.signedBytes(FIRST.eventId(), FIRST.aggregateType(), FIRST.aggregateId(),
                FIRST.sequenceNumber(), FIRST.timestamp(), FIRST.payloadType(), FIRST.payloadRevision(), FIRST.metadata(),
                FIRST.payload());
        byte[] stored = new CheckpointSigner(keys).authenticate(FIRST.eventId(), FIRST.aggregateType(), FIRST.aggregateId(),
                FIRST.sequenceNumber(), FIRST.timestamp(), FIRST.payloadType(), FIRST.payloadRevision(), FIRST.metadata(),
                FIRST.payload());
        AuditEvent asStored = new AuditEvent(FIRST.position(), FIRST.eventId(), FIRST.aggregateType(), FIRST.aggregateId(),
                FIRST.sequenceNumber(), FIRST.timestamp(), FIRST.payloadType(), FIRST.payloadRevision(), stored, FIRST.payload());

        assertThat(signedBytes).hasSize(301);
        assertThat(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(signedBytes)))
                .isEqualTo(WRITER_SIGNED_BYTES_SHA256);
        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo(FIRST_STORED_METADATA);
        assertThat(EventAuthentication.check(asStored, java.util.Map.of(KEY_ID, keys.getPublic())))
                .isEqualTo(new EventAuthentication.Verdict.Authentic(KEY_ID));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
