package org.binkindly.ledger.core.alert;

import org.binkindly.ledger.core.incident.ReceivedAlert;

/** An alert the matrix has no route for, kept whole with the reason. */
public record UnmappedAlert(ReceivedAlert alert, AlertStatus status, String reason) {
}
