package org.binkindly.ledger.core.alert.policy;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.binkindly.ledger.core.alert.AlertCorrelationId;
import org.binkindly.ledger.core.alert.AlertDeliveryReceived;
import org.binkindly.ledger.core.alert.command.AdoptIncident;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.shared.MetadataKeys;

/**
 * An incident a person declares becomes the one the alerts of its class and scope attach to, when
 * none is open for them yet, so an alert arriving after a manual declaration does not open a second
 * incident. Never replayed; adopting twice is a no-op.
 */
@ProcessingGroup(AlertCorrelationPolicy.PROCESSING_GROUP)
public class AlertCorrelationPolicy {

    public static final String PROCESSING_GROUP = "alert-correlation";
    public static final String ACTOR = "ledger:alert-correlation";

    private final CommandGateway commands;

    public AlertCorrelationPolicy(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    void on(IncidentDeclared event) {
        if (event.trigger().kind() != TriggerSource.Kind.MANUAL) {
            return; // an alert-declared incident is the correlation's own decision already
        }
        AdoptIncident adopt = new AdoptIncident(new AlertCorrelationId(event.incidentClass(), event.scope()), event.incidentId());
        // a race with the intake for the correlation is retried by the command gateway, the one retry layer
        commands.sendAndWait(adopt, MetaData.with(MetadataKeys.ACTOR, ACTOR));
    }

    /**
     * Nothing to do, but handled: the routing of a received delivery waits until this policy has passed the
     * delivery's position (every declaration before it adopted), and Axon stores a processor's position past
     * events it has no handler for only about once a second, which made every delivery wait that long.
     */
    @EventHandler
    @DisallowReplay
    void on(AlertDeliveryReceived event) {
        // the position is what counts
    }
}
