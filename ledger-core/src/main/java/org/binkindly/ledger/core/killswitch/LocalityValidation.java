package org.binkindly.ledger.core.killswitch;

/** The targeted validation result for one representative locality. */
public record LocalityValidation(String locality, Outcome outcome, String note) {

    public enum Outcome { PASSED, FAILED }
}
