package org.binkindly.ledger.core.killswitch.policy;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.binkindly.ledger.core.incident.InterventionKind;
import org.binkindly.ledger.core.incident.command.LinkKillSwitch;
import org.binkindly.ledger.core.incident.command.RecordIntervention;
import org.binkindly.ledger.core.incident.command.RecordLinkedKillSwitchReleased;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.killswitch.KillSwitchReleased;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.RuleCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * A kill switch activated for an incident fills that incident's "rollback or kill-switch action
 * if used" evidence and is linked to it, and its release is recorded there too: the incident's
 * closure reads from its own log whether its AI-lane kill switch was released. Never replayed; a
 * redelivered activation or release is a no-op on the incident.
 */
@ProcessingGroup(KillSwitchIncidentLink.PROCESSING_GROUP)
public class KillSwitchIncidentLink {

    public static final String PROCESSING_GROUP = "kill-switch-incident-link";
    public static final String ACTOR = "ledger:kill-switch-link";

    private static final Logger log = LoggerFactory.getLogger(KillSwitchIncidentLink.class);

    private final CommandGateway commandGateway;
    private final EventStore eventStore;

    public KillSwitchIncidentLink(CommandGateway commandGateway, EventStore eventStore) {
        this.commandGateway = commandGateway;
        this.eventStore = eventStore;
    }

    @EventHandler
    @DisallowReplay
    void on(KillSwitchActivated event) {
        if (event.incidentId() == null) {
            return;
        }
        String outcome = "%s kill switch activated%s for %s: %s".formatted(event.kind(), event.drill() ? " (drill)" : "",
                event.scope(), event.reason());
        send(new RecordIntervention(event.incidentId(), InterventionKind.KILL_SWITCH, event.killSwitchId().value(), outcome));
        send(new LinkKillSwitch(event.incidentId(), event.killSwitchId().value(), event.kind()));
    }

    @EventHandler
    @DisallowReplay
    void on(KillSwitchReleased event) {
        activation(event).filter(activated -> activated.incidentId() != null).ifPresent(activated ->
                send(new RecordLinkedKillSwitchReleased(activated.incidentId(), event.killSwitchId().value())));
    }

    /** The activation of the released kill switch, read from its own events: the release does not repeat the incident. */
    private Optional<KillSwitchActivated> activation(KillSwitchReleased event) {
        DomainEventStream events = eventStore.readEvents(event.killSwitchId().value());
        while (events.hasNext()) {
            if (events.next().getPayload() instanceof KillSwitchActivated activated) {
                return Optional.of(activated);
            }
        }
        return Optional.empty();
    }

    private void send(Object command) {
        try {
            commandGateway.sendAndWait(command, MetaData.with(MetadataKeys.ACTOR, ACTOR));
        } catch (LedgerRuleViolation closed) {
            if (closed.code() != RuleCode.INCIDENT_CLOSED) {
                throw closed;
            }
            // The incident was closed before the kill switch changed; the kill switch keeps its own record.
            log.info("not recorded on {}: {}", command, closed.getMessage());
        }
    }
}
