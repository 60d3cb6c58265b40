package org.binkindly.ledger.core.freshness;

/** Every fact recorded about the freshness of a scope's active pack. */
public sealed interface PackFreshnessEvent permits FreshnessWatchStarted, FreshnessThresholdChanged, ActivePackObserved,
        ActiveManifestUnreadable, PackWentStale, PackFreshAgain {

    PackFreshnessId freshnessId();
}
