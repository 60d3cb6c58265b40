package org.binkindly.ledger.core.audit;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class HashChainTest {

    @Test
    void canonicalBytesAreTheTagThenTenLengthPrefixedFieldsWithNullsAsAllOnesLength() {
        AuditEvent event = new AuditEvent(258, "e1", null, "agg", 1, "T", "P", null, null, new byte[]{'{', '}'});

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("binkindly-ledger/event/1".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(new byte[]{0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 2});   // position 258
        expected.writeBytes(new byte[]{0, 0, 0, 2, 'e', '1'});                  // event id
        expected.writeBytes(new byte[]{-1, -1, -1, -1});                        // aggregate type: null
        expected.writeBytes(new byte[]{0, 0, 0, 3, 'a', 'g', 'g'});             // aggregate id
        expected.writeBytes(new byte[]{0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1});   // sequence number 1
        expected.writeBytes(new byte[]{0, 0, 0, 1, 'T'});                       // timestamp
        expected.writeBytes(new byte[]{0, 0, 0, 1, 'P'});                       // payload type
        expected.writeBytes(new byte[]{-1, -1, -1, -1});                        // payload revision: null
        expected.writeBytes(new byte[]{-1, -1, -1, -1});                        // metadata: null
        expected.writeBytes(new byte[]{0, 0, 0, 2, '{', '}'});                  // payload

        assertThat(HashChain.canonicalBytes(event)).isEqualTo(expected.toByteArray());
    }

    @Test
    void eachLinkIsSha256OfThePreviousLinkAndTheCanonicalBytesStartingFromZeros() throws Exception {
        AuditEvent first = AuditStreams.event(1, "inc-000000000001", 0, "{\"a\":1}");
        AuditEvent second = AuditStreams.event(2, "inc-000000000001", 1, "{\"a\":2}");
        HashChain chain = new HashChain();

        String link1 = chain.append(first);
        String link2 = chain.append(second);

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(new byte[32]);
        byte[] expected1 = sha.digest(HashChain.canonicalBytes(first));
        sha.update(expected1);
        byte[] expected2 = sha.digest(HashChain.canonicalBytes(second));
        assertThat(link1).isEqualTo(HexFormat.of().formatHex(expected1));
        assertThat(link2).isEqualTo(HexFormat.of().formatHex(expected2)).isEqualTo(chain.head());
        assertThat(chain.count()).isEqualTo(2);
        assertThat(chain.lastPosition()).isEqualTo(2);
        assertThat(HashChain.genesis()).isEqualTo("0".repeat(64));
    }

    @Test
    void theSameEventAtAnotherPositionHasAnotherLink() {
        AuditEvent here = AuditStreams.event(5, "inc-000000000001", 0, "{}");
        AuditEvent moved = new AuditEvent(6, here.eventId(), here.aggregateType(), here.aggregateId(), here.sequenceNumber(),
                here.timestamp(), here.payloadType(), here.payloadRevision(), here.metadata(), here.payload());

        assertThat(new HashChain().append(here)).isNotEqualTo(new HashChain().append(moved));
    }

    @Test
    void anEmptyFieldAndAMissingOneHashDifferently() {
        AuditEvent emptyRevision = new AuditEvent(1, "e", "Incident", "a", 0, "T", "P", "", null, new byte[0]);
        AuditEvent noRevision = new AuditEvent(1, "e", "Incident", "a", 0, "T", "P", null, null, new byte[0]);

        assertThat(new HashChain().append(emptyRevision)).isNotEqualTo(new HashChain().append(noRevision));
    }

    @Test
    void aChainResumedFromAStoredHeadContinuesExactlyAsAnUnbrokenOne() {
        HashChain unbroken = new HashChain();
        unbroken.append(AuditStreams.event(1, "inc-000000000001", 0, "{}"));
        HashChain resumed = new HashChain(unbroken.head(), unbroken.count(), unbroken.lastPosition());

        AuditEvent next = AuditStreams.event(2, "inc-000000000001", 1, "{}");
        assertThat(resumed.append(next)).isEqualTo(unbroken.append(next));
        assertThat(resumed.count()).isEqualTo(2);
    }
}
