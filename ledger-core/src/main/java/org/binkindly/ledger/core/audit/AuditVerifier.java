package org.binkindly.ledger.core.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The stand-alone auditor verifier: {@code java -jar ledger-core-<version>-auditor-verifier.jar
 * --stream export.ndjson --public-key key.pem [--public-key older.pem] [--checkpoints dir/] [--all-signatures]}.
 * It holds only this package and the JDK (no framework, no JSON library) and runs the same
 * {@link ExportVerification} as the ledger jar's {@code audit-verify}. Exit codes: 0 intact, 1
 * verification failed, 2 usage or not a complete export (filtered, or cut short in transit), 3 partial (no
 * {@code --checkpoints}).
 */
public final class AuditVerifier {

    public static final int INTACT = 0;
    public static final int FAILED = 1;
    public static final int USAGE_ERROR = 2;
    public static final int PARTIAL = 3;

    private AuditVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path stream = null;
        Path checkpointsDirectory = null;
        List<PublicKey> keys = new ArrayList<>();
        List<Checkpoint> separate = List.of();
        boolean allSignatures = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--all-signatures")) {
                    allSignatures = true;
                    continue;
                }
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : (i + 1 < args.length ? args[++i] : null);
                if (value == null) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                switch (name) {
                    case "--stream" -> stream = Path.of(value);
                    case "--public-key" -> keys.add(AuditKeys.fromPublicKeyPem(Files.readString(Path.of(value), StandardCharsets.UTF_8)));
                    case "--checkpoints" -> checkpointsDirectory = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (stream == null || keys.isEmpty()) {
                throw new IllegalArgumentException("usage: --stream <export.ndjson> --public-key <key.pem> [--public-key <older.pem>] "
                        + "[--checkpoints <directory>] [--all-signatures]");
            }
            if (checkpointsDirectory != null) {
                separate = ExportVerification.readCheckpoints(checkpointsDirectory);
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println("audit-verify: " + e.getMessage());
            return USAGE_ERROR;
        }
        ExportVerification.Outcome outcome;
        try {
            outcome = ExportVerification.verify(stream, keys, separate, allSignatures);
        } catch (ExportVerification.NotAnExport e) {
            err.println("audit-verify: " + e.getMessage());
            return USAGE_ERROR;
        } catch (IOException e) {
            err.println("audit-verify: cannot read " + stream + ": " + e.getMessage());
            return USAGE_ERROR;
        }
        ExportVerification.print(out, stream, keys, outcome, checkpointsDirectory != null);
        if (!outcome.report().intact()) {
            return FAILED;
        }
        return checkpointsDirectory != null ? INTACT : PARTIAL;
    }
}
