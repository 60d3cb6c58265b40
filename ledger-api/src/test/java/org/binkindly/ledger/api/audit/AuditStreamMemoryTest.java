package org.binkindly.ledger.api.audit;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.binkindly.ledger.adapters.audit.AuditSealer;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.StartedLedger;
import org.binkindly.ledger.api.support.SyntheticLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit stream's memory stays flat however long the log: 100,000 events (about 140 MB of
 * NDJSON) are streamed over HTTP while the client reads slowly, and the heap, measured after a
 * full collection at every 10 MB, never holds more than a fraction of what went through. The
 * server runs in this JVM, so its buffers would show. No timing is asserted.
 */
class AuditStreamMemoryTest {

    private static final int EVENTS = 100_000;
    /** What the whole export may at most add to the heap: far less than the export itself. */
    private static final long HEAP_BOUND = 48L * 1024 * 1024;

    @TempDir
    static Path directory;

    private static StartedLedger started;

    @BeforeAll
    static void aLongLog() {
        started = StartedLedger.start(directory.resolve("ledger"));
        // Only the stream is under test: the views and the sealer would read the same 100,000 events alongside.
        started.bean(AuditSealer.class).stop();
        started.bean(EventProcessingConfiguration.class).eventProcessors().values().forEach(EventProcessor::shutDown);
        SyntheticLog.append(started.jdbc(), EVENTS);
    }

    @AfterAll
    static void stop() {
        if (started != null) {
            started.close();
        }
    }

    @Test
    void streamingAHundredThousandEventsKeepsTheHeapFlat() throws Exception {
        long baseline = usedHeapAfterGc();
        long peak = baseline;
        long bytes = 0;
        long events = 0;
        String lastLine = null;
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(started.client().base() + "/audit/stream"))
                .header("Authorization", "Bearer " + LedgerClient.AUDREY_AUDITOR).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long nextSample = 10L * 1024 * 1024;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8), 64 * 1024)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                bytes += line.length() + 1;
                if (line.startsWith("{\"kind\":\"event\"")) {
                    events++;
                }
                lastLine = line;
                if (bytes >= nextSample) {
                    peak = Math.max(peak, usedHeapAfterGc());
                    nextSample += 10L * 1024 * 1024;
                }
            }
        }

        System.out.printf("audit stream: %d events, %d MB of NDJSON; heap after GC %d MB before, at most %d MB while streaming%n",
                events, bytes >> 20, baseline >> 20, peak >> 20);
        assertThat(events).isGreaterThanOrEqualTo(EVENTS);
        assertThat(lastLine).startsWith("{\"kind\":\"end\",\"events\":" + events);
        assertThat(bytes).as("the export is far larger than the heap bound").isGreaterThan(2 * HEAP_BOUND);
        assertThat(peak - baseline).as("heap growth while streaming %d MB, in MB", bytes >> 20)
                .isLessThan(HEAP_BOUND);
    }

    /**
     * A client that goes away mid-export: the log's reader thread, which reads ahead of the response, stops, and the
     * database connection its snapshot held goes back to the pool.
     */
    @Test
    void anExportItsClientLeavesStopsReadingAndGivesItsConnectionBack() throws Exception {
        HikariPoolMXBean pool = started.bean(HikariDataSource.class).getHikariPoolMXBean();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(started.client().base() + "/audit/stream"))
                .header("Authorization", "Bearer " + LedgerClient.AUDREY_AUDITOR).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(body.readNBytes(1 << 20)).hasSize(1 << 20);
            assertThat(readers()).as("the log's reader, while the export runs").isEqualTo(1);
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((readers() > 0 || pool.getActiveConnections() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(readers()).as("the log's reader, after the client left").isZero();
        assertThat(pool.getActiveConnections()).as("connections in use").isZero();
    }

    private static long readers() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals("audit-stream-read")).count();
    }

    static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
