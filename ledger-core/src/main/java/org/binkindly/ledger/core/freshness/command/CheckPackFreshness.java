package org.binkindly.ledger.core.freshness.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.freshness.PackFreshnessId;

import java.time.Instant;

/**
 * Record one check of a scope's active manifest against its freshness threshold: what storage
 * answered ({@code manifestId} and {@code publishedAt}, or {@code failure}) at {@code checkedAt}.
 */
public record CheckPackFreshness(@TargetAggregateIdentifier PackFreshnessId freshnessId, long thresholdSeconds,
                                 Instant checkedAt, String manifestId, Instant publishedAt, String failure) {
}
