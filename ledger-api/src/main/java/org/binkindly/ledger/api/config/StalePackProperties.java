package org.binkindly.ledger.api.config;

import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stale-pack watch ({@code ledger.stale-pack.*}).
 *
 * @param checkInterval     how often every supported scope's active manifest is read
 * @param defaultThresholds freshness threshold per scope kind, for scopes that declare none
 * @param scopes            the supported scopes to watch, each optionally with its own threshold
 */
@ConfigurationProperties(prefix = "ledger.stale-pack")
public record StalePackProperties(@DefaultValue("5m") Duration checkInterval, Map<ScopeKind, Duration> defaultThresholds,
                                  List<WatchedScope> scopes) {

    private static final Map<ScopeKind, Duration> RUNBOOK_DEFAULTS = Map.of(ScopeKind.LOCALITY, Duration.ofHours(36),
            ScopeKind.COUNTRY, Duration.ofHours(48), ScopeKind.BASELINE, Duration.ofDays(7), ScopeKind.PIPELINE, Duration.ofHours(24));

    public StalePackProperties {
        Map<ScopeKind, Duration> merged = new EnumMap<>(RUNBOOK_DEFAULTS);
        if (defaultThresholds != null) {
            merged.putAll(defaultThresholds);
        }
        defaultThresholds = Map.copyOf(merged);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public record WatchedScope(String scope, Duration threshold) {
    }

    /** Each supported scope with the threshold it is held to. */
    public Map<Scope, Duration> thresholds() {
        Map<Scope, Duration> thresholds = new LinkedHashMap<>();
        for (WatchedScope watched : scopes) {
            Scope scope = Scope.parse(watched.scope());
            thresholds.put(scope, watched.threshold() != null ? watched.threshold() : defaultThresholds.get(scope.kind()));
        }
        return thresholds;
    }
}
