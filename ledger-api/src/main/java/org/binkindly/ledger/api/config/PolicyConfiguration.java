package org.binkindly.ledger.api.config;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.binkindly.ledger.core.incident.policy.RecurrencePolicy;
import org.binkindly.ledger.core.killswitch.policy.KillSwitchIncidentLink;
import org.binkindly.ledger.core.rebind.ManifestStore;
import org.binkindly.ledger.core.rebind.RebindHistory;
import org.binkindly.ledger.core.rebind.ResolutionProber;
import org.binkindly.ledger.core.rebind.policy.RebindIncidentLink;
import org.binkindly.ledger.core.rebind.policy.RebindProcess;
import org.binkindly.ledger.projections.incident.IncidentHistoryProjector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

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
    RebindHistory rebindHistory(EventStore eventStore) {
        return new RebindHistory(eventStore);
    }

    /**
     * The policies, registered with Axon rather than as beans (see {@link AxonMessageHandlers}); what
     * they use from Spring is looked up when Axon builds them, as some of it is built on Axon's own
     * gateway and store. The recurrence policy's history view runs in the policy's processing group.
     */
    @Bean
    ConfigurerModule policies(ObjectProvider<RebindHistory> rebindHistory, ObjectProvider<ManifestStore> store,
                              ObjectProvider<ResolutionProber> prober, JdbcTemplate jdbc, LedgerProperties properties) {
        IncidentHistoryProjector incidentHistory = new IncidentHistoryProjector(jdbc);
        return AxonMessageHandlers.register(
                configuration -> new KillSwitchIncidentLink(configuration.commandGateway(), configuration.eventStore()),
                configuration -> new RebindProcess(rebindHistory.getObject(), store.getObject(), prober.getObject(),
                        configuration.commandGateway()),
                configuration -> new RebindIncidentLink(rebindHistory.getObject(), configuration.commandGateway()),
                configuration -> incidentHistory,
                configuration -> new RecurrencePolicy(incidentHistory, configuration.commandGateway(),
                        properties.recurrenceWindow()));
    }
}
