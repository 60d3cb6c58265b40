package org.binkindly.ledger.core.launch;

import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Reads a gate evaluation: the rules that block, in the runbook's order. An evaluation that skips a rule is no evaluation. */
public final class NoGoGate {

    private NoGoGate() {
    }

    public static List<String> blocking(List<NoGoFinding> findings, RuleCode refusal) {
        if (findings == null) {
            throw new LedgerRuleViolation(refusal, "the no-go gate was not evaluated", List.of("NO_GO/NOT_EVALUATED"));
        }
        Set<NoGoRule> evaluated = EnumSet.noneOf(NoGoRule.class);
        Set<NoGoRule> blocked = EnumSet.noneOf(NoGoRule.class);
        for (NoGoFinding finding : findings) {
            evaluated.add(finding.rule());
            if (!finding.passed()) {
                blocked.add(finding.rule());
            }
        }
        for (NoGoRule rule : NoGoRule.values()) {
            if (!evaluated.contains(rule)) {
                blocked.add(rule);
            }
        }
        List<String> names = new ArrayList<>();
        blocked.forEach(rule -> names.add(rule.name()));
        return names;
    }
}
