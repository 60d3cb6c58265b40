package org.binkindly.ledger.core.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.core.audit.VerificationReport.Problem.CHECKPOINT_COPIES_DIFFER;
import static org.binkindly.ledger.core.audit.VerificationReport.Problem.CHECKPOINT_MISMATCH;
import static org.binkindly.ledger.core.audit.VerificationReport.Problem.EVENTS_TRUNCATED;
import static org.binkindly.ledger.core.audit.VerificationReport.Problem.EVENT_ALTERED;
import static org.binkindly.ledger.core.audit.VerificationReport.Problem.EVENT_MISSING;
import static org.binkindly.ledger.core.audit.VerificationReport.Problem.EVENT_NOT_SEALED;
import static org.binkindly.ledger.core.audit.VerificationReport.Problem.MALFORMED_STREAM;
import static org.binkindly.ledger.core.audit.VerificationReport.Problem.SIGNATURE_INVALID;
import static org.binkindly.ledger.core.audit.VerificationReport.Problem.UNKNOWN_KEY;

class ChainVerifierTest {

    private final KeyPair keys = AuditKeys.generate();
    private final CheckpointSigner signer = new CheckpointSigner(keys);
    private final ChainVerifier verifier = new ChainVerifier(List.of(keys.getPublic()));

    // Positions with a gap (5): a rolled-back transaction leaves one, and it is no tampering.
    private final List<AuditEvent> events = AuditStreams.events(1, 2, 3, 4, 6, 7, 8, 9, 10);

    @Test
    void anUntouchedStreamVerifiesWithEveryCheckpoint() {
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);

        VerificationReport report = verify(stream);

        assertThat(report.intact()).as("%s", report.firstFailure()).isTrue();
        assertThat(report.events()).isEqualTo(9);
        assertThat(report.sealedEvents()).isEqualTo(9);
        assertThat(report.checkpoints()).isEqualTo(3);
        assertThat(report.lastPosition()).isEqualTo(10);
        assertThat(report.signedThrough()).isEqualTo(10);
        assertThat(report.firstFailure()).isNull();
    }

    @Test
    void eventsTheSealerHasNotReachedYetAreCountedNotFailed() {
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);
        stream.add(new AuditRecord.Event(AuditStreams.event(11, "inc-000000000001", 9, "{}"), null));
        stream.add(new AuditRecord.Event(AuditStreams.event(12, "inc-000000000001", 10, "{}"), null));

        VerificationReport report = verify(stream);

        assertThat(report.intact()).isTrue();
        assertThat(report.unsealedEvents()).isEqualTo(2);
        assertThat(report.lastPosition()).isEqualTo(12);
        assertThat(report.signedThrough()).isEqualTo(10);
    }

    @Test
    void aChangedPayloadByteFailsAtThatEvent() {
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);
        AuditEvent original = ((AuditRecord.Event) stream.get(indexOf(stream, 4))).event();
        byte[] payload = original.payload().clone();
        payload[payload.length - 3] ^= 1;
        replace(stream, 4, withPayload(original, payload));

        assertFailure(verify(stream), 4, EVENT_ALTERED);
    }

    @Test
    void changedMetadataFailsAtThatEvent() {
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);
        AuditEvent original = ((AuditRecord.Event) stream.get(indexOf(stream, 7))).event();
        replace(stream, 7, new AuditEvent(original.position(), original.eventId(), original.aggregateType(),
                original.aggregateId(), original.sequenceNumber(), original.timestamp(), original.payloadType(),
                original.payloadRevision(), "{\"actor\":\"mallory\"}".getBytes(StandardCharsets.UTF_8), original.payload()));

        assertFailure(verify(stream), 7, EVENT_ALTERED);
    }

    @Test
    void twoSwappedEventsFailAtTheEarlierPosition() {
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);
        AuditRecord.Event at2 = (AuditRecord.Event) stream.get(indexOf(stream, 2));
        AuditRecord.Event at8 = (AuditRecord.Event) stream.get(indexOf(stream, 8));
        // The rows keep their positions (global index); their contents trade places.
        replace(stream, 2, moved(at8.event(), 2));
        replace(stream, 8, moved(at2.event(), 8));

        assertFailure(verify(stream), 2, EVENT_ALTERED);
    }

    @Test
    void aDeletedEventWhoseSealRemainsFailsAtItsPosition() {
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);
        int index = indexOf(stream, 6);
        stream.set(index, new AuditRecord.Missing(6, ((AuditRecord.Event) stream.get(index)).link()));

        assertFailure(verify(stream), 6, EVENT_MISSING);
    }

    @Test
    void aDeletedEventAndItsSealFailAtTheNextEventOrTheCheckpointCoveringIt() {
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);
        stream.remove(indexOf(stream, 6));

        assertFailure(verify(stream), 7, EVENT_ALTERED);

        List<AuditRecord> checkpointsOnly = withoutLinks(AuditStreams.sealed(events, signer, 3));
        checkpointsOnly.remove(indexOf(checkpointsOnly, 6));
        assertFailure(verify(checkpointsOnly), 7, CHECKPOINT_MISMATCH);
    }

    @Test
    void anEventAddedAtAPositionTheSealerPassedFailsThere() {
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);
        stream.add(indexOf(stream, 6), new AuditRecord.Event(AuditStreams.event(5, "inc-000000000009", 0, "{}"), null));

        assertFailure(verify(stream), 5, EVENT_NOT_SEALED);
    }

    @Test
    void linksRecomputedByAnAttackerStillBreakTheSignedCheckpoint() {
        List<AuditEvent> altered = new ArrayList<>(events);
        altered.set(3, withPayload(events.get(3), "{\"requirement\":\"nothing happened\"}".getBytes(StandardCharsets.UTF_8)));
        List<AuditRecord> honest = AuditStreams.sealed(events, signer, 3);
        List<AuditRecord> forged = new ArrayList<>();
        HashChain chain = new HashChain();
        for (AuditRecord record : honest) {
            // the forger rewrites every link but cannot sign: the honest checkpoints stay
            forged.add(record instanceof AuditRecord.Event e
                    ? new AuditRecord.Event(altered.get(events.indexOf(e.event())), chain.append(altered.get(events.indexOf(e.event()))))
                    : record);
        }

        // position 4 was altered; the first checkpoint after it is the one at position 7
        assertFailure(verify(forged), 7, CHECKPOINT_MISMATCH);
    }

    @Test
    void eventsCutFromTheEndAreCaughtByTheLastCheckpointKeptInObjectStorage() {
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);
        List<Checkpoint> anchored = stream.stream().filter(AuditRecord.Signed.class::isInstance)
                .map(record -> ((AuditRecord.Signed) record).checkpoint()).toList();
        List<AuditRecord> truncated = new ArrayList<>(stream.subList(0, indexOf(stream, 8)));

        assertThat(verify(truncated).intact()).as("without the stored checkpoints, a cut stream looks whole").isTrue();
        assertFailure(verifier.verify(truncated.iterator(), anchored), 10, EVENTS_TRUNCATED);
    }

    @Test
    void aCheckpointWhoseFieldsWereChangedFailsItsSignature() {
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);
        int index = indexOf(stream, 3) + 1;
        Checkpoint signed = ((AuditRecord.Signed) stream.get(index)).checkpoint();
        stream.set(index, new AuditRecord.Signed(new Checkpoint(signed.position(), signed.count() + 1, signed.head(),
                signed.sealedAt(), signed.keyId(), signed.signature())));

        assertFailure(verify(stream), 3, SIGNATURE_INVALID);
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsNotAccepted() {
        List<AuditRecord> stream = AuditStreams.sealed(events, new CheckpointSigner(AuditKeys.generate()), 3);

        assertFailure(verify(stream), 3, UNKNOWN_KEY);
    }

    @Test
    void aStoredCheckpointThatDiffersFromTheStreamsOwnFails() {
        List<AuditRecord> stream = AuditStreams.sealed(events, signer, 3);
        Checkpoint inStream = ((AuditRecord.Signed) stream.get(indexOf(stream, 3) + 1)).checkpoint();
        Checkpoint other = signer.sign(inStream.position(), inStream.count(), inStream.head(), AuditStreams.SEALED_AT.plusSeconds(1));

        assertFailure(verifier.verify(stream.iterator(), List.of(other)), 3, CHECKPOINT_COPIES_DIFFER);
    }

    @Test
    void aStreamOutOfPositionOrderIsMalformed() {
        List<AuditRecord> stream = withoutLinks(AuditStreams.sealed(events, signer, 0));
        AuditRecord third = stream.remove(2);
        stream.add(4, third);

        assertFailure(verify(stream), 3, MALFORMED_STREAM);
    }

    @Test
    void anEmptyStreamIsIntactAndSignsNothing() {
        VerificationReport report = verify(List.of());

        assertThat(report.intact()).isTrue();
        assertThat(report.lastPosition()).isNull();
        assertThat(report.signedThrough()).isNull();
        assertThat(report.head()).isEqualTo(HashChain.genesis());
    }

    private VerificationReport verify(List<AuditRecord> stream) {
        return verifier.verify(stream.iterator(), List.of());
    }

    private static void assertFailure(VerificationReport report, long position, VerificationReport.Problem problem) {
        assertThat(report.intact()).isFalse();
        assertThat(report.firstFailure().position()).as(report.firstFailure().detail()).isEqualTo(position);
        assertThat(report.firstFailure().problem()).isEqualTo(problem);
    }

    private static int indexOf(List<AuditRecord> stream, long position) {
        for (int i = 0; i < stream.size(); i++) {
            if (!(stream.get(i) instanceof AuditRecord.Signed) && stream.get(i).position() == position) {
                return i;
            }
        }
        throw new AssertionError("no event at " + position);
    }

    private static void replace(List<AuditRecord> stream, long position, AuditEvent event) {
        int index = indexOf(stream, position);
        stream.set(index, new AuditRecord.Event(event, ((AuditRecord.Event) stream.get(index)).link()));
    }

    /** Events without their sealed links, checkpoints kept: verification then rests on the checkpoints alone. */
    private static List<AuditRecord> withoutLinks(List<AuditRecord> stream) {
        List<AuditRecord> result = new ArrayList<>();
        for (AuditRecord record : stream) {
            result.add(record instanceof AuditRecord.Event e ? new AuditRecord.Event(e.event(), null) : record);
        }
        return result;
    }

    private static AuditEvent withPayload(AuditEvent event, byte[] payload) {
        return new AuditEvent(event.position(), event.eventId(), event.aggregateType(), event.aggregateId(),
                event.sequenceNumber(), event.timestamp(), event.payloadType(), event.payloadRevision(), event.metadata(), payload);
    }

    private static AuditEvent moved(AuditEvent event, long position) {
        return new AuditEvent(position, event.eventId(), event.aggregateType(), event.aggregateId(), event.sequenceNumber(),
                event.timestamp(), event.payloadType(), event.payloadRevision(), event.metadata(), event.payload());
    }
}
