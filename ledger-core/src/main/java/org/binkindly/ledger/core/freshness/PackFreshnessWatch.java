package org.binkindly.ledger.core.freshness;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.binkindly.ledger.core.freshness.command.CheckPackFreshness;
import org.binkindly.ledger.core.rebind.ManifestStore;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The stale-pack watch: reads each supported scope's active manifest from object storage and
 * records the check. The breach and the recovery become events of the scope's
 * {@link PackFreshness}; {@link StalePackAlerts} turns them into alerts on the intake path.
 */
public class PackFreshnessWatch {

    public static final String ACTOR = "ledger:stale-pack-watch";
    private static final Logger log = LoggerFactory.getLogger(PackFreshnessWatch.class);

    private final ManifestStore store;
    private final CommandGateway commands;
    private final Supplier<Map<Scope, Duration>> thresholds;
    private final Supplier<Instant> clock;

    public PackFreshnessWatch(ManifestStore store, CommandGateway commands, Supplier<Map<Scope, Duration>> thresholds,
                              Supplier<Instant> clock) {
        this.store = store;
        this.commands = commands;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    /**
     * What one check read for a scope.
     *
     * @param scope the scope checked, written kind/id
     * @param thresholdSeconds how old its pack may be before it is stale, in seconds
     * @param manifestId the active manifest read
     * @param publishedAt when it was published (UTC instant, ISO 8601)
     * @param failure why the active manifest could not be read; absent when it could
     * @param checkedAt when the check ran (UTC instant, ISO 8601)
     * @param stale true when the pack was older than the threshold
     */
    public record Check(Scope scope, long thresholdSeconds, String manifestId, Instant publishedAt, String failure,
                        Instant checkedAt, boolean stale) {

        static Check of(Scope scope, long thresholdSeconds, String manifestId, Instant publishedAt, String failure,
                        Instant checkedAt) {
            return new Check(scope, thresholdSeconds, manifestId, publishedAt, failure, checkedAt,
                    publishedAt != null && !checkedAt.isBefore(publishedAt.plusSeconds(thresholdSeconds)));
        }
    }

    public List<Check> checkAll() {
        List<Check> checks = new ArrayList<>();
        thresholds.get().forEach((scope, threshold) -> {
            try {
                checks.add(check(scope, threshold));
            } catch (RuntimeException e) {
                // one scope's trouble must not stop the others from being watched
                log.warn("stale-pack check of {} failed: {}", scope, e.toString());
            }
        });
        return checks;
    }

    private Check check(Scope scope, Duration threshold) {
        ManifestStore.Probe probe = store.probe(scope);
        Instant checkedAt = clock.get();
        Optional<StoredManifest> active = probe.active();
        String failure = active.isPresent() ? null
                : probe.failed() ? Texts.clipped(probe.failure()) : "scope %s has no active manifest".formatted(scope);
        Check check = Check.of(scope, threshold.toSeconds(), active.map(StoredManifest::manifestId).orElse(null),
                active.map(StoredManifest::publishedAt).orElse(null), failure, checkedAt);
        CheckPackFreshness command = new CheckPackFreshness(new PackFreshnessId(scope), check.thresholdSeconds(), checkedAt,
                check.manifestId(), check.publishedAt(), failure);
        // two nodes checking one scope at once: the loser is retried by the command gateway, the one retry layer
        commands.sendAndWait(command, MetaData.with(MetadataKeys.ACTOR, ACTOR));
        return check;
    }
}
