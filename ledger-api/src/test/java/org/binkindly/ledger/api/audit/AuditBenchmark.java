package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.binkindly.ledger.adapters.audit.AuditSealer;
import org.binkindly.ledger.api.cli.LedgerCommandLine;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.StartedLedger;
import org.binkindly.ledger.api.support.SyntheticLog;
import org.binkindly.ledger.core.audit.CheckpointSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figures for the audit stream at size, printed, never asserted: sealing, NDJSON export (throughput
 * and heap), paging, verification over HTTP and offline. Off by default; run with
 * <pre>./mvnw -B -o test -pl ledger-api -am -Dtest=AuditBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true [-Dbenchmark.events=500000]</pre>
 * and read {@code ledger-api/target/audit-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class AuditBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private final List<String> figures = new ArrayList<>();

    @Test
    void measureTheAuditStreamAtSize() throws Exception {
        int events = Integer.getInteger("benchmark.events", 100_000);
        figures.add("audit benchmark: %,d synthetic events (~470 B payload, ~80 B metadata each), %d cores, max heap %d MB"
                .formatted(events, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20));
        try (StartedLedger ledger = StartedLedger.start(directory.resolve("ledger"))) {
            AuditSealer sealer = ledger.bean(AuditSealer.class);
            sealer.stop();
            ledger.bean(EventProcessingConfiguration.class).eventProcessors().values().forEach(EventProcessor::shutDown);

            long started = System.nanoTime();
            SyntheticLog.appendSigned(ledger.jdbc(), ledger.bean(CheckpointSigner.class), events);
            report("insert (JDBC batches, each event signed)", events, started, null);

            started = System.nanoTime();
            int sealed = 0;
            int checkpoints = 0;
            for (AuditSealer.Round round = sealer.sealNow(); round.sealed() > 0; round = sealer.sealNow()) {
                sealed += round.sealed();
                checkpoints += round.checkpoints();
            }
            report("seal (%d checkpoints signed and anchored)".formatted(checkpoints), sealed, started, null);

            String base = ledger.client().base();
            started = System.nanoTime();
            long[] export = readStream(base, false);
            report("export NDJSON over HTTP (%d MB)".formatted(export[1] >> 20), export[0], started, null);
            long baseline = usedHeapAfterGc();
            long[] measured = readStream(base, true);
            figures.add("  export heap: %d MB after GC before, at most %d MB after GC while streaming %d MB"
                    .formatted(baseline >> 20, measured[2] >> 20, measured[1] >> 20));

            started = System.nanoTime();
            long paged = 0;
            for (String next = "/audit/events?limit=1000"; next != null; ) {
                JsonNode page = JSON.readTree(ledger.client().get(next, LedgerClient.AUDREY_AUDITOR).text());
                paged += page.path("events").size();
                next = page.path("next").isNull() ? null : page.path("next").asText();
            }
            report("page JSON over HTTP (1,000 per page)", paged, started, null);

            started = System.nanoTime();
            JsonNode verdict = JSON.readTree(ledger.client().get("/audit/verification", LedgerClient.AUDREY_AUDITOR).text());
            report("verify over HTTP (intact=%s)".formatted(verdict.path("intact").asBoolean()), verdict.path("events").asLong(), started, null);

            Path file = directory.resolve("export.ndjson");
            Path key = directory.resolve("key.pem");
            download(base, file);
            Files.writeString(key, ledger.client().get("/audit/public-key", LedgerClient.AUDREY_AUDITOR).text());
            HeapSampler sampler = new HeapSampler();
            started = System.nanoTime();
            int exit = LedgerCommandLine.run(new String[]{"audit-verify", "--stream", file.toString(), "--public-key", key.toString()},
                    new PrintStream(OutputStream.nullOutputStream()), System.err);
            report("verify offline, %d MB file (exit %d)".formatted(Files.size(file) >> 20, exit), events, started, sampler.stop());

            // The same, in a JVM of its own capped at 64 MB of heap: it can only finish if it reads line by line.
            started = System.nanoTime();
            Process capped = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), "org.binkindly.ledger.api.LedgerApplication", "audit-verify",
                    "--stream", file.toString(), "--public-key", key.toString()).redirectErrorStream(true).start();
            String output = new String(capped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int cappedExit = capped.waitFor();
            report("verify offline in a -Xmx64m JVM (exit %d, %s)".formatted(cappedExit,
                    output.lines().filter(line -> line.startsWith("result:")).findFirst().orElse(output.strip())),
                    events, started, null);
        }
        String text = String.join("\n", figures) + "\n";
        System.out.print(text);
        Files.writeString(Path.of("target", "audit-benchmark.txt"), text);
    }

    private long[] readStream(String base, boolean sampleHeap) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/audit/stream"))
                .header("Authorization", "Bearer " + LedgerClient.AUDREY_AUDITOR).timeout(Duration.ofHours(1)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long events = 0;
        long bytes = 0;
        long peak = 0;
        long nextSample = 20L << 20;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8), 1 << 16)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                bytes += line.length() + 1;
                if (line.startsWith("{\"kind\":\"event\"")) {
                    events++;
                }
                if (sampleHeap && bytes >= nextSample) {
                    peak = Math.max(peak, usedHeapAfterGc());
                    nextSample += 20L << 20;
                }
            }
        }
        return new long[]{events, bytes, peak};
    }

    private static void download(String base, Path file) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/audit/stream"))
                .header("Authorization", "Bearer " + LedgerClient.AUDREY_AUDITOR).timeout(Duration.ofHours(1)).build(),
                HttpResponse.BodyHandlers.ofFile(file));
    }

    private void report(String what, long events, long startedNanos, Long peakHeap) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        figures.add("  %-52s %,10d events in %7.2f s = %,9.0f events/s%s".formatted(what, events, seconds, events / seconds,
                peakHeap == null ? "" : ", heap used at most %d MB (no forced GC)".formatted(peakHeap >> 20)));
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Samples heap use every 20 ms without forcing a collection: an upper bound of live data plus garbage. */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        HeapSampler() {
            thread = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peak.get();
        }
    }
}
