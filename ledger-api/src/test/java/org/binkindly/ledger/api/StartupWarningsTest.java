package org.binkindly.ledger.api;

import org.binkindly.ledger.api.support.LedgerNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start of the ledger logs no warning from Spring's annotation model about Axon's annotations
 * (convention-based attribute overrides without {@code @AliasFor}, which Spring 7 drops). Spring
 * logs each such warning once per JVM, so the ledger starts in a JVM of its own: an earlier test
 * in this JVM would otherwise have used the warnings up.
 *
 * <p>Spring's own post-processors ({@code @EventListener}, {@code @Transactional} lookup) read every
 * bean's method annotations, so no object with Axon's {@code @EventHandler} methods may be a Spring
 * bean (api.config's {@code AxonMessageHandlers} registers them with Axon instead).
 */
class StartupWarningsTest {

    @Test
    void aStartLogsNoAnnotationMappingWarning(@TempDir Path dataDir) throws Exception {
        List<String> output = startAndStop(dataDir);

        assertThat(output).as("the ledger started").anyMatch(line -> line.contains("Started LedgerApplication"));
        List<String> annotationMappingWarnings = output.stream()
                .filter(line -> line.contains("AnnotationTypeMapping") || line.contains("convention-based annotation"))
                .toList();
        assertThat(annotationMappingWarnings).as("warnings of Spring's annotation mapping").isEmpty();
    }

    /** The ledger's console output (the test logging configuration: warnings, and the ledger's own INFO) until it started. */
    private static List<String> startAndStop(Path dataDir) throws IOException, InterruptedException {
        Process ledger = new ProcessBuilder(LedgerNodes.command(LedgerNodes.ledgerCommand("512m"),
                "--server.port=0", "--spring.profiles.active=test", "--ledger.data-dir=" + dataDir))
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(ledger.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    System.out.println("[started ledger] " + line);
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.contains("Started LedgerApplication")) {
                        return;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            started.get(8, TimeUnit.MINUTES); // an embedded initdb on a busy machine takes minutes
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the assertions say what was missing; the output so far is in the test's log
        } finally {
            ledger.destroy(); // SIGTERM: its shutdown hooks stop the embedded PostgreSQL
            if (!ledger.waitFor(60, TimeUnit.SECONDS)) {
                ledger.destroyForcibly();
            }
        }
        synchronized (output) {
            return List.copyOf(output);
        }
    }
}
