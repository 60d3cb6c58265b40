package org.binkindly.ledger.core.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventAuthenticationTest {

    private final KeyPair keys = AuditKeys.generate();
    private final CheckpointSigner signer = new CheckpointSigner(keys);
    private final Map<String, PublicKey> trusted = Map.of(signer.keyId(), keys.getPublic());

    @Test
    void anEventAsTheLedgerWritesItIsAuthenticAndItsMetadataKeepsEveryOtherField() {
        AuditEvent event = written(1, "{\"actor\":\"alice\",\"requestId\":\"r-1\"}", "{\"n\":1}");

        assertThat(EventAuthentication.check(event, trusted)).isEqualTo(new EventAuthentication.Verdict.Authentic(signer.keyId()));
        assertThat(new String(event.metadata(), StandardCharsets.UTF_8))
                .startsWith("{\"actor\":\"alice\",\"requestId\":\"r-1\",\"ledgerSignature\":\"" + signer.keyId() + ":");
    }

    @Test
    void emptyMetadataCarriesTheSignatureAsItsOnlyField() {
        AuditEvent event = written(1, "{}", "{}");

        assertThat(new String(event.metadata(), StandardCharsets.UTF_8)).startsWith("{\"ledgerSignature\":\"");
        assertThat(EventAuthentication.check(event, trusted)).isInstanceOf(EventAuthentication.Verdict.Authentic.class);
    }

    @Test
    void aRowWithoutASignatureIsMissingOne() {
        AuditEvent forged = AuditStreams.event(1, "inc-1", 0, "{\"n\":1}");

        assertThat(EventAuthentication.check(forged, trusted)).isInstanceOf(EventAuthentication.Verdict.Missing.class);
    }

    @Test
    void aGenuineSignatureCopiedOntoAnotherFactOrAnotherActorDoesNotVerify() {
        AuditEvent genuine = written(1, "{\"actor\":\"alice\"}", "{\"n\":1}");
        AuditEvent otherFact = new AuditEvent(2, "evt-forged", genuine.aggregateType(), genuine.aggregateId(), 1,
                genuine.timestamp(), genuine.payloadType(), genuine.payloadRevision(), genuine.metadata(),
                "{\"n\":2}".getBytes(StandardCharsets.UTF_8));
        byte[] otherActor = new String(genuine.metadata(), StandardCharsets.UTF_8).replace("alice", "olivia").getBytes(StandardCharsets.UTF_8);
        AuditEvent inOliviasName = new AuditEvent(1, genuine.eventId(), genuine.aggregateType(), genuine.aggregateId(), 0,
                genuine.timestamp(), genuine.payloadType(), genuine.payloadRevision(), otherActor, genuine.payload());

        assertThat(EventAuthentication.check(otherFact, trusted)).isInstanceOf(EventAuthentication.Verdict.Invalid.class);
        assertThat(EventAuthentication.check(inOliviasName, trusted)).isInstanceOf(EventAuthentication.Verdict.Invalid.class);
    }

    @Test
    void aSignatureByAnotherKeyIsNotTrusted() {
        CheckpointSigner stranger = new CheckpointSigner(AuditKeys.generate());
        AuditEvent event = written(stranger, 1, "{\"actor\":\"alice\"}", "{}");

        assertThat(EventAuthentication.check(event, trusted)).isInstanceOf(EventAuthentication.Verdict.Invalid.class);
    }

    @Test
    void verificationFailsAtAnUnsignedEventAfterSignedOnesAndCountsUnsignedOnesThatPredateAuthentication() {
        List<AuditEvent> events = new ArrayList<>(List.of(AuditStreams.event(1, "inc-1", 0, "{}"), AuditStreams.event(2, "inc-1", 1, "{}")));
        events.add(written(3, "{\"actor\":\"alice\"}", "{\"n\":3}"));
        events.add(AuditStreams.event(4, "inc-1", 3, "{\"forged\":true}"));
        ChainVerifier verifier = new ChainVerifier(List.of(keys.getPublic()));

        VerificationReport legacyOnly = verifier.verify(AuditStreams.sealed(events.subList(0, 3), signer, 0).iterator(), List.of());
        VerificationReport forged = verifier.verify(AuditStreams.sealed(events, signer, 0).iterator(), List.of());
        VerificationReport cutOverKnown = verifier.begin(List.of(), 1L).finish();

        assertThat(legacyOnly.intact()).isTrue();
        assertThat(legacyOnly.unauthenticatedEvents()).isEqualTo(2);
        assertThat(legacyOnly.authenticatedEvents()).isEqualTo(1);
        assertThat(forged.intact()).isFalse();
        assertThat(forged.firstFailure().position()).isEqualTo(4);
        assertThat(forged.firstFailure().problem()).isEqualTo(VerificationReport.Problem.EVENT_NOT_AUTHENTIC);
        assertThat(cutOverKnown.intact()).isTrue();
    }

    @Test
    void whenTheLedgerRecordedItsCutOverAnUnsignedEventAfterItFailsEvenBeforeAnySignedOne() {
        List<AuditRecord> stream = AuditStreams.sealed(List.of(AuditStreams.event(1, "inc-1", 0, "{}"),
                AuditStreams.event(2, "inc-1", 1, "{}")), signer, 0);
        ChainVerifier.Verification verification = new ChainVerifier(List.of(keys.getPublic())).begin(List.of(), 1L);
        stream.forEach(verification::accept);

        VerificationReport report = verification.finish();

        assertThat(report.firstFailure().position()).isEqualTo(2);
        assertThat(report.firstFailure().problem()).isEqualTo(VerificationReport.Problem.EVENT_NOT_AUTHENTIC);
    }

    private AuditEvent written(long position, String metadata, String payload) {
        return written(signer, position, metadata, payload);
    }

    private static AuditEvent written(CheckpointSigner by, long position, String metadata, String payload) {
        AuditEvent unsigned = new AuditEvent(position, "evt-" + position, "Incident", "inc-1", position - 1,
                "2026-11-27T09:00:00.000Z", "org.binkindly.ledger.core.incident.FollowUpRecorded", "1",
                metadata.getBytes(StandardCharsets.UTF_8), payload.getBytes(StandardCharsets.UTF_8));
        byte[] signed = by.authenticate(unsigned.eventId(), unsigned.aggregateType(), unsigned.aggregateId(),
                unsigned.sequenceNumber(), unsigned.timestamp(), unsigned.payloadType(), unsigned.payloadRevision(),
                unsigned.metadata(), unsigned.payload());
        return new AuditEvent(position, unsigned.eventId(), unsigned.aggregateType(), unsigned.aggregateId(),
                unsigned.sequenceNumber(), unsigned.timestamp(), unsigned.payloadType(), unsigned.payloadRevision(), signed,
                unsigned.payload());
    }
}
