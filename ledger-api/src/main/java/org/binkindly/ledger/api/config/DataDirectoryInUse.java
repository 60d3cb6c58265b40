package org.binkindly.ledger.api.config;

import java.nio.file.Path;

/** The embedded PostgreSQL of this data directory belongs to another ledger that is still running. */
final class DataDirectoryInUse extends IllegalStateException {

    private final transient Path dataDirectory;
    private final long postmasterPid;

    DataDirectoryInUse(Path dataDirectory, long postmasterPid) {
        super("the embedded PostgreSQL in " + dataDirectory + " belongs to a ledger that is still running (process "
                + postmasterPid + "); stop that ledger, or give this one another ledger.data-dir");
        this.dataDirectory = dataDirectory;
        this.postmasterPid = postmasterPid;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    long postmasterPid() {
        return postmasterPid;
    }
}
