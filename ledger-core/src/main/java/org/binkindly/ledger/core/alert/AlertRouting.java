package org.binkindly.ledger.core.alert;

/** Port: the alert matrix, mapping an alert (by its name and labels) to where it goes. Implemented by the Alertmanager adapter. */
public interface AlertRouting {

    AlertRoute route(IncomingAlert alert);
}
