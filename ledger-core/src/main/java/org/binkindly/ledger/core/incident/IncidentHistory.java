package org.binkindly.ledger.core.incident;

import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.List;

/** Port: which incidents of a class were detected for a scope in a period. Implemented by a projection. */
public interface IncidentHistory {

    List<IncidentId> detectedBetween(IncidentClass incidentClass, Scope scope, Instant from, Instant to);
}
