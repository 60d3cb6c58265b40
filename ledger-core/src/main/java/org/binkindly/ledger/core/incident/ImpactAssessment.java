package org.binkindly.ledger.core.incident;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import org.binkindly.ledger.core.shared.Severity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the operator stated about each impact fact, and the severity those statements demand.
 * Serialised as the plain map of stated facts.
 */
public final class ImpactAssessment {

    private final Map<ImpactFact, ImpactFact.Value> stated;

    private ImpactAssessment(Map<ImpactFact, ImpactFact.Value> stated) {
        EnumMap<ImpactFact, ImpactFact.Value> copy = new EnumMap<>(ImpactFact.class);
        if (stated != null) {
            stated.forEach((fact, value) -> {
                if (fact != null && value != null && value != ImpactFact.Value.UNKNOWN) {
                    copy.put(fact, value);
                }
            });
        }
        this.stated = Collections.unmodifiableMap(copy);
    }

    @JsonCreator
    public static ImpactAssessment of(Map<ImpactFact, ImpactFact.Value> stated) {
        return new ImpactAssessment(stated);
    }

    public static ImpactAssessment nothingKnown() {
        return new ImpactAssessment(Map.of());
    }

    @JsonValue
    public Map<ImpactFact, ImpactFact.Value> stated() {
        return stated;
    }

    public ImpactFact.Value valueOf(ImpactFact fact) {
        return stated.getOrDefault(fact, ImpactFact.Value.UNKNOWN);
    }

    /** The severity the facts demand: the highest level any YES or UNKNOWN fact belongs to; SEV3 at least. */
    @JsonIgnore
    public Severity derivedSeverity() {
        Severity derived = Severity.SEV3;
        for (ImpactFact fact : ImpactFact.values()) {
            if (valueOf(fact) != ImpactFact.Value.NO) {
                derived = Severity.highest(derived, fact.demands());
            }
        }
        return derived;
    }

    /** The facts that put the severity where it is, so an operator can see why and what to clarify. */
    @JsonIgnore
    public List<String> reasons() {
        Severity derived = derivedSeverity();
        List<String> reasons = new ArrayList<>();
        for (ImpactFact fact : ImpactFact.values()) {
            ImpactFact.Value value = valueOf(fact);
            if (fact.demands() == derived && value != ImpactFact.Value.NO) {
                reasons.add(fact.name() + (value == ImpactFact.Value.YES ? " is stated" : " is not known, so counts as true"));
            }
        }
        return reasons;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImpactAssessment that && stated.equals(that.stated);
    }

    @Override
    public int hashCode() {
        return stated.hashCode();
    }

    @Override
    public String toString() {
        return stated.toString();
    }
}
