package org.binkindly.ledger.core.killswitch;

/**
 * The targeted validation result for one representative locality.
 *
 * @param locality the locality's id, e.g. se-stockholm
 * @param outcome PASSED or FAILED
 * @param note what was validated or what failed
 */
public record LocalityValidation(String locality, Outcome outcome, String note) {

    public enum Outcome { PASSED, FAILED }
}
