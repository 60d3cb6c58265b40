package org.binkindly.ledger.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where the post-rollback probes go ({@code ledger.probes.*}), per environment. {@code {kind}} and
 * {@code {id}} are the scope's parts; {@code {self}} is this ledger's own base URL, which the
 * embedded default uses to probe its sample resolver.
 *
 * @param resolverUrl where a scope's manifest is resolved after a rollback (the resolver probe)
 * @param rulesUrl    where a scope's rules are served after a rollback (the rules API probe)
 * @param timeout     one probe's time limit
 */
@ConfigurationProperties(prefix = "ledger.probes")
public record ProbeProperties(@DefaultValue("{self}/sample/resolver/manifests/{kind}/{id}") String resolverUrl,
                              @DefaultValue("{self}/sample/rules/{kind}/{id}") String rulesUrl,
                              @DefaultValue("5s") Duration timeout) {
}
