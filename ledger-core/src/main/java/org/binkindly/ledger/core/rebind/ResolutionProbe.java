package org.binkindly.ledger.core.rebind;

/**
 * One post-rollback probe of the resolver or the rules API for the scope: the probe log entry.
 *
 * @param target which service was probed: RESOLVER or RULES_API
 * @param url the URL that was requested
 * @param status the HTTP status it answered, 0 when no answer came
 * @param latencyMillis how long the answer took, in milliseconds
 * @param passed whether the answer showed the expected manifest being served
 * @param detail what was seen, e.g. the manifest id served or the error
 */
public record ResolutionProbe(Target target, String url, int status, long latencyMillis, boolean passed, String detail) {

    public enum Target { RESOLVER, RULES_API }
}
