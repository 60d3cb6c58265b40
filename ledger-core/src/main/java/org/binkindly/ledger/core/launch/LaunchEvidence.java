package org.binkindly.ledger.core.launch;

/** The runbook's launch-day evidence, each of which must pass before anyone signs off. */
public enum LaunchEvidence {
    PRODUCTION_CONFIG("production config verified: API endpoints, auth keys present, environment flags, kill-switch defaults"),
    FIRST_PUBLISH("first publish job completed and validated"),
    LIVE_APP_FETCH("live app fetch resolves manifest and pack"),
    BUILD_CHECKSUM("final release build checksum archived");

    private final String runbookWording;

    LaunchEvidence(String runbookWording) {
        this.runbookWording = runbookWording;
    }

    public String runbookWording() {
        return runbookWording;
    }
}
