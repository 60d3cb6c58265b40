package org.binkindly.ledger.core.incident;

public enum VerificationOutcome { PASSED, FAILED }
