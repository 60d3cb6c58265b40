package org.binkindly.ledger.adapters.alertmanager;

/**
 * The payload is not an Alertmanager webhook delivery the ledger can read; the message says what is
 * wrong, and {@link #notJson()} whether the body is not even JSON.
 */
public class MalformedDelivery extends RuntimeException {

    private final boolean notJson;

    public MalformedDelivery(String message) {
        this(message, false);
    }

    MalformedDelivery(String message, boolean notJson) {
        super(message, null, false, false);
        this.notJson = notJson;
    }

    public boolean notJson() {
        return notJson;
    }
}
