package org.binkindly.ledger.core.killswitch;

import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.binkindly.ledger.core.killswitch.LocalityValidation.Outcome.FAILED;
import static org.binkindly.ledger.core.killswitch.LocalityValidation.Outcome.PASSED;

/**
 * The history of a kill switch in a known condition, as the events a fixture is given, so that a
 * test only has to state what it adds: {@code GivenKillSwitch.aiLane().then(CLEAN_RUN)}.
 */
final class GivenKillSwitch {

    static final KillSwitchId ID = KillSwitchId.of("ks-0123456789ab");
    static final Scope SCOPE = Scope.parse("locality/se-stockholm");
    static final IncidentId INCIDENT = IncidentId.of("inc-0123456789ab");
    static final Instant ACTIVATED_AT = Instant.parse("2025-03-01T08:00:00Z");
    static final String REASON = "malformed AI output spikes in the sorter lane";

    static final KillSwitchActivated AI_LANE_ACTIVATED = new KillSwitchActivated(ID, KillSwitchKind.AI_LANE, SCOPE,
            REASON, INCIDENT, false, ACTIVATED_AT);
    static final KillSwitchActivated BAD_PACK_ACTIVATED = new KillSwitchActivated(ID, KillSwitchKind.BAD_PACK, SCOPE,
            "active pack serves last week's collection days", INCIDENT, false, ACTIVATED_AT);

    static final LaneChanged LANE_DISABLED = new LaneChanged(ID, LaneChange.DISABLED,
            "AI sorter lane off for locality/se-stockholm");
    static final LaneChanged LANE_NARROWED = new LaneChanged(ID, LaneChange.NARROWED,
            "AI sorter lane limited to bulky-waste questions");
    static final SilentDegradeRuledOut NO_SILENT_DEGRADE = new SilentDegradeRuledOut(ID,
            "fallback answers carry the fail-closed marker; no unsupported degrade");
    static final LocalityValidation STOCKHOLM_PASSED = new LocalityValidation("se-stockholm", PASSED, null);
    static final LocalityValidation UPPSALA_PASSED = new LocalityValidation("se-uppsala", PASSED, "12 addresses checked");
    static final LocalityValidation UPPSALA_FAILED = new LocalityValidation("se-uppsala", FAILED, "glass bin missing");
    static final TargetedValidationRecorded VALIDATION_PASSED = new TargetedValidationRecorded(ID,
            List.of(STOCKHOLM_PASSED, UPPSALA_PASSED));
    static final TargetedValidationRecorded VALIDATION_FAILED = new TargetedValidationRecorded(ID,
            List.of(STOCKHOLM_PASSED, UPPSALA_FAILED));
    static final RuntimePolicyStateRecorded POLICY_STATE = new RuntimePolicyStateRecorded(ID, "deterministic",
            "elevated", List.of("E_AI_TIMEOUT", "E_AI_MALFORMED"), java.util.Map.of("country/se", 3, "country/no", 0));
    static final CleanScheduledRunRecorded CLEAN_RUN = new CleanScheduledRunRecorded(ID, "sched-2025-03-02-0600",
            ACTIVATED_AT.plusSeconds(22 * 3600), "all scheduled publishes passed readback");
    static final RollbackConfidenceRecorded ROLLBACK_CONFIDENCE = new RollbackConfidenceRecorded(ID,
            "rebind drill restored last known good in 6 minutes", "rebind-7f3a");
    /** What the rebind views say about the rebind {@link #ROLLBACK_CONFIDENCE} names: completed, integrity verified, same scope. */
    static final ReferencedRebind VERIFIED_REBIND = new ReferencedRebind("rebind-7f3a", SCOPE, "COMPLETED", true);
    static final KillSwitchReleased RELEASED = new KillSwitchReleased(ID, "clean scheduled run and rollback drill on record");

    private final List<KillSwitchEvent> events;

    private GivenKillSwitch(List<KillSwitchEvent> events) {
        this.events = List.copyOf(events);
    }

    static GivenKillSwitch aiLane() {
        return new GivenKillSwitch(List.of(AI_LANE_ACTIVATED));
    }

    static GivenKillSwitch badPack() {
        return new GivenKillSwitch(List.of(BAD_PACK_ACTIVATED));
    }

    /** Active, with both release conditions recorded. */
    static GivenKillSwitch releasable() {
        return aiLane().then(LANE_DISABLED, NO_SILENT_DEGRADE, VALIDATION_PASSED, CLEAN_RUN, ROLLBACK_CONFIDENCE);
    }

    static GivenKillSwitch released() {
        return releasable().then(RELEASED);
    }

    GivenKillSwitch then(KillSwitchEvent... more) {
        List<KillSwitchEvent> all = new ArrayList<>(events);
        all.addAll(Arrays.asList(more));
        return new GivenKillSwitch(all);
    }

    List<KillSwitchEvent> events() {
        return events;
    }
}
