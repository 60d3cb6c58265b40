package org.binkindly.ledger.api.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The scheduled view check ({@code ledger.audit.view-check.*}, documented in docs/operations.md).
 *
 * @param interval how often every view is rebuilt into scratch tables and compared with the live one
 *                 (a db-scheduler task: one node runs each check)
 */
@ConfigurationProperties(prefix = "ledger.audit.view-check")
public record ViewCheckProperties(@DefaultValue("1h") Duration interval) {

    public ViewCheckProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("ledger.audit.view-check.interval must be positive");
        }
    }
}
