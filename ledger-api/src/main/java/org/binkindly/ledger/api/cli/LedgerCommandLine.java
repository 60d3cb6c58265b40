package org.binkindly.ledger.api.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Commands the ledger's jar runs without starting the application: {@code java -jar
 * ledger-api.jar <command> [options]}. No Spring context, no database, no network unless the
 * command itself calls the ledger over HTTP ({@code restore} alone opens the database it restores into).
 */
public final class LedgerCommandLine {

    /** A command: parsed options in, exit code out. */
    interface Command {
        int run(Options options, PrintStream out, PrintStream err);
    }

    private static final Map<String, Supplier<Command>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put(AuditVerifyCommand.NAME, AuditVerifyCommand::new);
        COMMANDS.put(AuditCheckpointsCommand.NAME, AuditCheckpointsCommand::new);
        COMMANDS.put(BackupCommand.NAME, BackupCommand::new);
        COMMANDS.put(RestoreCommand.NAME, RestoreCommand::new);
        for (String command : List.of("rollback-record", "ai-kill-switch-record", "bad-pack-rebind-record", "launch-day-record")) {
            COMMANDS.put(command, () -> new EvidenceRecordCommand(command));
        }
    }

    private LedgerCommandLine() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && (COMMANDS.containsKey(args[0]) || args[0].equals("help"));
    }

    /** Runs the command named by {@code args[0]}; answers the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || !COMMANDS.containsKey(args[0])) {
            usage(out);
            return args.length > 0 && args[0].equals("help") ? 0 : Options.USAGE_ERROR;
        }
        Options options;
        try {
            options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            err.println(args[0] + ": " + e.getMessage());
            return Options.USAGE_ERROR;
        }
        return COMMANDS.get(args[0]).get().run(options, out, err);
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: java -jar ledger-api.jar <command> [options]
                  (no command: start the ledger)

                  audit-verify --stream <export.ndjson> --public-key <key.pem> [--public-key <older.pem>]
                               [--checkpoints <directory>] [--json]
                      Verify an exported audit stream offline: recompute the hash chain and check every
                      sealed link, writer signature and signed checkpoint. Exit 0: intact; 1: verification
                      failed; 2: usage; 3: PARTIAL (intact as far as it goes, but without --checkpoints
                      events cut from the end cannot be ruled out).

                  audit-checkpoints --out <directory> [--ledger-url=<url>] [--token-file=<file> | --token=<token>]
                      Save the checkpoints anchored in object storage (GET /audit/checkpoints/anchored,
                      role AUDITOR), each object as stored, for audit-verify --checkpoints.
                      Exit 0: all saved; 1: the ledger refused or storage was not read in full; 2: usage.

                  backup --to <new directory> [--ledger-url=<url>] [--token-file=<file> | --token=<token>]
                      Back up a running ledger (embedded or external database alike), role AUDITOR: the
                      complete audit export (events as stored, seals, signed checkpoints), the checkpoints
                      anchored in object storage and the public key; verified before it reports success.
                      Exit 0: written and INTACT; 1: the ledger refused or the chain does not verify; 2: usage.

                  restore --from <backup directory> (--signing-key-file <key.pem> | --public-key <key.pem>)
                          (--data-dir <new data directory>
                           | --jdbc-url <url> --db-user <owner role> --db-password-file <file>)
                      Restore a backup into a database no ledger has run on, with the ledger stopped. The
                      chain must verify INTACT against the anchored checkpoints with your key; views are
                      rebuilt from the events at the next start, policies do not act on them again.
                      Exit 0: restored; 1: refused (chain, non-empty database), nothing kept; 2: usage.

                  rollback-record         --scope=<kind> --scope-id=<id>
                  ai-kill-switch-record   --scope=<kind> --scope-id=<id> [--validation-localities=<a,b,...>]
                  bad-pack-rebind-record  --scope=<kind> --scope-id=<id>
                  launch-day-record       --scope=<kind> --scope-id=<id> --app-build=<build-id>
                        [--format=markdown|json] [--output=<file>]
                        [--ledger-url=<url>, or LEDGER_URL; default http://localhost:8080]
                        [--token-file=<file> | --token=<token>, or LEDGER_TOKEN]
                      The runbook's evidence record for a scope, pre-filled from a running ledger's log,
                      listing what is missing. Exit 0: written; 1: the ledger refused; 2: usage or unreachable.
                """);
    }
}
