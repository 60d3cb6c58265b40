package org.binkindly.ledger.core.rebind.policy;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.binkindly.ledger.core.rebind.ActiveManifestRebound;
import org.binkindly.ledger.core.rebind.IntegrityConfirmed;
import org.binkindly.ledger.core.rebind.ManifestProbed;
import org.binkindly.ledger.core.rebind.ManifestStore;
import org.binkindly.ledger.core.rebind.RebindFailed;
import org.binkindly.ledger.core.rebind.RebindHistory;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindMode;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.rebind.ResolutionProber;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.rebind.WriteResult;
import org.binkindly.ledger.core.rebind.command.RecordActiveRestore;
import org.binkindly.ledger.core.rebind.command.RecordActiveWrite;
import org.binkindly.ledger.core.rebind.command.RecordIntegrityReadback;
import org.binkindly.ledger.core.rebind.command.RecordManifestProbe;
import org.binkindly.ledger.core.rebind.command.RecordResolutionProbes;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Drives an automatic rebind through the rollback checklist: each time a step is recorded, it
 * performs the next one against storage and the probes, and records the outcome as a command,
 * so success and failure alike become events. It decides from the rebind's current phase, so a
 * step is never performed twice for one phase; it never runs on replay; nothing is retried
 * silently: a failed step ends the rebind as failed.
 */
@ProcessingGroup(RebindProcess.PROCESSING_GROUP)
public class RebindProcess {

    public static final String PROCESSING_GROUP = "rebind-process";
    public static final String ACTOR = "ledger:rebind-process";

    private static final Logger log = LoggerFactory.getLogger(RebindProcess.class);

    private final RebindHistory history;
    private final ManifestStore store;
    private final ResolutionProber prober;
    private final CommandGateway commandGateway;

    public RebindProcess(RebindHistory history, ManifestStore store, ResolutionProber prober, CommandGateway commandGateway) {
        this.history = history;
        this.store = store;
        this.prober = prober;
        this.commandGateway = commandGateway;
    }

    @EventHandler
    @DisallowReplay
    void on(RebindStarted event) {
        advance(event.rebindId());
    }

    @EventHandler
    @DisallowReplay
    void on(ManifestProbed event) {
        advance(event.rebindId());
    }

    @EventHandler
    @DisallowReplay
    void on(ActiveManifestRebound event) {
        advance(event.rebindId());
    }

    @EventHandler
    @DisallowReplay
    void on(IntegrityConfirmed event) {
        advance(event.rebindId());
    }

    /** A rebind that wrote and then failed puts back what it replaced, as its own recorded step. */
    @EventHandler
    @DisallowReplay
    void on(RebindFailed event) {
        Optional<RebindState> current = history.current(event.rebindId());
        if (current.isEmpty() || current.get().mode() != RebindMode.AUTOMATIC || !current.get().needsActiveRestored()) {
            return;
        }
        restore(current.get());
    }

    private void advance(RebindId rebindId) {
        Optional<RebindState> current = history.current(rebindId);
        if (current.isEmpty() || current.get().mode() != RebindMode.AUTOMATIC || current.get().isFinished()) {
            return;
        }
        RebindState state = current.get();
        switch (state.phase()) {
            case STARTED -> probe(state);
            case PROBED -> write(state);
            case REBOUND -> readBack(state);
            case VERIFIED -> probeResolution(state);
            default -> {
                // COMPLETED and FAILED are final
            }
        }
    }

    private void probe(RebindState state) {
        Scope scope = state.scope();
        ManifestStore storage = storeFor(state);
        ManifestStore.Probe probe = storage.probe(scope);
        if (probe.failed()) {
            record(new RecordManifestProbe(state.rebindId(), null, null, Texts.clipped(probe.failure())));
            return;
        }
        Optional<StoredManifest> target = state.targetManifestId() == null
                ? probe.lastKnownGood()
                : storage.historical(scope, state.targetManifestId());
        if (target.isEmpty()) {
            record(new RecordManifestProbe(state.rebindId(), probe.active().orElse(null), null, null));
            return;
        }
        // Verify the target's pack bytes before anything is written; the aggregate compares them to the declared SHA-256.
        ManifestStore.PackCheck pack = storage.checkPack(scope, target.get());
        if (pack.failed()) {
            record(new RecordManifestProbe(state.rebindId(), null, null, Texts.clipped(pack.failure())));
            return;
        }
        record(new RecordManifestProbe(state.rebindId(), probe.active().orElse(null), target.get(), pack.packSha256Actual(), null));
    }

    private void restore(RebindState state) {
        if (state.activeBefore() == null) {
            record(new RecordActiveRestore(state.rebindId(), WriteResult.FAILED, null, null,
                    "there was no active manifest before this rebind's write, so there is none to put back"));
            return;
        }
        ManifestStore.WriteOutcome outcome = storeFor(state).restoreActive(state.scope(), state.activeBefore(), state.write().etag());
        if (outcome instanceof ManifestStore.WriteOutcome.Written written) {
            record(new RecordActiveRestore(state.rebindId(), WriteResult.WRITTEN, written.etag(), written.versionId(), null));
        } else if (outcome instanceof ManifestStore.WriteOutcome.Conflict conflict) {
            record(new RecordActiveRestore(state.rebindId(), WriteResult.CONFLICT, null, null, Texts.clipped(conflict.detail())));
        } else if (outcome instanceof ManifestStore.WriteOutcome.Failed failed) {
            record(new RecordActiveRestore(state.rebindId(), WriteResult.FAILED, null, null, Texts.clipped(failed.detail())));
        }
    }

    private void write(RebindState state) {
        String expectedEtag = state.activeBefore() == null ? null : state.activeBefore().etag();
        ManifestStore.WriteOutcome outcome = storeFor(state).rebindActive(state.scope(), state.target(), expectedEtag);
        if (outcome instanceof ManifestStore.WriteOutcome.Conflict conflict) {
            // Our own earlier write, whose outcome a crash kept us from recording, also looks like a
            // conflict: if the active manifest now is the target byte for byte, that write happened.
            Optional<StoredManifest> active = storeFor(state).probe(state.scope()).active();
            if (active.isPresent() && active.get().manifestSha256().equalsIgnoreCase(state.target().manifestSha256())) {
                record(new RecordActiveWrite(state.rebindId(), WriteResult.WRITTEN, active.get().etag(), null,
                        "confirmed by re-probe after an unrecorded write"));
            } else {
                record(new RecordActiveWrite(state.rebindId(), WriteResult.CONFLICT, null, null, Texts.clipped(conflict.detail())));
            }
        } else if (outcome instanceof ManifestStore.WriteOutcome.Written written) {
            record(new RecordActiveWrite(state.rebindId(), WriteResult.WRITTEN, written.etag(), written.versionId(), null));
        } else if (outcome instanceof ManifestStore.WriteOutcome.Failed failed) {
            record(new RecordActiveWrite(state.rebindId(), WriteResult.FAILED, null, null, Texts.clipped(failed.detail())));
        }
    }

    private void readBack(RebindState state) {
        ManifestStore.Readback readback = storeFor(state).readBack(state.scope());
        if (readback.failed()) {
            record(new RecordIntegrityReadback(state.rebindId(), null, null, null, 0, Texts.clipped(readback.failure())));
            return;
        }
        StoredManifest active = readback.active().orElse(null);
        record(new RecordIntegrityReadback(state.rebindId(), active == null ? null : active.manifestSha256(),
                active == null ? null : active.packSha256(), readback.packSha256Actual(), readback.packBytes(),
                active == null ? "no active manifest to read back" : null));
    }

    private void probeResolution(RebindState state) {
        // A rehearsal changed nothing users resolve: the probes must find the real active manifest still served.
        StoredManifest expected = state.rehearsal() ? state.activeBefore() : state.target();
        List<ResolutionProbe> probes = prober.probe(state.scope(), expected).stream()
                .map(probe -> new ResolutionProbe(probe.target(), Texts.clipped(probe.url()), probe.status(),
                        probe.latencyMillis(), probe.passed(), Texts.clipped(probe.detail())))
                .toList();
        if (probes.isEmpty()) {
            // Nothing to ask is not the same as everything answered: the rebind cannot be verified.
            probes = List.of(new ResolutionProbe(ResolutionProbe.Target.RESOLVER, "(none configured)", 0, 0, false,
                    "no resolver or rules API probe is configured (ledger.probes.*)"));
        }
        record(new RecordResolutionProbes(state.rebindId(), probes));
    }

    /** The real storage, or for a rehearsed drill its own copy of the active manifest (named after the rebind). */
    private ManifestStore storeFor(RebindState state) {
        return state.rehearsal() ? store.rehearsal(state.rebindId().value()) : store;
    }

    private void record(Object command) {
        try {
            commandGateway.sendAndWait(command, MetaData.with(MetadataKeys.ACTOR, ACTOR));
        } catch (LedgerRuleViolation refused) {
            // The rebind moved on meanwhile (another node recorded this step): nothing to retry.
            log.info("{} not recorded: {}", command.getClass().getSimpleName(), refused.getMessage());
        }
    }
}
