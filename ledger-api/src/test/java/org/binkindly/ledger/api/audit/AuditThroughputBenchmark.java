package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.core.audit.AuditEvent;
import org.binkindly.ledger.core.audit.AuditKeys;
import org.binkindly.ledger.core.audit.AuditRecord;
import org.binkindly.ledger.core.audit.EventAuthentication;
import org.binkindly.ledger.core.audit.ExportVerification;
import org.binkindly.ledger.core.audit.HashChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The export's and the offline verifier's own cost, without HTTP or PostgreSQL: how many records per second the NDJSON
 * writer turns out, and how many the verifier checks, with and without writer signatures (so the signature checks'
 * share shows). Printed, never asserted; off by default:
 * <pre>./mvnw -B -o -q test -pl ledger-api -am -Dtest=AuditThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 *     -Dbenchmark=true [-Dbenchmark.events=100000] [-Dbenchmark.signed-events=5000]</pre>
 * and read {@code ledger-api/target/audit-throughput.txt}. Run it with -Xmx256m (surefire's argLine) for the P4 heap bound.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class AuditThroughputBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private final List<String> figures = new ArrayList<>();

    @Test
    void measureExportAndVerification() throws Exception {
        int events = Integer.getInteger("benchmark.events", 100_000);
        int signedEvents = Integer.getInteger("benchmark.signed-events", 5_000);
        figures.add("audit throughput: %,d events (~470 B payload), %d cores, max heap %d MB, load average %.1f".formatted(events,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));

        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            figures.add("round " + (round + 1));
            long started = System.nanoTime();
            try (JsonGenerator out = JSON.getFactory().createGenerator(OutputStream.nullOutputStream())) {
                for (int i = 1; i <= events; i++) {
                    JSON.writeTree(out, AuditJson.toJson(JSON, record(i, null)));
                    out.writeRaw('\n');
                }
            }
            report("export writer, tree per record (before)", events, started);
            started = System.nanoTime();
            try (JsonGenerator out = JSON.getFactory().createGenerator(OutputStream.nullOutputStream())) {
                for (int i = 1; i <= events; i++) {
                    AuditJson.write(JSON, out, record(i, null));
                    out.writeRaw('\n');
                }
            }
            report("export writer, streaming (after)", events, started);
        }

        KeyPair key = AuditKeys.generate();
        Path unsigned = export(events, null);
        Path signed = export(signedEvents, key);
        for (int round = 0; round < 2; round++) {
            long started = System.nanoTime();
            ExportVerification.Outcome outcome = ExportVerification.verify(unsigned, List.of(key.getPublic()), List.of());
            report("verify offline, no writer signatures (intact=%s)".formatted(outcome.report().intact()), events, started);
            started = System.nanoTime();
            outcome = ExportVerification.verify(signed, List.of(key.getPublic()), List.of());
            report("verify offline, every event signed (intact=%s)".formatted(outcome.report().intact()), signedEvents, started);
        }
        String text = String.join("\n", figures) + "\n";
        System.out.print(text);
        Files.writeString(Path.of("target", "audit-throughput.txt"), text);
    }

    /** A complete export of synthetic events with their sealed links, signed with {@code key} when given. */
    private Path export(int events, KeyPair key) throws Exception {
        Path file = directory.resolve((key == null ? "unsigned" : "signed") + "-" + events + ".ndjson");
        HashChain chain = new HashChain();
        try (OutputStream bytes = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             JsonGenerator out = JSON.getFactory().createGenerator(bytes)) {
            out.writeRaw("{\"kind\":\"header\",\"format\":\"" + ExportVerification.FORMAT
                    + "\",\"exportedAt\":\"2026-12-04T00:00:00Z\",\"complete\":true,\"after\":0}\n");
            for (int i = 1; i <= events; i++) {
                AuditEvent event = record(i, key).event();
                AuditJson.write(JSON, out, new AuditRecord.Event(event, chain.append(event)));
                out.writeRaw('\n');
            }
            out.writeRaw("{\"kind\":\"end\",\"events\":" + events + ",\"lastPosition\":" + events + "}\n");
        }
        return file;
    }

    private static final String TIMESTAMP = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();

    /** Shaped like SyntheticLog's events. */
    private static AuditRecord.Event record(long position, KeyPair key) {
        String hex = HexFormat.of().formatHex(Long.toString(position).getBytes(StandardCharsets.UTF_8));
        byte[] metadata = ("{\"actor\":\"bench\",\"requestId\":\"" + hex + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] payload = ("{\"n\":" + position + ",\"text\":\"" + hex.repeat(Math.max(1, 448 / hex.length())) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String eventId = "bench-evt-" + position;
        String aggregate = "bench-" + (position / 10);
        if (key != null) {
            metadata = EventAuthentication.sign(key.getPrivate(), AuditKeys.keyId(key.getPublic()), eventId, "Synthetic", aggregate,
                    position % 10, TIMESTAMP, "org.binkindly.ledger.bench.SyntheticEvent", "1", metadata, payload);
        }
        return new AuditRecord.Event(new AuditEvent(position, eventId, "Synthetic", aggregate, position % 10, TIMESTAMP,
                "org.binkindly.ledger.bench.SyntheticEvent", "1", metadata, payload), "00".repeat(32));
    }

    private void report(String what, long events, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        figures.add("  %-58s %,10d events in %7.2f s = %,9.0f events/s, heap used now %d MB".formatted(what, events, seconds,
                events / seconds, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20));
    }
}
