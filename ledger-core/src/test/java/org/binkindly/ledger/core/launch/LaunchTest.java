package org.binkindly.ledger.core.launch;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.launch.command.ArchiveBuildChecksum;
import org.binkindly.ledger.core.launch.command.CompleteLaunch;
import org.binkindly.ledger.core.launch.command.RecordFirstPublishValidation;
import org.binkindly.ledger.core.launch.command.SignOffLaunch;
import org.binkindly.ledger.core.launch.command.VerifyProductionConfig;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.binkindly.ledger.core.shared.RuleViolations.violation;

class LaunchTest {

    private static final LaunchId ID = new LaunchId(Scope.parse("locality/se-stockholm"), "2.4.0+311");
    private static final Map<String, String> RITA = Map.of(MetadataKeys.ACTOR, "rita");
    private static final String SHA = "ab".repeat(32);
    private static final Instant PUBLISHED = Instant.parse("2026-11-27T06:00:00Z");

    private static final ProductionConfigVerified CONFIG_PASSED = new ProductionConfigVerified(ID,
            List.of("https://api.binkindly.example/v1"), Map.of("RESOLVER_API_KEY", true), Map.of("ENV", "production"),
            Map.of(KillSwitchKind.AI_LANE, "armed, lane enabled", KillSwitchKind.BAD_PACK, "armed"), true, List.of());
    private static final FirstPublishValidated PUBLISH_PASSED = new FirstPublishValidated(ID, "m-1", PUBLISHED, SHA, SHA, SHA,
            true, "manifest read back and pack checksum recomputed: they agree");
    private static final ResolutionProbe RESOLVER_OK = new ResolutionProbe(ResolutionProbe.Target.RESOLVER,
            "https://resolver/locality/se-stockholm", 200, 40, true, "serves manifest m-1");
    private static final LiveAppFetchProbed FETCH_PASSED = new LiveAppFetchProbed(ID, "m-1", List.of(RESOLVER_OK), true);
    private static final BuildChecksumArchived CHECKSUM = new BuildChecksumArchived(ID, "binkindly-ios-2.4.0+311.ipa", SHA, null);

    private AggregateTestFixture<Launch> fixture;

    private static final Instant NOW = NoGoRulesTest.T0.plusSeconds(60);

    private final List<NoGoFact> gateFacts = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Launch.class);
        fixture.registerInjectableResource(new NoGoGate(scope -> scope.equals(ID.scope()) ? List.copyOf(gateFacts) : List.of(),
                NoGoRulesTest.RECENCY, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    /** Every fact the gate needs for this launch's scope and build. */
    private static List<NoGoFact> allClear() {
        return NoGoRulesTest.allClear(NoGoRulesTest.T0).stream()
                .map(fact -> fact.kind() == NoGoFact.Kind.LAUNCH_VALIDATED
                        ? new NoGoFact(fact.kind(), ID.appBuild(), fact.detail(), fact.seenAt()) : fact)
                .toList();
    }

    private static List<NoGoFinding> allPass() {
        return NoGoRules.evaluate(ID.scope(), ID.appBuild(), allClear(), NOW, NoGoRulesTest.RECENCY);
    }

    private static Object[] evidenced(Object... more) {
        List<Object> events = new ArrayList<>(List.of(new LaunchValidationStarted(ID), CONFIG_PASSED, PUBLISH_PASSED,
                FETCH_PASSED, CHECKSUM));
        events.addAll(Arrays.asList(more));
        return events.toArray();
    }

    @Test
    void theFirstEvidenceStartsTheValidationAndAConfigWithoutSecretValuesPasses() {
        fixture.givenNoPriorActivity()
                .when(new VerifyProductionConfig(ID, CONFIG_PASSED.apiEndpoints(), CONFIG_PASSED.authKeysPresent(),
                        CONFIG_PASSED.environmentFlags(), CONFIG_PASSED.killSwitchDefaults()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LaunchValidationStarted(ID), CONFIG_PASSED);
    }

    @Test
    void aMissingAuthKeyOrKillSwitchDefaultFailsTheConfigCheckWithTheReason() {
        fixture.given(new LaunchValidationStarted(ID))
                .when(new VerifyProductionConfig(ID, List.of("https://api"), Map.of("RESOLVER_API_KEY", false),
                        Map.of("ENV", "production"), Map.of(KillSwitchKind.AI_LANE, "armed")))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductionConfigVerified(ID, List.of("https://api"), Map.of("RESOLVER_API_KEY", false),
                        Map.of("ENV", "production"), Map.of(KillSwitchKind.AI_LANE, "armed"), false,
                        List.of("auth key RESOLVER_API_KEY is not present", "no default stated for the BAD_PACK kill switch")));
    }

    @Test
    void aPackWhoseChecksumDisagreesFailsTheFirstPublish() {
        String other = "cd".repeat(32);
        fixture.given(new LaunchValidationStarted(ID))
                .when(new RecordFirstPublishValidation(ID, "m-1", PUBLISHED, SHA, SHA, other, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new FirstPublishValidated(ID, "m-1", PUBLISHED, SHA, SHA, other, false,
                        "pack hashes to " + other + " but the manifest declares " + SHA));
    }

    @Test
    void aBuildChecksumMustBeASha256() {
        fixture.given(new LaunchValidationStarted(ID))
                .when(new ArchiveBuildChecksum(ID, "app.ipa", "not-a-hash", null))
                .expectException(violation(RuleCode.INVALID_CHECKSUM));
    }

    @Test
    void signingOffBeforeTheEvidencePassedIsRefusedWithWhatIsMissing() {
        fixture.given(new LaunchValidationStarted(ID), CONFIG_PASSED, CHECKSUM)
                .when(new SignOffLaunch(ID, SignOffArea.QA), RITA)
                .expectException(violation(RuleCode.LAUNCH_EVIDENCE_INCOMPLETE,
                        List.of("EVIDENCE/FIRST_PUBLISH", "EVIDENCE/LIVE_APP_FETCH")));
    }

    @Test
    void beforeAnyEvidenceASignOffOrACompletionSaysWhatBlocksAndRecordsNothing() {
        fixture.givenNoPriorActivity()
                .when(new SignOffLaunch(ID, SignOffArea.QA), RITA)
                .expectNoEvents()
                .expectException(violation(RuleCode.LAUNCH_EVIDENCE_INCOMPLETE, List.of("EVIDENCE/PRODUCTION_CONFIG",
                        "EVIDENCE/FIRST_PUBLISH", "EVIDENCE/LIVE_APP_FETCH", "EVIDENCE/BUILD_CHECKSUM")));
    }

    @Test
    void beforeAnyEvidenceACompletionNamesTheBlockingRulesAndRecordsNothing() {
        gateFacts.addAll(allClear());
        fixture.givenNoPriorActivity()
                .when(new CompleteLaunch(ID))
                .expectNoEvents()
                .expectException(violation(RuleCode.LAUNCH_BLOCKED, List.of("SCOPE_VALIDATED_IN_PRODUCTION")));
    }

    @Test
    void theThirdSignOffValidatesTheScopeInProduction() {
        fixture.given(evidenced(new LaunchSignedOff(ID, SignOffArea.PRODUCT, "pia"), new LaunchSignedOff(ID, SignOffArea.QA, "quinn")))
                .when(new SignOffLaunch(ID, SignOffArea.ENGINEERING), RITA)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LaunchSignedOff(ID, SignOffArea.ENGINEERING, "rita"), new LaunchDayValidated(ID));
    }

    @Test
    void onePersonSignsAtMostOneArea() {
        fixture.given(evidenced(new LaunchSignedOff(ID, SignOffArea.PRODUCT, "rita")))
                .when(new SignOffLaunch(ID, SignOffArea.QA), RITA)
                .expectException(violation(RuleCode.SIGNER_ALREADY_SIGNED));
    }

    @Test
    void signingOffAnAreaAlreadySignedChangesNothing() {
        fixture.given(evidenced(new LaunchSignedOff(ID, SignOffArea.PRODUCT, "pia")))
                .when(new SignOffLaunch(ID, SignOffArea.PRODUCT), RITA)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void completionIsRefusedWhileARuleBlocksAndListsTheBlockingRules() {
        gateFacts.addAll(NoGoRulesTest.without(NoGoRulesTest.without(allClear(), NoGoFact.Kind.ROLLBACK_DRILL, null),
                NoGoFact.Kind.LAUNCH_VALIDATED, ID.appBuild()));
        fixture.given(evidenced(new LaunchDayValidated(ID)))
                .when(new CompleteLaunch(ID))
                .expectException(violation(RuleCode.LAUNCH_BLOCKED,
                        List.of("ROLLBACK_OBJECTIVE_PROVEN", "SCOPE_VALIDATED_IN_PRODUCTION")));
    }

    @Test
    void completionOfAnUnvalidatedBuildIsRefusedWhateverTheGateSays() {
        gateFacts.addAll(allClear());
        fixture.given(evidenced())
                .when(new CompleteLaunch(ID))
                .expectException(violation(RuleCode.LAUNCH_BLOCKED, List.of("SCOPE_VALIDATED_IN_PRODUCTION")));
    }

    @Test
    void aValidatedBuildWithNothingBlockingCompletesOnceOnTheGatesOwnFindings() {
        gateFacts.addAll(allClear());
        fixture.given(evidenced(new LaunchDayValidated(ID)))
                .when(new CompleteLaunch(ID))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LaunchCompleted(ID, allPass()));
        fixture.given(evidenced(new LaunchDayValidated(ID), new LaunchCompleted(ID, allPass())))
                .when(new CompleteLaunch(ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aDrillThatAgedOutOfTheRecencyBlocksCompletion() {
        gateFacts.addAll(NoGoRulesTest.without(allClear(), NoGoFact.Kind.ROLLBACK_DRILL, null));
        gateFacts.add(new NoGoFact(NoGoFact.Kind.ROLLBACK_DRILL, null, "drill rebind rb-old",
                NOW.minus(NoGoRulesTest.RECENCY).minusSeconds(1)));
        fixture.given(evidenced(new LaunchDayValidated(ID)))
                .when(new CompleteLaunch(ID))
                .expectException(violation(RuleCode.LAUNCH_BLOCKED, List.of("ROLLBACK_OBJECTIVE_PROVEN")));
    }

    @Test
    void anAppBuildWithSpacesIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LaunchId(Scope.parse("locality/x"), "2.4 beta"))
                .isInstanceOfSatisfying(org.binkindly.ledger.core.shared.LedgerRuleViolation.class,
                        violation -> org.assertj.core.api.Assertions.assertThat(violation.code()).isEqualTo(RuleCode.INVALID_APP_BUILD));
        org.assertj.core.api.Assertions.assertThat(LaunchId.parse(ID.toString())).isEqualTo(ID);
    }
}
