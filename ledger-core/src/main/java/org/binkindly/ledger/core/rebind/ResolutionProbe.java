package org.binkindly.ledger.core.rebind;

/** One post-rollback probe of the resolver or the rules API for the scope: the probe log entry. */
public record ResolutionProbe(Target target, String url, int status, long latencyMillis, boolean passed, String detail) {

    public enum Target { RESOLVER, RULES_API }
}
