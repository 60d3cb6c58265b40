package org.binkindly.ledger.core.killswitch.policy;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.binkindly.ledger.core.incident.InterventionKind;
import org.binkindly.ledger.core.incident.command.RecordIntervention;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.shared.MetadataKeys;

/**
 * A kill switch activated for an incident fills that incident's "rollback or kill-switch action
 * if used" evidence. Never replayed; a redelivered activation records the identical intervention,
 * which the incident treats as a no-op.
 */
@ProcessingGroup(KillSwitchIncidentLink.PROCESSING_GROUP)
public class KillSwitchIncidentLink {

    public static final String PROCESSING_GROUP = "kill-switch-incident-link";
    public static final String ACTOR = "ledger:kill-switch-link";

    private final CommandGateway commandGateway;

    public KillSwitchIncidentLink(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @EventHandler
    @DisallowReplay
    void on(KillSwitchActivated event) {
        if (event.incidentId() == null) {
            return;
        }
        String outcome = "%s kill switch activated%s for %s: %s".formatted(event.kind(), event.drill() ? " (drill)" : "",
                event.scope(), event.reason());
        commandGateway.sendAndWait(new RecordIntervention(event.incidentId(), InterventionKind.KILL_SWITCH,
                event.killSwitchId().value(), outcome), MetaData.with(MetadataKeys.ACTOR, ACTOR));
    }
}
