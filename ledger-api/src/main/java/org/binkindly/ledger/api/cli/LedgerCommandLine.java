package org.binkindly.ledger.api.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Commands the ledger's jar runs without starting the application: {@code java -jar
 * ledger-api.jar <command> [options]}. No Spring context, no database, no network unless the
 * command itself calls the ledger over HTTP.
 */
public final class LedgerCommandLine {

    /** A command: parsed options in, exit code out. */
    interface Command {
        int run(Options options, PrintStream out, PrintStream err);
    }

    private static final Map<String, Supplier<Command>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put(AuditVerifyCommand.NAME, AuditVerifyCommand::new);
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
                      sealed link and signed checkpoint. Exit 0: intact; 1: verification failed; 2: usage.
                """);
    }
}
