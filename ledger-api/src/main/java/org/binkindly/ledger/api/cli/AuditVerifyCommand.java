package org.binkindly.ledger.api.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.core.audit.AuditKeys;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.audit.ExportVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code audit-verify}: verifies an NDJSON export offline with {@link ExportVerification}, the code
 * the stand-alone auditor verifier runs too, over the same {@code ChainVerifier} the ledger's HTTP
 * endpoint uses, reading the file a bounded batch of lines at a time. Optionally also checks the checkpoint
 * objects copied out of object storage; without them the verdict is at best PARTIAL.
 */
@Command(name = AuditVerifyCommand.NAME, mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verify an exported audit stream offline; needs no ledger and no token.",
            "Recomputes the hash chain of an export from GET /audit/stream and checks every sealed link, writer "
                + "signature and signed checkpoint. A writer signature whose event a verified checkpoint covers was checked "
                + "by the sealer before sealing, so its Ed25519 check is left out unless --all-signatures is given."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:INTACT: the chain, signatures and anchored checkpoints all hold.",
            "1:FAILED: the export was altered, reordered, or events were cut from it.",
            "2:usage error, an unreadable file, or a file that is not a complete export (no header line, a filtered export, "
                + "or a file cut short in transit: no end line, or its last line cut mid-way).",
            "3:PARTIAL: intact as far as it goes, but without --checkpoints events cut from the end cannot be ruled out."})
final class AuditVerifyCommand implements Callable<Integer> {

    static final String NAME = "audit-verify";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--stream", required = true, paramLabel = "<export.ndjson>", description = "The exported stream.")
    Path stream;

    @Option(names = "--public-key", required = true, paramLabel = "<key.pem>",
            description = "The ledger's audit public key (GET /audit/public-key); repeat it for keys rotated out.")
    List<Path> publicKeys;

    @Option(names = "--checkpoints", paramLabel = "<directory>",
            description = "The checkpoint objects from object storage (audit-checkpoints --out): rules out a cut-off end.")
    Path checkpoints;

    @Option(names = "--all-signatures",
            description = "Also check the writer signature of every event a verified checkpoint covers (about 1,000 events/s "
                + "per core instead of over 100,000).")
    boolean allSignatures;

    @Option(names = "--json", description = "Print the verification report as JSON instead of lines for people.")
    boolean json;

    private final PrintStream out;
    private final PrintStream err;

    AuditVerifyCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        List<PublicKey> keys = new ArrayList<>();
        List<Checkpoint> separate;
        try {
            for (Path keyFile : publicKeys) {
                keys.add(AuditKeys.fromPublicKeyPem(Files.readString(keyFile, StandardCharsets.UTF_8)));
            }
            separate = checkpoints == null ? List.of() : ExportVerification.readCheckpoints(checkpoints);
        } catch (IllegalArgumentException | IOException e) {
            err.println(NAME + ": " + describe(e));
            return ExitCodes.USAGE_ERROR;
        }
        ExportVerification.Outcome outcome;
        try {
            outcome = ExportVerification.verify(stream, keys, separate, allSignatures);
        } catch (ExportVerification.NotAnExport e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.USAGE_ERROR;
        } catch (IOException e) {
            err.println(NAME + ": cannot read " + stream + ": " + describe(e));
            return ExitCodes.USAGE_ERROR;
        }
        if (json) {
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(outcome.report()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            ExportVerification.print(out, stream, keys, outcome, checkpoints != null);
        }
        if (!outcome.report().intact()) {
            return ExitCodes.FAILED;
        }
        return checkpoints != null ? ExitCodes.OK : ExitCodes.PARTIAL;
    }

    /** A missing file's exception message is only its name: say what happened. */
    static String describe(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException missing ? "no such file: " + missing.getFile() : e.getMessage();
    }
}
