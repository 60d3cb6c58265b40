package org.binkindly.ledger.projections.launch;

import org.binkindly.ledger.core.launch.BuildChecksumArchived;
import org.binkindly.ledger.core.launch.LaunchDayValidated;
import org.binkindly.ledger.core.launch.LaunchEvidence;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.LaunchSignedOff;
import org.binkindly.ledger.core.launch.LaunchValidationStarted;
import org.binkindly.ledger.core.launch.SignOffArea;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.support.EmbeddedDatabase;
import org.binkindly.ledger.projections.support.LedgerJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LaunchProjectorTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final LaunchId ID = new LaunchId(Scope.parse("locality/se-stockholm"), "2.4.0");
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private LaunchProjector projector;

    @BeforeEach
    void setUp() {
        projector = new LaunchProjector(database.jdbc(), LedgerJson.objectMapper());
    }

    @Test
    void theViewFoldsTheEventsOnceEachAndSaysWhatIsMissing() {
        projector.on(new LaunchValidationStarted(ID), "rita", T0, 0L);
        projector.on(new BuildChecksumArchived(ID, "app.ipa", "ab".repeat(32), null), "rita", T0, 1L);
        projector.on(new LaunchSignedOff(ID, SignOffArea.QA, "quinn"), "quinn", T0.plusSeconds(60), 2L);
        projector.on(new LaunchSignedOff(ID, SignOffArea.QA, "quinn"), "quinn", T0.plusSeconds(60), 2L);

        LaunchView view = projector.handle(new FindLaunch(ID)).orElseThrow();
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.evidenceMissing()).containsExactly(LaunchEvidence.PRODUCTION_CONFIG, LaunchEvidence.FIRST_PUBLISH,
                LaunchEvidence.LIVE_APP_FETCH);
        assertThat(view.signOffsMissing()).containsExactly(SignOffArea.PRODUCT, SignOffArea.ENGINEERING);
        assertThat(view.signOffs().get(SignOffArea.QA).signer()).isEqualTo("quinn");
        assertThat(view.validated()).isFalse();

        projector.on(new LaunchDayValidated(ID), "rita", T0.plusSeconds(120), 3L);
        assertThat(projector.handle(new FindLaunch(ID)).orElseThrow().validatedAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void anUnknownLaunchIsEmptyAndTheResetClearsTheView() {
        projector.on(new LaunchValidationStarted(ID), "rita", T0, 0L);
        projector.reset();
        assertThat(projector.handle(new FindLaunch(ID))).isEmpty();
    }
}
