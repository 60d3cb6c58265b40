package org.binkindly.ledger.core.alert;

/** Alertmanager's two alert states. */
public enum AlertStatus { FIRING, RESOLVED }
