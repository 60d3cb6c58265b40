package org.binkindly.ledger.api.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A second ledger started on a running one's data directory: said in Spring Boot's "APPLICATION
 * FAILED TO START" block, with what to do, instead of at the end of a long chain of bean errors.
 */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryInUse> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUse cause) {
        return new FailureAnalysis(
                "The embedded PostgreSQL in " + cause.dataDirectory() + " is in use by another ledger that is still running "
                        + "(its PostgreSQL is process " + cause.postmasterPid() + "). Two ledgers never share one data directory, "
                        + "so this one did not start and the running one was left alone.",
                "Stop the running ledger first, or give this one another data directory (ledger.data-dir).",
                cause);
    }
}
