package org.binkindly.ledger.api.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.core.audit.AuditKeys;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.audit.ExportVerification;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code audit-verify}: verifies an NDJSON export offline with {@link ExportVerification}, the code
 * the stand-alone auditor verifier runs too, over the same {@code ChainVerifier} the ledger's HTTP
 * endpoint uses, reading the file one line at a time. Optionally also checks the checkpoint
 * objects copied out of object storage; without them the verdict is at best PARTIAL.
 */
final class AuditVerifyCommand implements LedgerCommandLine.Command {

    static final String NAME = "audit-verify";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        Path stream;
        List<PublicKey> keys = new ArrayList<>();
        List<Checkpoint> separate;
        try {
            stream = Path.of(options.required("stream"));
            List<String> keyFiles = options.all("public-key");
            if (keyFiles.isEmpty()) {
                throw new IllegalArgumentException("--public-key is required (the ledger's audit-public-key.pem)");
            }
            for (String keyFile : keyFiles) {
                keys.add(AuditKeys.fromPublicKeyPem(Files.readString(Path.of(keyFile), StandardCharsets.UTF_8)));
            }
            separate = options.optional("checkpoints") == null ? List.of()
                    : ExportVerification.readCheckpoints(Path.of(options.optional("checkpoints")));
        } catch (IllegalArgumentException | IOException e) {
            err.println(NAME + ": " + e.getMessage());
            return Options.USAGE_ERROR;
        }
        ExportVerification.Outcome outcome;
        try {
            outcome = ExportVerification.verify(stream, keys, separate);
        } catch (ExportVerification.NotAnExport e) {
            err.println(NAME + ": " + e.getMessage());
            return Options.USAGE_ERROR;
        } catch (IOException e) {
            err.println(NAME + ": cannot read " + stream + ": " + e.getMessage());
            return Options.USAGE_ERROR;
        }
        if (options.flag("json")) {
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(outcome.report()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            ExportVerification.print(out, stream, keys, outcome, anchorsGiven(options));
        }
        if (!outcome.report().intact()) {
            return Options.FAILED;
        }
        return anchorsGiven(options) ? Options.OK : Options.PARTIAL;
    }

    private static boolean anchorsGiven(Options options) {
        return options.optional("checkpoints") != null;
    }
}
