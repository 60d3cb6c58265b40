package org.binkindly.ledger.core.alert;

/** Every fact recorded about which incident the alerts of a class and scope belong to. */
public sealed interface AlertCorrelationEvent permits AlertIncidentOpened, FiringCorrelated, AlertIncidentFoundClosed,
        ManualIncidentAdopted {

    AlertCorrelationId correlationId();
}
