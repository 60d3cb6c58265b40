package org.binkindly.ledger.core.launch;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CreationPolicy;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.launch.command.ArchiveBuildChecksum;
import org.binkindly.ledger.core.launch.command.CompleteLaunch;
import org.binkindly.ledger.core.launch.command.RecordFirstPublishValidation;
import org.binkindly.ledger.core.launch.command.RecordLiveAppFetch;
import org.binkindly.ledger.core.launch.command.SignOffLaunch;
import org.binkindly.ledger.core.launch.command.VerifyProductionConfig;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Texts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The launch-day validation of one app build for one scope, and its completion. Evidence may come
 * in any order and be re-checked; sign-offs come after the evidence has passed, and the third one
 * validates the scope in production. Completion is refused while any no-go rule blocks.
 */
@AggregateRoot
class Launch {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_ENTRIES = 100;

    @AggregateIdentifier
    private LaunchId launchId;
    private LaunchState state;

    Launch() {
        // rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(VerifyProductionConfig command) {
        start(command.launchId());
        List<String> endpoints = bounded(command.apiEndpoints(), "API endpoints").stream()
                .map(endpoint -> Texts.required(endpoint, "API endpoint")).toList();
        Map<String, Boolean> authKeys = new LinkedHashMap<>();
        boundedMap(command.authKeysPresent(), "auth keys").forEach((name, present) ->
                authKeys.put(Texts.required(name, "auth key name"), Boolean.TRUE.equals(present)));
        Map<String, String> flags = new LinkedHashMap<>();
        boundedMap(command.environmentFlags(), "environment flags").forEach((name, value) ->
                flags.put(Texts.required(name, "environment flag name"), Texts.required(value, "value of flag " + name)));
        Map<KillSwitchKind, String> defaults = new EnumMap<>(KillSwitchKind.class);
        boundedMap(command.killSwitchDefaults(), "kill-switch defaults").forEach((kind, value) ->
                defaults.put(Objects.requireNonNull(kind, "kill-switch kind"), Texts.required(value, "default of " + kind)));
        List<String> problems = new ArrayList<>();
        if (endpoints.isEmpty()) {
            problems.add("no API endpoint listed");
        }
        if (authKeys.isEmpty()) {
            problems.add("no auth key listed");
        }
        authKeys.forEach((name, present) -> {
            if (!present) {
                problems.add("auth key " + name + " is not present");
            }
        });
        if (flags.isEmpty()) {
            problems.add("no environment flag listed");
        }
        for (KillSwitchKind kind : KillSwitchKind.values()) {
            if (!defaults.containsKey(kind)) {
                problems.add("no default stated for the " + kind + " kill switch");
            }
        }
        ProductionConfigVerified verified = new ProductionConfigVerified(launchId, endpoints, authKeys, flags, defaults,
                problems.isEmpty(), problems);
        if (!verified.equals(state.productionConfig())) {
            apply(verified);
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordFirstPublishValidation command) {
        start(command.launchId());
        String detail = Texts.optional(command.failure(), "failure");
        if (detail == null && (command.manifestId() == null || command.packSha256Actual() == null)) {
            detail = "no active manifest and pack were read back";
        }
        if (detail == null && !Objects.equals(command.packSha256Declared(), command.packSha256Actual())) {
            detail = "pack hashes to %s but the manifest declares %s".formatted(command.packSha256Actual(),
                    command.packSha256Declared());
        }
        FirstPublishValidated validated = new FirstPublishValidated(launchId, Texts.clipped(command.manifestId()),
                command.publishedAt(), command.manifestSha256(), command.packSha256Declared(), command.packSha256Actual(),
                detail == null, detail == null ? "manifest read back and pack checksum recomputed: they agree" : Texts.clipped(detail));
        if (!validated.equals(state.firstPublish())) {
            apply(validated);
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordLiveAppFetch command) {
        start(command.launchId());
        List<ResolutionProbe> probes = command.probes() == null ? List.of() : List.copyOf(command.probes());
        boolean passed = !probes.isEmpty() && probes.stream().allMatch(ResolutionProbe::passed);
        apply(new LiveAppFetchProbed(launchId, command.expectedManifestId(), probes, passed));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ArchiveBuildChecksum command) {
        start(command.launchId());
        String sha256 = Texts.required(command.sha256(), "build checksum").toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha256).matches()) {
            throw new LedgerRuleViolation(RuleCode.INVALID_CHECKSUM, "the build checksum must be a SHA-256: 64 hex digits");
        }
        BuildChecksumArchived archived = new BuildChecksumArchived(launchId, Texts.required(command.artifact(), "artifact"),
                sha256, Texts.optional(command.location(), "location"));
        if (!archived.equals(state.buildChecksum())) {
            apply(archived);
        }
    }

    /**
     * Creatable so that a sign-off before any evidence says what is missing rather than that the launch
     * is unknown; it is refused then, so nothing is recorded.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SignOffLaunch command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        start(command.launchId());
        SignOffArea area = Objects.requireNonNull(command.area(), "area");
        if (state.signOffs().containsKey(area)) {
            return;
        }
        List<LaunchEvidence> missing = state.evidenceMissing();
        if (!missing.isEmpty()) {
            throw new LedgerRuleViolation(RuleCode.LAUNCH_EVIDENCE_INCOMPLETE,
                    "%s cannot sign off %s before its evidence has passed".formatted(area, launchId),
                    missing.stream().map(evidence -> "EVIDENCE/" + evidence.name()).toList());
        }
        String signer = Texts.required(actor, "authenticated actor");
        // three sign-offs are three people: whoever signed one area signs no other
        state.signOffs().forEach((signedArea, signOff) -> {
            if (signOff.signer().equals(signer)) {
                throw new LedgerRuleViolation(RuleCode.SIGNER_ALREADY_SIGNED,
                        "%s already signed %s of %s; %s needs another person's sign-off".formatted(signer, signedArea, launchId, area));
            }
        });
        apply(new LaunchSignedOff(launchId, area, signer));
        if (state.signOffsMissing().isEmpty() && !state.isValidated()) {
            apply(new LaunchDayValidated(launchId));
        }
    }

    /**
     * The gate is consulted here, as of now: the verdict is never taken from the caller. Creatable so
     * that a completion before any evidence names the blocking rules; it is refused then, so nothing is recorded.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CompleteLaunch command, NoGoGate gate) {
        start(command.launchId());
        if (state.isCompleted()) {
            return;
        }
        List<NoGoFinding> findings = gate.evaluate(launchId.scope(), launchId.appBuild());
        List<String> blocking = new ArrayList<>(NoGoGate.blocking(findings).stream().map(NoGoRule::name).toList());
        if (!state.isValidated() && !blocking.contains(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION.name())) {
            blocking.add(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION.name());
        }
        if (!blocking.isEmpty()) {
            throw new LedgerRuleViolation(RuleCode.LAUNCH_BLOCKED,
                    "no launch of %s while a no-go rule blocks: %s".formatted(launchId, String.join(", ", blocking)), blocking);
        }
        apply(new LaunchCompleted(launchId, findings));
    }

    @EventSourcingHandler
    void on(LaunchEvent event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant recordedAt,
            @SequenceNumber Long sequenceNumber) {
        Provenance provenance = new Provenance(actor, recordedAt);
        long sequence = sequenceNumber == null ? 0 : sequenceNumber;
        if (event instanceof LaunchValidationStarted started) {
            launchId = started.launchId();
            state = LaunchState.startedBy(started, provenance, sequence);
        } else {
            state.apply(event, provenance, sequence);
        }
    }

    private void start(LaunchId id) {
        if (state == null) {
            apply(new LaunchValidationStarted(Objects.requireNonNull(id, "launchId")));
        }
    }

    private static <T> List<T> bounded(List<T> values, String what) {
        List<T> list = values == null ? List.of() : values;
        if (list.size() > MAX_ENTRIES) {
            throw new LedgerRuleViolation(RuleCode.TEXT_TOO_LONG, "at most %d %s".formatted(MAX_ENTRIES, what));
        }
        return list;
    }

    private static <K, V> Map<K, V> boundedMap(Map<K, V> values, String what) {
        Map<K, V> map = values == null ? Map.of() : values;
        if (map.size() > MAX_ENTRIES) {
            throw new LedgerRuleViolation(RuleCode.TEXT_TOO_LONG, "at most %d %s".formatted(MAX_ENTRIES, what));
        }
        return map;
    }
}
