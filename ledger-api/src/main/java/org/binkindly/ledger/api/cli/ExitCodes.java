package org.binkindly.ledger.api.cli;

/** The jar's exit codes, the same for every command (docs/operations.md, "The command line"). */
public final class ExitCodes {

    public static final int OK = 0;
    /** The command ran and the answer is no: the ledger refused, verification failed, a token is unknown. */
    public static final int FAILED = 1;
    /** The command line is wrong, or an input it names cannot be read or reached. */
    public static final int USAGE_ERROR = 2;
    /** Verified as far as it could be, with something left unproven (audit-verify without --checkpoints). */
    public static final int PARTIAL = 3;

    private ExitCodes() {
    }
}
