package org.binkindly.ledger.api.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.binkindly.ledger.core.incident.IncidentHistory;
import org.binkindly.ledger.core.incident.policy.RecurrencePolicy;
import org.binkindly.ledger.core.killswitch.policy.KillSwitchIncidentLink;
import org.binkindly.ledger.core.rebind.ManifestStore;
import org.binkindly.ledger.core.rebind.RebindHistory;
import org.binkindly.ledger.core.rebind.ResolutionProber;
import org.binkindly.ledger.core.rebind.policy.RebindIncidentLink;
import org.binkindly.ledger.core.rebind.policy.RebindProcess;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ledger's own policies: event handlers that send commands back, so every consequence is an
 * event of its own. Each is {@code @DisallowReplay}, so rebuilding views never re-runs them.
 */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

    /**
     * A policy whose command failed for a passing reason (the database restarting, a conflict that
     * outlived its retries) must not skip the event, which is Axon's default: the processor retries
     * it with back-off instead. Each policy is safe to run again: the rebind process decides from
     * the rebind's current phase, and the links' commands are no-ops when repeated.
     */
    @Autowired
    void retryFailedPolicyEvents(EventProcessingConfigurer processing) {
        for (String group : new String[]{RebindProcess.PROCESSING_GROUP, RebindIncidentLink.PROCESSING_GROUP,
                KillSwitchIncidentLink.PROCESSING_GROUP, RecurrencePolicy.PROCESSING_GROUP}) {
            processing.registerListenerInvocationErrorHandler(group, configuration -> PropagatingErrorHandler.instance());
        }
    }

    @Bean
    KillSwitchIncidentLink killSwitchIncidentLink(CommandGateway commandGateway, EventStore eventStore) {
        return new KillSwitchIncidentLink(commandGateway, eventStore);
    }

    @Bean
    RebindHistory rebindHistory(EventStore eventStore) {
        return new RebindHistory(eventStore);
    }

    @Bean
    RebindProcess rebindProcess(RebindHistory history, ManifestStore store, ResolutionProber prober,
                                CommandGateway commandGateway) {
        return new RebindProcess(history, store, prober, commandGateway);
    }

    @Bean
    RebindIncidentLink rebindIncidentLink(RebindHistory history, CommandGateway commandGateway) {
        return new RebindIncidentLink(history, commandGateway);
    }

    @Bean
    RecurrencePolicy recurrencePolicy(IncidentHistory history, CommandGateway commandGateway, LedgerProperties properties) {
        return new RecurrencePolicy(history, commandGateway, properties.recurrenceWindow());
    }
}
