package org.binkindly.ledger.core.launch;

import java.util.List;

/**
 * One no-go rule evaluated for a scope from the ledger's own events: pass or block, the evidence found, and what is missing.
 *
 * @param rule the no-go rule judged
 * @param passed true when the log holds what the rule asks for
 * @param evidence what the ledger found for the rule, one line each
 * @param missing what the rule still needs, one line each
 */
public record NoGoFinding(NoGoRule rule, boolean passed, List<String> evidence, List<String> missing) {

    public NoGoFinding {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }
}
