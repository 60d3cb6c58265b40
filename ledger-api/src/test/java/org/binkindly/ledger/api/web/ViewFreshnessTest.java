package org.binkindly.ledger.api.web;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes judged from token_entry, the position every node shares, and from where this
 * node's workers have got to. Global indexes taken by transactions that rolled back (a lost race,
 * a refused append) are gaps without events: they must not hold a reader up until the timeout.
 */
class ViewFreshnessTest extends LedgerHttpTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ViewFreshness freshness;

    @Autowired
    EventLog eventLog;

    @Autowired
    Serializer serializer;

    @Autowired
    ObjectProvider<EventProcessingConfiguration> processing;

    @Test
    void gapsLeftByRolledBackWritesDoNotHoldAReaderUp() {
        new Incidents(ledger).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        // what a rolled-back append leaves behind: global indexes taken and never used
        jdbc.queryForList("select nextval('domain_event_entry_global_index_seq') from generate_series(1, 3)", Long.class);
        new Incidents(ledger).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG);

        assertThat(freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP)).isTrue();
    }

    @Test
    void aProcessorWithNoPositionYetHasNotCaughtUp() {
        assertThat(jdbc.queryForObject("select count(*) from token_entry where processor_name = 'no-such-view'", Long.class)).isZero();
        ViewFreshness impatient = new ViewFreshness(eventLog, null,
                new org.binkindly.ledger.api.config.LedgerProperties(null, 0, null, java.time.Duration.ofMillis(50), 0), processing);
        assertThat(impatient.awaitCaughtUp("no-such-view")).isFalse();
    }

    /**
     * The incident views run in two segments. A declaration is folded by one; the other skips it and
     * stores its position only after Axon's wait for more events (up to a second). A read after the
     * write counts that segment by where this node's worker has got to, so it does not wait for the store:
     * at least one of five reads is answered while a stored position is still short of the write.
     */
    @Test
    void aReadAfterAWriteDoesNotWaitForTheSegmentThatSkippedItToStoreItsPosition() {
        assertThat(eventLog.tokens(IncidentViewProjector.PROCESSING_GROUP)).as("the view runs in two segments").hasSize(2);
        int answeredBeforeStored = 0;
        for (int i = 0; i < 5; i++) {
            new Incidents(ledger).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG);
            long written = eventLog.head().orElseThrow();

            assertThat(freshness.awaitHandled(IncidentViewProjector.PROCESSING_GROUP, written)).isTrue();

            if (eventLog.tokens(IncidentViewProjector.PROCESSING_GROUP).stream().anyMatch(segment -> storedIndex(segment) < written)) {
                answeredBeforeStored++;
            }
        }
        assertThat(answeredBeforeStored).isPositive();
    }

    private long storedIndex(EventLog.StoredToken segment) {
        if (segment.token() == null) {
            return -1;
        }
        TrackingToken token = serializer.deserialize(new SimpleSerializedObject<>(segment.token(), byte[].class, segment.tokenType(), null));
        token = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
        return token instanceof GapAwareTrackingToken position ? position.getIndex() : -1;
    }
}
