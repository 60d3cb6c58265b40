package org.binkindly.ledger.api.consistency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Idempotency-Key settings ({@code ledger.idempotency.*}).
 *
 * @param retention  how long an Idempotency-Key and its answer are kept
 * @param lease      how long a request holds its key before a retry may take it over (a node died mid-request)
 */
@ConfigurationProperties(prefix = "ledger.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration retention, @DefaultValue("30s") Duration lease) {
}
