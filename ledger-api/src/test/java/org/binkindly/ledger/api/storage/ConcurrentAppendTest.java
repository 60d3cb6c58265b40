package org.binkindly.ledger.api.storage;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.incident.FailureModeObserved;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A second writer of an aggregate's sequence number (another node, which Axon's in-process lock
 * cannot see) is refused by PostgreSQL's unique index, and Axon must report it as the retryable
 * concurrency failure it is, not as a storage fault.
 */
class ConcurrentAppendTest extends LedgerHttpTest {

    @Autowired
    private EventStore eventStore;

    @Autowired
    private ViewFreshness freshness;

    @Test
    void aSecondWriterOfASequenceNumberIsAConcurrencyConflict() {
        String id = new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        FailureModeObserved late = new FailureModeObserved(IncidentId.of(id), "written by a node that lost the race");

        assertThatThrownBy(() -> eventStore.publish(new GenericDomainEventMessage<>("Incident", id, 1, late)))
                .isInstanceOf(ConcurrencyException.class);
        assertThatThrownBy(() -> eventStore.publish(new GenericDomainEventMessage<>("Incident", id, 0, late)))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void theGlobalIndexValuesARefusedWriterBurnedDoNotHoldUpReadYourWrites() {
        String id = new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        FailureModeObserved late = new FailureModeObserved(IncidentId.of(id), "written by a node that lost the race");
        assertThatThrownBy(() -> eventStore.publish(new GenericDomainEventMessage<>("Incident", id, 1, late)))
                .isInstanceOf(ConcurrencyException.class);

        // a later write leaves the refused one's index behind as a gap that will never be filled
        new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG);

        assertThat(freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP)).isTrue();
    }
}
