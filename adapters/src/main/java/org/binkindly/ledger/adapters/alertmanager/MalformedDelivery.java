package org.binkindly.ledger.adapters.alertmanager;

/** The payload is not an Alertmanager webhook delivery the ledger can read; the message says what is wrong. */
public class MalformedDelivery extends RuntimeException {

    public MalformedDelivery(String message) {
        super(message, null, false, false);
    }
}
