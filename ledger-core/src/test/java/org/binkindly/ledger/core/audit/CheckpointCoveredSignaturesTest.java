package org.binkindly.ledger.core.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which writer signatures a verification checks (docs/audit.md, "Which writer signatures are checked"): by default the
 * Ed25519 check is left out for an event a verified checkpoint covers, since the sealer checked it before sealing; every
 * event no checkpoint covers is checked, every structural rule holds for every event, and the first failing position
 * is still the one named.
 */
class CheckpointCoveredSignaturesTest {

    private final KeyPair keys = AuditKeys.generate();
    private final CheckpointSigner signer = new CheckpointSigner(keys);
    private final ChainVerifier verifier = new ChainVerifier(List.of(keys.getPublic()));
    private final ChainVerifier everySignature = new ChainVerifier(List.of(keys.getPublic()), true);

    @Test
    void signaturesUnderAVerifiedCheckpointAreLeftOutAndTheRestAreChecked() {
        List<AuditRecord> stream = AuditStreams.sealed(signed(1, 2, 3, 4, 5), signer, 3);

        ChainVerifier.Verification verification = verifier.begin(List.of());
        stream.forEach(verification::accept);
        VerificationReport report = verification.finish();

        assertThat(report.intact()).isTrue();
        assertThat(report.authenticatedEvents()).isEqualTo(5);
        assertThat(verification.signaturesCoveredByCheckpoints()).isEqualTo(3);
        assertThat(verification.signaturesChecked()).isEqualTo(2);
    }

    @Test
    void aSignatureThatDoesNotVerifyAfterTheLastCheckpointFailsAtItsEvent() {
        List<AuditEvent> events = signed(1, 2, 3, 4, 5);
        events.set(4, forgedSignature(events.get(4))); // links after the last checkpoint are anyone's to recompute
        VerificationReport report = verifier.verify(AuditStreams.sealed(events, signer, 3).iterator(), List.of());

        assertFailure(report, 5, VerificationReport.Problem.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void aBadSignatureUnderACheckpointIsTheSealersToRefuseAndEverySignatureCatchesItAnyway() {
        // a stream the sealer never produces (it refuses to seal an event whose signature fails): only here can a
        // checkpoint cover one, which shows what the default rests on and what --all-signatures adds
        List<AuditEvent> events = signed(1, 2, 3, 4);
        events.set(1, forgedSignature(events.get(1)));
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 4);

        assertThat(verifier.verify(stream.iterator(), List.of()).intact()).isTrue();
        assertFailure(everySignature.verify(stream.iterator(), List.of()), 2, VerificationReport.Problem.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void anUnsignedEventAmongSignedOnesFailsEvenUnderACheckpoint() {
        List<AuditEvent> events = signed(1, 2, 3);
        events.set(1, AuditStreams.event(2, "inc-1", 1, "{\"forged\":true}"));

        VerificationReport report = verifier.verify(AuditStreams.sealed(events, signer, 3).iterator(), List.of());

        assertFailure(report, 2, VerificationReport.Problem.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void aBadSignatureBeforeALaterFailureIsStillTheFirstFailureNamed() {
        List<AuditEvent> events = signed(1, 2, 3, 4, 5);
        events.set(1, forgedSignature(events.get(1)));
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 0);
        AuditEvent fourth = events.get(3);
        stream.set(3, new AuditRecord.Event(new AuditEvent(4, fourth.eventId(), fourth.aggregateType(), fourth.aggregateId(),
                fourth.sequenceNumber(), fourth.timestamp(), fourth.payloadType(), fourth.payloadRevision(), fourth.metadata(),
                "{\"n\":\"changed\"}".getBytes(StandardCharsets.UTF_8)), ((AuditRecord.Event) stream.get(3)).link()));

        VerificationReport report = verifier.verify(stream.iterator(), List.of());

        assertFailure(report, 2, VerificationReport.Problem.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void aCheckpointThatFailsDoesNotCoverTheSignaturesBeforeIt() {
        List<AuditEvent> events = signed(1, 2, 3);
        events.set(0, forgedSignature(events.get(0)));
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);
        stream.replaceAll(record -> record instanceof AuditRecord.Signed s
                ? new AuditRecord.Signed(new Checkpoint(s.position(), s.checkpoint().count() + 1, s.checkpoint().head(),
                        s.checkpoint().sealedAt(), s.checkpoint().keyId(), s.checkpoint().signature()))
                : record);

        VerificationReport report = verifier.verify(stream.iterator(), List.of());

        assertFailure(report, 1, VerificationReport.Problem.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void signaturesWaitingTooLongForACheckpointAreCheckedSoMemoryStaysBounded() {
        List<AuditEvent> events = signed(1, 2, 3, 4, 5, 6, 7, 8);
        events.set(2, forgedSignature(events.get(2)));
        ChainVerifier.Verification verification = new ChainVerifier(List.of(keys.getPublic()), false, 4).begin(List.of());
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 0);

        List<Boolean> accepted = new ArrayList<>();
        for (AuditRecord record : stream.subList(0, 5)) {
            accepted.add(verification.accept(record)); // a fifth waiting signature: the oldest four are checked
        }

        assertThat(accepted).containsExactly(true, true, true, true, false);
        assertFailure(verification.finish(), 3, VerificationReport.Problem.EVENT_NOT_AUTHENTIC);
    }

    private List<AuditEvent> signed(long... positions) {
        List<AuditEvent> events = new ArrayList<>();
        for (AuditEvent event : AuditStreams.events(positions)) {
            byte[] metadata = signer.authenticate(event.eventId(), event.aggregateType(), event.aggregateId(),
                    event.sequenceNumber(), event.timestamp(), event.payloadType(), event.payloadRevision(), event.metadata(),
                    event.payload());
            events.add(withMetadata(event, metadata));
        }
        return events;
    }

    /** The event with its signature's first character changed: well-formed, by the trusted key id, and not valid. */
    private static AuditEvent forgedSignature(AuditEvent event) {
        String metadata = new String(event.metadata(), StandardCharsets.UTF_8);
        int signatureStart = metadata.lastIndexOf(':') + 1;
        char first = metadata.charAt(signatureStart);
        String forged = metadata.substring(0, signatureStart) + (first == 'A' ? 'B' : 'A') + metadata.substring(signatureStart + 1);
        return withMetadata(event, forged.getBytes(StandardCharsets.UTF_8));
    }

    private static AuditEvent withMetadata(AuditEvent event, byte[] metadata) {
        return new AuditEvent(event.position(), event.eventId(), event.aggregateType(), event.aggregateId(),
                event.sequenceNumber(), event.timestamp(), event.payloadType(), event.payloadRevision(), metadata, event.payload());
    }

    private static void assertFailure(VerificationReport report, long position, VerificationReport.Problem problem) {
        assertThat(report.intact()).isFalse();
        assertThat(report.firstFailure().position()).as(report.firstFailure().detail()).isEqualTo(position);
        assertThat(report.firstFailure().problem()).isEqualTo(problem);
    }
}
