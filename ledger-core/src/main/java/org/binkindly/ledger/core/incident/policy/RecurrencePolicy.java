package org.binkindly.ledger.core.incident.policy;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentHistory;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.command.FlagRecurrence;
import org.binkindly.ledger.core.shared.MetadataKeys;

import java.time.Duration;
import java.util.List;

/**
 * The runbook's "do not ignore repeated recurrence": a declaration of the same class for the same
 * scope within the window flags the new incident. It shares the {@code incident-history} processing
 * group with the history view it reads, so it always sees every earlier declaration; it never
 * runs on replay, and flagging twice is a no-op, so a redelivered event changes nothing.
 */
@ProcessingGroup(RecurrencePolicy.PROCESSING_GROUP)
public class RecurrencePolicy {

    public static final String PROCESSING_GROUP = "incident-history";
    /** The ledger itself, as the actor of what this policy records. */
    public static final String ACTOR = "ledger:recurrence-policy";

    private final IncidentHistory history;
    private final CommandGateway commandGateway;
    private final Duration window;

    public RecurrencePolicy(IncidentHistory history, CommandGateway commandGateway, Duration window) {
        this.history = history;
        this.commandGateway = commandGateway;
        this.window = window;
    }

    @EventHandler
    @DisallowReplay
    void on(IncidentDeclared event) {
        List<IncidentId> earlier = history.detectedBetween(event.incidentClass(), event.scope(),
                        event.detectedAt().minus(window), event.detectedAt()).stream()
                .filter(id -> !id.equals(event.incidentId()))
                .toList();
        if (!earlier.isEmpty()) {
            commandGateway.sendAndWait(new FlagRecurrence(event.incidentId(), earlier, (int) window.toDays()),
                    MetaData.with(MetadataKeys.ACTOR, ACTOR));
        }
    }
}
