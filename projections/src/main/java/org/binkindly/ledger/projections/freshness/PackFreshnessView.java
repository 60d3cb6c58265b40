package org.binkindly.ledger.projections.freshness;

import org.binkindly.ledger.core.shared.Scope;

import java.time.Duration;
import java.time.Instant;

/**
 * A watched scope: its threshold, the active manifest last read, its age now, and whether it is in a stale-pack breach.
 *
 * @param scope the watched scope, written kind/id
 * @param threshold how old the active pack may be before the scope is in a stale-pack breach, an ISO 8601 duration, e.g. PT24H
 * @param manifestId the active manifest last read
 * @param publishedAt when that manifest was published (UTC instant, ISO 8601)
 * @param ageSeconds the active pack's age now, in seconds; absent when no manifest could be read
 * @param stale true while the scope is in a stale-pack breach
 * @param staleSince when the current breach began (UTC instant, ISO 8601); absent when not stale
 * @param unreadableReason why the active manifest could not be read at the last check; absent when it could
 * @param watchedSince when the ledger began watching the scope (UTC instant, ISO 8601)
 * @param breaches how many stale-pack breaches the scope has had while watched
 */
public record PackFreshnessView(Scope scope, Duration threshold, String manifestId, Instant publishedAt, Long ageSeconds,
                                boolean stale, Instant staleSince, String unreadableReason, Instant watchedSince,
                                int breaches) {
}
