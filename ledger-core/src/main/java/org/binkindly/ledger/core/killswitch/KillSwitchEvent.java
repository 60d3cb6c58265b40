package org.binkindly.ledger.core.killswitch;

/** Every fact recorded about a kill-switch activation. */
public sealed interface KillSwitchEvent permits KillSwitchActivated, LaneChanged, SilentDegradeRuledOut,
        TargetedValidationRecorded, RuntimePolicyStateRecorded, CleanScheduledRunRecorded, RollbackConfidenceRecorded,
        KillSwitchReleased {

    KillSwitchId killSwitchId();
}
