package org.binkindly.ledger.core.rebind;

import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.rebind.command.RecordActiveWrite;
import org.binkindly.ledger.core.rebind.command.RecordIntegrityReadback;
import org.binkindly.ledger.core.rebind.command.RecordManifestProbe;
import org.binkindly.ledger.core.rebind.command.RecordResolutionProbes;
import org.binkindly.ledger.core.rebind.command.StartRebind;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A rebind of {@code locality/se-stockholm} from a bad active manifest back to its last known good,
 * as the commands and events the tests are given: the bad publish is confirmed at {@link #CONFIRMED},
 * so the restore deadline is 08:15 and the integrity deadline 08:30.
 */
final class GivenRebind {

    static final RebindId ID = RebindId.of("rb-0123456789ab");
    static final Scope SCOPE = Scope.parse("locality/se-stockholm");
    static final Scope OTHER_SCOPE = Scope.parse("locality/se-uppsala");
    static final IncidentId INCIDENT = IncidentId.of("inc-0123456789ab");
    static final Instant CONFIRMED = Instant.parse("2025-03-01T08:00:00Z");
    static final Instant RESTORE_DEADLINE = CONFIRMED.plus(Duration.ofMinutes(15));
    static final Instant INTEGRITY_DEADLINE = CONFIRMED.plus(Duration.ofMinutes(30));
    static final String RESTORE_DEADLINE_NAME = "rebind-restore-objective";
    static final String INTEGRITY_DEADLINE_NAME = "rebind-integrity-objective";

    static final String LKG_MANIFEST_SHA = "1a".repeat(32);
    static final String LKG_PACK_SHA = "2b".repeat(32);
    static final String BAD_MANIFEST_SHA = "3c".repeat(32);
    static final String BAD_PACK_SHA = "4d".repeat(32);
    static final String TAMPERED_PACK_SHA = "5e".repeat(32);
    static final String LKG_PACK_KEY = "packs/locality/se-stockholm/pk-2025-02-27.json";
    static final String NEW_ETAG = "\"9f8e7d6c\"";
    static final String VERSION_ID = "v-000042";
    static final long PACK_BYTES = 48_213;

    /** The bad manifest that is active when the rebind starts. */
    static final StoredManifest ACTIVE = new StoredManifest("mf-2025-03-01-0745", SCOPE,
            "packs/locality/se-stockholm/pk-2025-03-01.json", BAD_PACK_SHA, Instant.parse("2025-03-01T07:45:00Z"),
            BAD_MANIFEST_SHA, "\"a1b2c3d4\"");
    /** The last known good manifest the rebind goes back to. */
    static final StoredManifest LKG = new StoredManifest("mf-2025-02-27-0600", SCOPE, LKG_PACK_KEY, LKG_PACK_SHA,
            Instant.parse("2025-02-27T06:00:00Z"), LKG_MANIFEST_SHA, "\"e5f6a7b8\"");

    static final ResolutionProbe RESOLVER_OK = new ResolutionProbe(ResolutionProbe.Target.RESOLVER,
            "https://resolver.example/v1/resolve?scope=locality/se-stockholm", 200, 84, true, null);
    static final ResolutionProbe RULES_OK = new ResolutionProbe(ResolutionProbe.Target.RULES_API,
            "https://rules.example/v1/rules/locality/se-stockholm", 200, 131, true, "serves mf-2025-02-27-0600");
    static final ResolutionProbe RULES_DOWN = new ResolutionProbe(ResolutionProbe.Target.RULES_API,
            "https://rules.example/v1/rules/locality/se-stockholm", 503, 2004, false, "upstream timeout");
    static final List<ResolutionProbe> PASSING_PROBES = List.of(RESOLVER_OK, RULES_OK);

    private GivenRebind() {
    }

    static StartRebind start() {
        return new StartRebind(ID, SCOPE, null, INCIDENT, false, RebindMode.AUTOMATIC, CONFIRMED);
    }

    static RecordManifestProbe probe() {
        return new RecordManifestProbe(ID, ACTIVE, LKG, LKG_PACK_SHA, null);
    }

    static RecordActiveWrite write() {
        return new RecordActiveWrite(ID, WriteResult.WRITTEN, NEW_ETAG, VERSION_ID, null);
    }

    static RecordIntegrityReadback readback() {
        return new RecordIntegrityReadback(ID, LKG_MANIFEST_SHA, LKG_PACK_SHA, LKG_PACK_SHA, PACK_BYTES, null);
    }

    static RecordResolutionProbes resolutionProbes() {
        return new RecordResolutionProbes(ID, PASSING_PROBES);
    }

    static RebindStarted started() {
        return new RebindStarted(ID, SCOPE, null, INCIDENT, false, RebindMode.AUTOMATIC, CONFIRMED, RESTORE_DEADLINE,
                INTEGRITY_DEADLINE);
    }

    static RebindStarted startedFor(String targetManifestId) {
        return new RebindStarted(ID, SCOPE, targetManifestId, INCIDENT, false, RebindMode.MANUAL, CONFIRMED,
                RESTORE_DEADLINE, INTEGRITY_DEADLINE);
    }

    static ManifestProbed probed() {
        return new ManifestProbed(ID, ACTIVE, LKG);
    }

    static ActiveManifestRebound rebound() {
        return new ActiveManifestRebound(ID, LKG.manifestId(), LKG_MANIFEST_SHA, NEW_ETAG, VERSION_ID);
    }

    static IntegrityConfirmed verified() {
        return new IntegrityConfirmed(ID, LKG_MANIFEST_SHA, LKG_PACK_SHA, PACK_BYTES);
    }

    static ResolutionProbed resolved() {
        return new ResolutionProbed(ID, PASSING_PROBES, true);
    }

    static RebindCompleted completed() {
        return new RebindCompleted(ID, CONFIRMED.plusSeconds(300), CONFIRMED.plusSeconds(600), 300, 600, true, true);
    }

    static RebindFailed failedAtReadback() {
        return new RebindFailed(ID, RebindStep.INTEGRITY_READBACK, "readback failed: pack object not found");
    }

    static RebindFailed failedAtProbe() {
        return new RebindFailed(ID, RebindStep.MANIFEST_PROBE, "storage could not be read: timeout");
    }

    /** Every step of the checklist done and verified. */
    static List<RebindEvent> completedRebind() {
        return List.of(started(), probed(), rebound(), verified(), resolved(), completed());
    }

    static List<RebindEvent> failedRebind() {
        return List.of(started(), failedAtProbe());
    }
}
