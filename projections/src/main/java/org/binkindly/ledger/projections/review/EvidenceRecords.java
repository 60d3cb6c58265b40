package org.binkindly.ledger.projections.review;

import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.support.ReadYourWrites;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's evidence records, pre-filled from the ledger's views of the log: the rollback
 * drill, the AI kill-switch activation, the bad-pack kill switch with its manifest rebind, and
 * launch-day production validation, one class each. Each item says what the log holds and where
 * (who, when, the event's position in the audit stream), or that it is missing.
 */
public class EvidenceRecords {

    /** The runbook's four records, by the names of its evidence folders. */
    public enum Kind {
        ROLLBACK_DRILL("rollback-drill", "Rollback drill", "ops:rollback-record"),
        AI_KILL_SWITCH_ACTIVATION("ai-kill-switch-activation", "AI kill-switch activation", "ops:ai-kill-switch-record"),
        BAD_PACK_KILL_SWITCH_MANIFEST_REBIND("bad-pack-kill-switch-manifest-rebind", "Bad-pack kill switch and manifest rebind",
                "ops:bad-pack-rebind-record"),
        LAUNCH_DAY_PRODUCTION_VALIDATION("launch-day-production-validation", "Launch-day production validation",
                "ops:launch-day-record");

        private final String path;
        private final String title;
        private final String runbookCommand;

        Kind(String path, String title, String runbookCommand) {
            this.path = path;
            this.title = title;
            this.runbookCommand = runbookCommand;
        }

        public String path() {
            return path;
        }

        public String title() {
            return title;
        }

        public String runbookCommand() {
            return runbookCommand;
        }

        public static Optional<Kind> byPath(String path) {
            for (Kind kind : values()) {
                if (kind.path.equals(path)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * How a record is selected: the runbook command's own options; {@code appBuild} is required for the
     * launch-day record. {@code killSwitchId}, {@code rebindId} and {@code incidentId} pick what the record
     * describes (null: the scope's latest); a picked id that is not of this scope is refused as not found.
     */
    public record Selection(Scope scope, List<String> validationLocalities, String appBuild, String killSwitchId,
                            String rebindId, String incidentId) {

        public Selection(Scope scope, List<String> validationLocalities, String appBuild) {
            this(scope, validationLocalities, appBuild, null, null, null);
        }
    }

    private final RollbackDrillRecord rollbackDrill;
    private final AiKillSwitchRecord aiKillSwitch;
    private final BadPackRebindRecord badPackRebind;
    private final LaunchDayRecord launchDay;

    public EvidenceRecords(QueryGateway queries, ReadYourWrites freshness, EventLog eventLog, Clock clock) {
        EvidenceSources sources = new EvidenceSources(queries, freshness, eventLog, clock);
        this.rollbackDrill = new RollbackDrillRecord(sources);
        this.aiKillSwitch = new AiKillSwitchRecord(sources);
        this.badPackRebind = new BadPackRebindRecord(sources);
        this.launchDay = new LaunchDayRecord(sources);
    }

    public EvidenceRecord render(Kind kind, Selection selection) {
        return switch (kind) {
            case ROLLBACK_DRILL -> rollbackDrill.render(selection);
            case AI_KILL_SWITCH_ACTIVATION -> aiKillSwitch.render(selection);
            case BAD_PACK_KILL_SWITCH_MANIFEST_REBIND -> badPackRebind.render(selection);
            case LAUNCH_DAY_PRODUCTION_VALIDATION -> launchDay.render(selection);
        };
    }
}
