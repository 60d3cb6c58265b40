package org.binkindly.ledger.core.freshness;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CreationPolicy;
import org.binkindly.ledger.core.freshness.command.CheckPackFreshness;
import org.binkindly.ledger.core.shared.Texts;

import java.time.Instant;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The freshness of one scope's active pack, as the watch sees it. Only changes are events: the
 * watch starting, a new publish seen, the manifest becoming unreadable, the breach and the
 * recovery, so checking every few minutes does not swamp the log.
 */
@AggregateRoot
class PackFreshness {

    @AggregateIdentifier
    private PackFreshnessId freshnessId;
    private long thresholdSeconds;
    private String manifestId;
    private Instant publishedAt;
    private boolean unreadable;
    private Instant staleSince;

    PackFreshness() {
        // rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CheckPackFreshness command) {
        Instant checkedAt = Objects.requireNonNull(command.checkedAt(), "checkedAt");
        if (command.thresholdSeconds() <= 0) {
            throw new IllegalArgumentException("a freshness threshold must be positive");
        }
        if (freshnessId == null) {
            apply(new FreshnessWatchStarted(command.freshnessId(), command.thresholdSeconds()));
        } else if (thresholdSeconds != command.thresholdSeconds()) {
            apply(new FreshnessThresholdChanged(freshnessId, thresholdSeconds, command.thresholdSeconds()));
        }
        if (command.failure() != null || command.publishedAt() == null) {
            if (!unreadable) {
                apply(new ActiveManifestUnreadable(freshnessId, Texts.clipped(command.failure() == null
                        ? "no active manifest" : command.failure())));
            }
        } else if (unreadable || !command.publishedAt().equals(publishedAt) || !Objects.equals(command.manifestId(), manifestId)) {
            apply(new ActivePackObserved(freshnessId, Texts.clipped(command.manifestId()), command.publishedAt()));
        }
        if (publishedAt == null) {
            return; // never read a publish: nothing to judge yet, and the unreadable manifest is on record
        }
        Instant staleAt = publishedAt.plusSeconds(thresholdSeconds);
        boolean stale = !checkedAt.isBefore(staleAt);
        if (stale && staleSince == null) {
            apply(new PackWentStale(freshnessId, manifestId, publishedAt, thresholdSeconds, staleAt, checkedAt));
        } else if (!stale && staleSince != null) {
            apply(new PackFreshAgain(freshnessId, manifestId, publishedAt, staleSince, checkedAt));
        }
    }

    @EventSourcingHandler
    void on(FreshnessWatchStarted event) {
        freshnessId = event.freshnessId();
        thresholdSeconds = event.thresholdSeconds();
    }

    @EventSourcingHandler
    void on(FreshnessThresholdChanged event) {
        thresholdSeconds = event.toSeconds();
    }

    @EventSourcingHandler
    void on(ActivePackObserved event) {
        manifestId = event.manifestId();
        publishedAt = event.publishedAt();
        unreadable = false;
    }

    @EventSourcingHandler
    void on(ActiveManifestUnreadable event) {
        unreadable = true;
    }

    @EventSourcingHandler
    void on(PackWentStale event) {
        staleSince = event.staleSince();
    }

    @EventSourcingHandler
    void on(PackFreshAgain event) {
        staleSince = null;
    }
}
