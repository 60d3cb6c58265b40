package org.binkindly.ledger.api.consistency;

/** The caller's If-Match names a version the aggregate has moved past; nothing was written. */
class PreconditionFailed extends RuntimeException {

    private final long currentVersion;

    PreconditionFailed(String aggregateId, long currentVersion) {
        super("%s is at version %d, not the one in If-Match: read it again and decide anew".formatted(aggregateId, currentVersion),
                null, false, false);
        this.currentVersion = currentVersion;
    }

    long currentVersion() {
        return currentVersion;
    }
}
