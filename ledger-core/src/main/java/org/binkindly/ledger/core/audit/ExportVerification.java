package org.binkindly.ledger.core.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Offline verification of an NDJSON export (docs/audit.md, "The export" and "Verifying"): reads
 * the file a bounded batch of lines at a time (read and parsed on other threads while the batches before are checked)
 * into the {@link ChainVerifier} in order, checks the header and end lines, and
 * prints the verdict. Both the ledger jar's {@code audit-verify} and the stand-alone auditor
 * verifier ({@link AuditVerifier}) run this, so they cannot disagree; it needs only the JDK.
 */
public final class ExportVerification {

    public static final String FORMAT = "binkindly-ledger/audit-stream/1";

    /**
     * What the file said about itself, beside the verdict; how many writer signatures were checked here, and how many
     * were covered by a verified checkpoint instead (the sealer checked them before sealing).
     */
    public record Outcome(VerificationReport report, String exportedAt, int separateCheckpoints, long signaturesChecked,
                          long signaturesCoveredByCheckpoints) {
    }

    /** The file is not a complete export: nothing in it can be verified. */
    public static final class NotAnExport extends Exception {
        public NotAnExport(String message) {
            super(message);
        }
    }

    private ExportVerification() {
    }

    public static Outcome verify(Path stream, List<PublicKey> keys, List<Checkpoint> separate) throws IOException, NotAnExport {
        return verify(stream, keys, separate, false);
    }

    /** @param everyWriterSignature check every event's writer signature, also where a verified checkpoint covers it */
    public static Outcome verify(Path stream, List<PublicKey> keys, List<Checkpoint> separate, boolean everyWriterSignature)
            throws IOException, NotAnExport {
        return verify(stream, keys, separate, everyWriterSignature, record -> {
        });
    }

    /**
     * Verifies as {@link #verify(Path, List, List)} and hands each record to {@code verified} once
     * the chain accepted it, in stream order: a restore writes exactly the records it verified, in
     * one pass, and keeps them only if the outcome is intact.
     */
    public static Outcome verify(Path stream, List<PublicKey> keys, List<Checkpoint> separate, Consumer<AuditRecord> verified)
            throws IOException, NotAnExport {
        return verify(stream, keys, separate, false, verified);
    }

    private static Outcome verify(Path stream, List<PublicKey> keys, List<Checkpoint> separate, boolean everyWriterSignature,
                                  Consumer<AuditRecord> verified) throws IOException, NotAnExport {
        ChainVerifier verifier = new ChainVerifier(keys, everyWriterSignature);
        ChainVerifier.Verification verification = verifier.begin(separate);
        String exportedAt;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(stream), StandardCharsets.UTF_8),
                1 << 16); PreparedLines lines = new PreparedLines(reader, verifier)) {
            Map<String, Object> header = parse(reader.readLine());
            if (header == null || !"header".equals(header.get("kind")) || !FORMAT.equals(header.get("format"))) {
                throw new NotAnExport("%s does not start with a %s header line".formatted(stream, FORMAT));
            }
            if (!Boolean.TRUE.equals(header.get("complete"))) {
                throw new NotAnExport(("%s is a filtered or partial export (filters %s, after %s): only a complete export "
                        + "(GET /audit/stream with no parameters) can be verified").formatted(stream, header.get("filters"),
                        header.get("after")));
            }
            exportedAt = header.get("exportedAt") instanceof String text ? text : null;
            long events = 0;
            long lastPosition = 0;
            long lineNumber = 1;
            Map<String, Object> end = null;
            boolean failed = false;
            Prepared next = lines.next();
            while (next != null) {
                Prepared line = next;
                next = lines.next();
                lineNumber++;
                if (end != null) {
                    verification.reject(lastPosition, "line %d follows the end line".formatted(lineNumber));
                    failed = true;
                    break;
                }
                Map<String, Object> node = line.node();
                if (node == null && next == null) {
                    // a last line cut off mid-way: the file broke off in transit, which says nothing about the log
                    throw new NotAnExport(("%s is cut off: its last line (line %d) is incomplete, after position %d. "
                            + "It is not a complete export; export it again").formatted(stream, lineNumber, lastPosition));
                }
                if (node == null) {
                    verification.reject(lastPosition + 1, "line %d is not JSON".formatted(lineNumber));
                    failed = true;
                    break;
                }
                if ("end".equals(node.get("kind"))) {
                    end = node;
                    continue;
                }
                AuditRecord record;
                try {
                    record = line.record();
                } catch (MalformedLine e) {
                    long position = node.get("position") instanceof BigDecimal number ? number.longValue() : lastPosition + 1;
                    verification.reject(position, "line %d: %s".formatted(lineNumber, e.getMessage()));
                    failed = true;
                    break;
                }
                if (record == null) {
                    verification.reject(lastPosition + 1, "line %d is a second header".formatted(lineNumber));
                    failed = true;
                    break;
                }
                if (record instanceof AuditRecord.Event) {
                    events++;
                    lastPosition = record.position();
                }
                if (!verification.accept(record, line.authenticity())) {
                    failed = true;
                    break;
                }
                verified.accept(record);
            }
            if (end == null && !failed) {
                throw new NotAnExport(("%s has no end line: it was cut short after position %d. It is not a complete export; "
                        + "export it again").formatted(stream, lastPosition));
            }
            if (end != null && (!(end.get("events") instanceof BigDecimal counted) || counted.longValue() != events)) {
                verification.reject(lastPosition, "the end line counts %s events; the export holds %d"
                        .formatted(end.get("events"), events));
            }
        }
        VerificationReport report = verification.finish();
        return new Outcome(report, exportedAt, separate.size(), verification.signaturesChecked(),
                verification.signaturesCoveredByCheckpoints());
    }

    /**
     * One line of the export as read ahead: parsed, made a record (or found malformed), and for an event its writer
     * signature checked. Everything here depends on the line alone, so lines are prepared on every core at once;
     * the chain, the order and the verdict are still decided one line after the other in {@link #verify}.
     */
    private record Prepared(Map<String, Object> node, AuditRecord parsed, MalformedLine malformed,
                            EventAuthentication.Claim authenticity) {

        AuditRecord record() throws MalformedLine {
            if (malformed != null) {
                throw malformed;
            }
            return parsed;
        }
    }

    /**
     * The export's lines, read and prepared ahead of the caller, who checks them in order: a reader thread decodes the
     * file into batches of {@value #BATCH} lines, each batch is prepared (parsed, made a record, its writer signature
     * read) on one of the preparing threads, and the caller takes the batches in file order. Reading, preparing and the
     * chain's one-after-the-other checks so run at once. A few small batches are held ahead of the one being checked,
     * so memory stays bounded whatever the export: held longer, a line's objects outlived the young generation and a
     * 256 MB heap spent more time collecting than verifying (batches of 1,024 lines, four ahead: 13-14 s for a million
     * events against 6.6-6.8 s with these figures).
     */
    private static final class PreparedLines implements AutoCloseable {
        private static final int BATCH = 256;
        /** Stands for the end of the file in {@link #batches}. */
        private static final Future<List<Prepared>> END = CompletableFuture.completedFuture(List.of());
        private final BufferedReader reader;
        private final ChainVerifier verifier;
        /**
         * One per core beside the caller's (one on two cores); one per core when every writer signature is checked
         * while preparing, as those checks then cost far more than the caller's.
         */
        private final int preparingThreads;
        /** Batches read ahead, at most: enough to keep every preparing thread busy. */
        private final BlockingQueue<Future<List<Prepared>>> batches;
        private final ArrayDeque<Prepared> ready = new ArrayDeque<>();
        private ExecutorService preparing;
        private Thread reading;
        private boolean ended;

        PreparedLines(BufferedReader reader, ChainVerifier verifier) {
            this.reader = reader;
            this.verifier = verifier;
            int cores = Runtime.getRuntime().availableProcessors();
            this.preparingThreads = verifier.checksEveryWriterSignature() ? cores : Math.max(1, cores - 1);
            this.batches = new ArrayBlockingQueue<>(Math.max(2, preparingThreads));
        }

        /** The next line, prepared; null after the last. */
        Prepared next() throws IOException {
            if (reading == null) {
                start();
            }
            while (ready.isEmpty() && !ended) {
                List<Prepared> batch = take();
                if (batch.isEmpty()) {
                    ended = true;
                }
                ready.addAll(batch);
            }
            return ready.poll();
        }

        /** Starts reading after the lines the caller has read itself (the header). */
        private void start() {
            AtomicInteger named = new AtomicInteger();
            preparing = Executors.newFixedThreadPool(preparingThreads, task -> daemon(task, "export-verification-prepare-" + named.incrementAndGet()));
            reading = daemon(this::read, "export-verification-read");
            reading.start();
        }

        private static Thread daemon(Runnable task, String name) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        }

        /** The reader thread: hands each batch of lines to a preparing thread, in order; a read failure ends the batches. */
        private void read() {
            try {
                while (true) {
                    List<String> lines = new ArrayList<>(BATCH);
                    for (String line = reader.readLine(); line != null; line = lines.size() < BATCH ? reader.readLine() : null) {
                        lines.add(line);
                    }
                    if (!lines.isEmpty()) {
                        batches.put(preparing.submit(() -> lines.stream().map(this::prepare).toList()));
                    }
                    if (lines.size() < BATCH) {
                        batches.put(END);
                        return;
                    }
                }
            } catch (InterruptedException closed) {
                Thread.currentThread().interrupt(); // the caller stopped reading: nobody waits for more
            } catch (IOException | RuntimeException | Error failed) {
                try {
                    batches.put(CompletableFuture.failedFuture(failed)); // the caller waits for a batch: it gets the failure
                } catch (InterruptedException closed) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private List<Prepared> take() throws IOException {
            try {
                return batches.take().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the export");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** Stops reading ahead (the caller may stop at the first failure) before the file is closed. */
        @Override
        public void close() throws IOException {
            if (reading == null) {
                return;
            }
            reading.interrupt();
            preparing.shutdownNow();
            try {
                reading.join();
                preparing.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while stopping the export's reader");
            }
        }

        private Prepared prepare(String line) {
            Map<String, Object> node = parse(line);
            if (node == null) {
                return new Prepared(null, null, null, null);
            }
            try {
                AuditRecord record = "end".equals(node.get("kind")) ? null : record(node);
                EventAuthentication.Claim authenticity = record instanceof AuditRecord.Event event
                        ? verifier.authenticity(event.event()) : null;
                return new Prepared(node, record, null, authenticity);
            } catch (MalformedLine malformed) {
                return new Prepared(node, null, malformed, null);
            }
        }
    }

    /** Checkpoint objects as copied out of object storage ({@code audit/checkpoints/*.json}). */
    public static List<Checkpoint> readCheckpoints(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--checkpoints must name a directory of checkpoint .json files: " + directory);
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                try {
                    checkpoints.add(checkpoint(Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " is not a checkpoint: " + e.getMessage());
                }
            }
        }
        return checkpoints;
    }

    /** A checkpoint object's body (docs/audit.md, "Checkpoints"). */
    public static Checkpoint checkpoint(String body) {
        Map<String, Object> node = JsonLine.object(body);
        if (!Checkpoint.TAG.equals(node.get("format"))) {
            throw new IllegalArgumentException("format is not " + Checkpoint.TAG);
        }
        return new Checkpoint(number(node, "position"), number(node, "count"), text(node, "head"), text(node, "sealedAt"),
                text(node, "keyId"), text(node, "signature"));
    }

    /** The verdict for people; {@code anchorsGiven} says whether truncation after the last event could be checked. */
    public static void print(PrintStream out, Path stream, List<PublicKey> keys, Outcome outcome, boolean anchorsGiven) {
        VerificationReport report = outcome.report();
        out.println("export:       " + stream + (outcome.exportedAt() == null ? "" : " (exported " + outcome.exportedAt() + ")"));
        out.println("keys:         " + String.join(", ", keys.stream().map(AuditKeys::keyId).toList()));
        out.println("events:       %d read, %d sealed, %d not yet sealed%s".formatted(report.events(), report.sealedEvents(),
                report.unsealedEvents(), report.lastPosition() == null ? "" : ", last position " + report.lastPosition()));
        out.println("checkpoints:  %d verified%s%s".formatted(report.checkpoints(),
                report.signedThrough() == null ? "" : ", signed through position " + report.signedThrough(),
                outcome.separateCheckpoints() == 0 ? "" : " (" + outcome.separateCheckpoints() + " from object storage)"));
        out.println("chain head:   " + report.head());
        out.println("authenticity: %d events signed by the ledger's writer key%s".formatted(report.authenticatedEvents(),
                report.unauthenticatedEvents() == 0 ? ""
                        : ", %d earlier ones written before writer authentication".formatted(report.unauthenticatedEvents())));
        out.println("signatures:   %d checked here, %d covered by a verified checkpoint (checked by the sealer before sealing)"
                .formatted(outcome.signaturesChecked(), outcome.signaturesCoveredByCheckpoints()));
        if (report.intact() && !anchorsGiven) {
            out.println("result:       PARTIAL");
            out.println("not proven:   that no events were cut from the end: the export's own checkpoints cannot show it. "
                    + "Fetch the anchored checkpoints (audit-checkpoints) and give them with --checkpoints");
        } else if (report.intact()) {
            out.println("result:       INTACT");
            if (report.signedThrough() == null && report.events() > 0) {
                out.println("note:         no signed checkpoint covers these events; the links only show the export is self-consistent");
            }
        } else {
            VerificationReport.Failure failure = report.firstFailure();
            out.println("result:       FAILED at position %d: %s".formatted(failure.position(), failure.problem()));
            out.println("detail:       " + failure.detail());
        }
    }

    /** A line that is not a record of the stream, or contradicts itself. */
    static final class MalformedLine extends Exception {
        MalformedLine(String message) {
            super(message);
        }
    }

    /**
     * One line's record; null for a header line. A line whose decoded {@code payload} or
     * {@code metadata} does not match its base64 bytes contradicts itself and is malformed.
     */
    static AuditRecord record(Map<String, Object> node) throws MalformedLine {
        Object kind = node.get("kind");
        try {
            if ("event".equals(kind)) {
                byte[] metadata = bytes(node, "metadataBase64");
                byte[] payload = bytes(node, "payloadBase64");
                if (payload == null) {
                    throw new MalformedLine("an event needs payloadBase64");
                }
                requireAgreement(node, "metadata", metadata);
                requireAgreement(node, "payload", payload);
                AuditEvent event = new AuditEvent(required(node, "position"), text(node, "eventId"), text(node, "aggregateType"),
                        text(node, "aggregateId"), required(node, "sequenceNumber"), text(node, "timestamp"),
                        text(node, "payloadType"), text(node, "payloadRevision"), metadata, payload);
                return new AuditRecord.Event(event, text(node, "link"));
            }
            if ("missing".equals(kind)) {
                return new AuditRecord.Missing(required(node, "position"), text(node, "link"));
            }
            if ("checkpoint".equals(kind)) {
                return new AuditRecord.Signed(new Checkpoint(required(node, "position"), required(node, "count"),
                        text(node, "head"), text(node, "sealedAt"), text(node, "keyId"), text(node, "signature")));
            }
            if ("header".equals(kind)) {
                return null;
            }
            throw new MalformedLine("unknown kind '" + kind + "'");
        } catch (NullPointerException | IllegalArgumentException | ArithmeticException e) {
            throw new MalformedLine("a %s line is incomplete or invalid: %s".formatted(kind, e.getMessage()));
        }
    }

    private static void requireAgreement(Map<String, Object> node, String field, byte[] bytes) throws MalformedLine {
        if (!node.containsKey(field)) {
            return;
        }
        String shown = node instanceof JsonLine.Fields fields ? fields.raw(field) : null;
        if (bytes != null && shown != null && shown.equals(new String(bytes, StandardCharsets.UTF_8))) {
            return; // the export shows the stored JSON as it is (its writer passes it through): no need to parse it again
        }
        if (!Objects.equals(readable(bytes), node.get(field))) {
            throw new MalformedLine("'%s' does not match the bytes in '%sBase64'".formatted(field, field));
        }
    }

    /** What the export shows beside the bytes: their JSON, or null when they are not JSON. */
    private static Object readable(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return JsonLine.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    private static Map<String, Object> parse(String line) {
        if (line == null) {
            return null;
        }
        try {
            return JsonLine.exportLine(line);
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    private static long required(Map<String, Object> node, String field) throws MalformedLine {
        if (!(node.get(field) instanceof BigDecimal number)) {
            throw new MalformedLine("'%s' is missing or not a number".formatted(field));
        }
        return number.longValueExact();
    }

    private static long number(Map<String, Object> node, String field) {
        return node.get(field) instanceof BigDecimal number ? number.longValueExact() : 0;
    }

    private static String text(Map<String, Object> node, String field) {
        Object value = node.get(field);
        return value == null ? null : value.toString();
    }

    private static byte[] bytes(Map<String, Object> node, String field) throws MalformedLine {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedLine("'%s' is not base64".formatted(field));
        }
    }
}
