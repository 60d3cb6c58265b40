package org.binkindly.ledger.api.web;

import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes judged from token_entry, the position every node shares. Global indexes taken
 * by transactions that rolled back (a lost race, a refused append) are gaps without events: they
 * must not hold a reader up until the timeout.
 */
class ViewFreshnessTest extends LedgerHttpTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ViewFreshness freshness;

    @Autowired
    EventLog eventLog;

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
                new org.binkindly.ledger.api.config.LedgerProperties(null, 0, null, java.time.Duration.ofMillis(50), 0));
        assertThat(impatient.awaitCaughtUp("no-such-view")).isFalse();
    }
}
