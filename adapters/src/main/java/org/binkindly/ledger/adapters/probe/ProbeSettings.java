package org.binkindly.ledger.adapters.probe;

import java.time.Duration;

/**
 * Where the resolver and the rules API answer for a scope, per environment. {@code {kind}} and
 * {@code {id}} in a template are replaced by the scope's parts; a blank template skips that probe.
 *
 * @param resolverUrlTemplate e.g. {@code https://resolver.example/v1/manifests/{kind}/{id}}
 * @param rulesUrlTemplate    e.g. {@code https://rules.example/v1/rules/{kind}/{id}}
 * @param timeout             how long one probe may take before it counts as failed
 */
public record ProbeSettings(String resolverUrlTemplate, String rulesUrlTemplate, Duration timeout) {
}
